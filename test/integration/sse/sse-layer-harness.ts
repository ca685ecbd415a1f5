/**
 * Shared setup of the object-layer SSE tests: a harness (object-layer-harness.ts) whose layer
 * has a built-in KMS with one master key, or none; encryption requests of every mode; and a
 * scan of every file under the drives for a byte pattern (the marker test).
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BuiltinKms, type SseCipher } from '../../../src/crypto/index.js';
import type { OpenBatchPool } from '../../../src/object/index.js';
import type { CustomerKey, EncryptionRequest } from '../../../src/object/object-layer.js';
import { customerKeyMd5 } from '../../../src/object/sse/sse-keys.js';
import { openHarness, type Harness } from '../object-layer-harness.js';

export const KMS_KEY = 'cairn-test-key';

export async function openSseHarness(drives: number, opts: { kms?: boolean; cipher?: SseCipher; openPool?: OpenBatchPool } = {}): Promise<Harness> {
  const kms = opts.kms === false ? undefined : new BuiltinKms({ keys: [{ name: KMS_KEY, key: randomBytes(32) }] });
  return openHarness(drives, {
    sse: { cipher: opts.cipher ?? 'aes-256-gcm', ...(kms ? { kms, defaultKeyId: KMS_KEY } : {}) },
    ...(opts.openPool ? { openPool: opts.openPool } : {}),
  });
}

export function customerKey(seed = 1): CustomerKey {
  const key = Buffer.alloc(32, seed);
  return { key, keyMd5: customerKeyMd5(key) };
}

export const MODES: readonly { readonly name: string; readonly enc: EncryptionRequest; readonly ck?: CustomerKey }[] = [
  { name: 'SSE-S3', enc: { mode: 'SSE-S3' } },
  { name: 'SSE-KMS', enc: { mode: 'SSE-KMS', keyId: KMS_KEY, context: { project: 'x' } } },
  { name: 'SSE-C', enc: { mode: 'SSE-C', customerKey: customerKey() }, ck: customerKey() },
];

/** Every regular file under `dir`, recursively. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...await filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The files under `dir` that contain `pattern`. */
export async function filesContaining(dir: string, pattern: Buffer): Promise<string[]> {
  const hits: string[] = [];
  for (const f of await filesUnder(dir)) if ((await readFile(f)).includes(pattern)) hits.push(f);
  return hits;
}
