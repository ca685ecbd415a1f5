/**
 * `cairn admin kms status | kms key create NAME | kms key status [NAME] | kms key list [PATTERN]
 *  | kms key rotate NAME | kms reseal [--bucket B] [--wait] | kms reseal status
 *  | kms account set ACCOUNT KEY | kms account info ACCOUNT`.
 */
import { UsageError, type AdminArgs } from './admin-args.js';

export type KmsCommand = 'kms-status' | 'kms-key-create' | 'kms-key-status' | 'kms-key-list' | 'kms-account-set' | 'kms-account-info'
  | 'kms-key-rotate' | 'kms-reseal' | 'kms-reseal-status';

const USAGE = 'usage: cairn admin kms status | kms key create NAME | kms key status [NAME] | kms key list [PATTERN] | kms key rotate NAME'
  + ' | kms reseal [--bucket B] [--wait] | kms reseal status | kms account set ACCOUNT KEY | kms account info ACCOUNT';

export function kmsArgs(words: readonly string[]): Pick<AdminArgs, 'command' | 'keyId' | 'pattern' | 'account'> {
  const [, first, second, name, ...rest] = words;
  if (rest.length > 0 && !(first === 'account' && second === 'set')) throw new UsageError(USAGE);
  if (first === 'status' && second === undefined) return { command: 'kms-status' };
  if (first === 'reseal') {
    if (second === undefined) return { command: 'kms-reseal' };
    if (second === 'status' && name === undefined) return { command: 'kms-reseal-status' };
    throw new UsageError(USAGE);
  }
  if (first === 'account') {
    if (second === 'set' && name !== undefined && words[4] !== undefined && words.length === 5) return { command: 'kms-account-set', account: name, keyId: words[4] };
    if (second === 'info' && name !== undefined && words.length === 4) return { command: 'kms-account-info', account: name };
    throw new UsageError(USAGE);
  }
  if (first !== 'key') throw new UsageError(USAGE);
  if (second === 'create') {
    if (name === undefined) throw new UsageError('kms key create needs a key name');
    return { command: 'kms-key-create', keyId: name };
  }
  if (second === 'rotate') {
    if (name === undefined) throw new UsageError('kms key rotate needs a key name');
    return { command: 'kms-key-rotate', keyId: name };
  }
  if (second === 'status') return { command: 'kms-key-status', ...(name !== undefined ? { keyId: name } : {}) };
  if (second === 'list') return { command: 'kms-key-list', ...(name !== undefined ? { pattern: name } : {}) };
  throw new UsageError(USAGE);
}
