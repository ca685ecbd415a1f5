/**
 * The deployment's IAM sealing key (secret-seal.ts): system object `iam/seal-key.json`
 * `{"version":1,"key":"<base64 of 32 bytes>"}`, created by the first process that needs it;
 * a process that loses the creation race waits for the winner's key and uses it.
 */
import { randomBytes } from 'node:crypto';
import { CorruptRecordError } from '../../errors/domain-errors.js';
import { SystemStore } from '../../object/index.js';
import { SEAL_KEY_OBJECT } from './account-doc.js';

function decodeKey(doc: unknown): Buffer {
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as { version?: unknown; key?: unknown };
  const key = typeof d.key === 'string' ? Buffer.from(d.key, 'base64') : Buffer.alloc(0);
  if (d.version !== 1 || key.length !== 32) {
    throw new CorruptRecordError(`${SystemStore.location(SEAL_KEY_OBJECT)}: not a version 1 sealing key`);
  }
  return key;
}

export async function loadSealKey(system: SystemStore): Promise<Buffer> {
  const stored = await system.getJson(SEAL_KEY_OBJECT);
  if (stored !== undefined) return decodeKey(stored);
  const key = randomBytes(32);
  // A --workers process that loses the creation race waits for the winner's key (SystemStore.getCreated).
  return decodeKey((await system.createOrGetJson(SEAL_KEY_OBJECT, { version: 1, key: key.toString('base64') })).doc);
}
