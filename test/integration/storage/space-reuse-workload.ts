/**
 * The workload of the space-reuse tests (issue 15): OBJECTS inline objects per cycle under new
 * keys, written IN_FLIGHT at a time, deleted, written again, CYCLES times.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';

export const OBJECTS = 200;
export const IN_FLIGHT = 16;
export const CYCLES = 3;

/** 24..56 KiB: inline (< 64 KiB), and every drive's shard an LMDB overflow value of several pages. */
export function body(i: number, cycle: number): Buffer {
  const b = Buffer.alloc(24 * 1024 + ((i * 7919) % (32 * 1024)));
  for (let j = 0; j + 4 <= b.length; j += 4096) b.writeUInt32BE((i * 131 + cycle * 17 + j) >>> 0, j);
  return b;
}

export const objectKey = (i: number, cycle: number): string => `c${cycle}/obj-${String(i).padStart(4, '0')}`;

/** `fn` over `items`, IN_FLIGHT at a time. */
export async function pool<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** The size of each drive's data.mdb (drive directories as given). */
export const mdbSizes = (drives: readonly string[]): number[] => drives.map((d) => statSync(join(d, '.cairn', 'meta', 'data.mdb')).size);
