/**
 * The deployment's IAM sealing key (secret-seal.ts): system object `iam/seal-key.json`
 * `{"version":1,"key":"<base64 of 32 bytes>"}`, created by the first process that needs it;
 * a process that loses the creation race waits for the winner's key and uses it.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
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

/** How long a process that lost the creation race waits for the winner's key to be readable. */
const RACE_WAIT_MS = 10_000;
const RACE_POLL_MS = 50;

export async function loadSealKey(system: SystemStore): Promise<Buffer> {
  const stored = await system.getJson(SEAL_KEY_OBJECT);
  if (stored !== undefined) return decodeKey(stored);
  const key = randomBytes(32);
  if (await system.createJson(SEAL_KEY_OBJECT, { version: 1, key: key.toString('base64') })) return key;
  // Lost the race (another --workers process created it at the same moment): its commit can be
  // on the arbiter drive and not yet on a read quorum, so wait for it (bounded).
  for (const until = Date.now() + RACE_WAIT_MS; ;) {
    const winner = await system.getJson(SEAL_KEY_OBJECT);
    if (winner !== undefined) return decodeKey(winner);
    if (Date.now() >= until) {
      throw new CorruptRecordError(`${SystemStore.location(SEAL_KEY_OBJECT)}: the store refused a first write but holds no key`);
    }
    await delay(RACE_POLL_MS);
  }
}
