/** `cairn admin kms status | kms key create NAME | kms key status [NAME] | kms key list [PATTERN]`. */
import { UsageError, type AdminArgs } from './admin-args.js';

export type KmsCommand = 'kms-status' | 'kms-key-create' | 'kms-key-status' | 'kms-key-list';

const USAGE = 'usage: cairn admin kms status | kms key create NAME | kms key status [NAME] | kms key list [PATTERN]';

export function kmsArgs(words: readonly string[]): Pick<AdminArgs, 'command' | 'keyId' | 'pattern'> {
  const [, first, second, name, ...rest] = words;
  if (rest.length > 0) throw new UsageError(USAGE);
  if (first === 'status' && second === undefined) return { command: 'kms-status' };
  if (first !== 'key') throw new UsageError(USAGE);
  if (second === 'create') {
    if (name === undefined) throw new UsageError('kms key create needs a key name');
    return { command: 'kms-key-create', keyId: name };
  }
  if (second === 'status') return { command: 'kms-key-status', ...(name !== undefined ? { keyId: name } : {}) };
  if (second === 'list') return { command: 'kms-key-list', ...(name !== undefined ? { pattern: name } : {}) };
  throw new UsageError(USAGE);
}
