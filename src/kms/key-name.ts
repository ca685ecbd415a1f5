/** KMS key names Cairn sends in URL paths: letters, digits, `-`, `_`, `.`; 1..128 characters. */
import { KmsKeyNotFoundError } from '../errors/domain-errors.js';

const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** The name itself, or KmsKeyNotFoundError: no KMS can hold a key by a name Cairn would not send. */
export function checkedKeyName(keyId: string): string {
  if (!KEY_NAME.test(keyId) || keyId.includes('..')) throw new KmsKeyNotFoundError(keyId);
  return keyId;
}
