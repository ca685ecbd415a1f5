/**
 * Parsing of a built-in KMS master key given as `NAME:BASE64KEY` (CAIRN_KMS_SECRET_KEY):
 * NAME is 1-128 characters of `A-Z a-z 0-9 . _ -` starting with a letter or digit, BASE64KEY
 * the standard base64 (with padding) of exactly 32 bytes. Every refusal is a KmsConfigError
 * whose message names the variable and what is wrong, never the key bytes.
 * Reading `CAIRN_KMS_SECRET_KEY_FILE` is the caller's (config/) job: this module does no I/O.
 */
import { KmsConfigError } from '../errors/domain-errors.js';
import { KEY_BYTES } from './cipher-suite.js';

export interface MasterKey {
  readonly name: string;
  readonly key: Buffer;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The master key of `value` (`NAME:BASE64KEY`); `source` names where it came from in errors. */
export function parseMasterKey(value: string, source = 'CAIRN_KMS_SECRET_KEY'): MasterKey {
  const text = value.trim();
  const colon = text.indexOf(':');
  if (colon < 0) throw new KmsConfigError(`${source}: expected NAME:BASE64KEY (a key name, a colon, a base64 32-byte key)`);
  const name = text.slice(0, colon);
  const encoded = text.slice(colon + 1);
  if (name.length === 0) throw new KmsConfigError(`${source}: the key name before ':' is empty`);
  if (!NAME.test(name)) {
    throw new KmsConfigError(`${source}: key name ${JSON.stringify(name)} must be 1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit`);
  }
  if (encoded.length === 0) throw new KmsConfigError(`${source}: the key of ${name} after ':' is empty`);
  if (!BASE64.test(encoded)) throw new KmsConfigError(`${source}: the key of ${name} is not valid base64`);
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new KmsConfigError(`${source}: the key of ${name} must decode to ${KEY_BYTES} bytes, got ${key.length}`);
  }
  return { name, key };
}
