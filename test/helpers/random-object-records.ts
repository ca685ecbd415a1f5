/** Random object records (seeded): every optional field, delete markers, tombstones (format tests). */
import type { ObjectRecord, ObjectVersionRecord } from '../../src/storage/format/index.js';

export function hex(rand: () => number, n = 32): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rand() * 16)];
  return s;
}

function randomVersion(rand: () => number, mtime: number, i: number): ObjectVersionRecord {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const isDeleteMarker = rand() < 0.2;
  const writeId = hex(rand);
  const text = pick(['plain', 'ünïcödé', 'x'.repeat(40), '', 'a"b<c>']);
  const meta: Record<string, string> = rand() < 0.5 ? {} : { 'content-disposition': text, [`k${i}`]: 'v' };
  const base: ObjectVersionRecord = {
    versionId: rand() < 0.3 ? 'null' : writeId, writeId, isDeleteMarker, mtime, size: pick([0, 64, 70_000, 5 * 2 ** 40]),
    etag: isDeleteMarker ? '' : hex(rand), contentType: pick(['application/octet-stream', text]),
    userMetadata: rand() < 0.5 ? {} : { a: text }, systemMetadata: meta, storageClass: pick(['STANDARD', 'REDUCED_REDUNDANCY']),
  };
  if (isDeleteMarker) return base;
  const k = pick([1, 2, 4]);
  const m = pick([0, 2]);
  const v: ObjectVersionRecord = {
    ...base,
    erasure: { k, m, blockSize: pick([1, 1048576]), distribution: Array.from({ length: k + m }, (_, j) => j + 1), bitrot: 'crc32c' },
    ...(rand() < 0.5 ? { inline: Buffer.alloc(Math.floor(rand() * 300), 9) } : { dataId: hex(rand) }),
    ...(rand() < 0.3 ? { checksum: { algorithm: pick(['CRC32', 'CRC64NVME', 'SHA256'] as const), type: pick(['FULL_OBJECT', 'COMPOSITE'] as const), value: 'AAAA==' } } : {}),
    ...(rand() < 0.3 ? { parts: [{ number: 1, size: 5 << 20, etag: hex(rand) }, { number: 2, size: 1, etag: hex(rand), checksum: { algorithm: 'CRC32' as const, type: 'COMPOSITE' as const, value: 'x' } }] } : {}),
    ...(rand() < 0.2 ? { metaWriteId: hex(rand) } : {}),
    ...(rand() < 0.2 ? { uploadId: hex(rand) } : {}),
  };
  // A plain PUT's version from format v3 on: its data file, no data dir.
  return v.dataId !== undefined && v.parts === undefined && rand() < 0.5 ? { ...v, dataFile: true } : v;
}

export function randomRecord(rand: () => number): ObjectRecord {
  const n = Math.floor(rand() * 4);
  const t0 = 1_764_200_000_000 + Math.floor(rand() * 1e9);
  const versions = Array.from({ length: n }, (_, i) => randomVersion(rand, t0 - i * 1000, i));
  const removedCount = n === 0 ? 1 + Math.floor(rand() * 3) : Math.floor(rand() * 3);
  const removed = Array.from({ length: removedCount }, (_, i) => ({ writeId: hex(rand), mtime: t0 - 5000, at: t0 + 10_000 - i * 10 }));
  return { versions, removed };
}
