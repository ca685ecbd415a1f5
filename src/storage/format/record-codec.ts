/**
 * Framing shared by every record Cairn stores in a drive's metadata store.
 *
 * Wire layout of a stored value (all records, all kinds):
 *
 *   byte 0     0xCA                      magic ("CAirn")
 *   byte 1     kind                      'O' object record, 'B' bucket record,
 *                                        'C' bucket config doc, 'D' data-dir index entry,
 *                                        'U' multipart upload, 'P' uploaded part (multipart/)
 *   byte 2     format version (uint8)    1 today; bumped for any shape change
 *   byte 3..   msgpack payload           (msgpackr, no records/structures extension)
 *
 * Decoding checks magic, kind and version before unpacking and throws CorruptRecordError on
 * anything unexpected: never a plausible default. A newer-than-known version is also corrupt
 * for this binary (a downgrade is not supported). Older versions go through the kind's
 * migration chain (see object-record-migrations.ts).
 * Pure: no I/O (layer L2).
 */
import { Packr, Unpackr } from 'msgpackr';
import { CorruptRecordError } from '../../errors/domain-errors.js';

export const RECORD_MAGIC = 0xca;
export type RecordKind = 'O' | 'B' | 'C' | 'D' | 'U' | 'P';

const packr = new Packr({ useRecords: false, moreTypes: false, bundleStrings: false, variableMapSize: true });
const unpackr = new Unpackr({ useRecords: false, mapsAsObjects: true, moreTypes: false, bundleStrings: false });

/** Frame `payload` as a record of `kind` at format `version`; the result owns its memory. */
export function frameRecord(kind: RecordKind, version: number, payload: unknown): Buffer {
  const body = packr.pack(payload);
  const out = Buffer.allocUnsafe(3 + body.length);
  out[0] = RECORD_MAGIC;
  out[1] = kind.charCodeAt(0);
  out[2] = version;
  body.copy(out, 3);
  return out;
}

export interface UnframedRecord {
  readonly version: number;
  readonly payload: unknown;
}

/** Check the header and unpack the payload (shape not yet validated). */
export function unframeRecord(kind: RecordKind, buf: unknown, maxVersion: number): UnframedRecord {
  if (!(buf instanceof Uint8Array)) throw new CorruptRecordError('not a buffer');
  if (buf.length < 4) throw new CorruptRecordError(`record too short (${buf.length} bytes)`);
  if (buf[0] !== RECORD_MAGIC) throw new CorruptRecordError('bad magic');
  if (buf[1] !== kind.charCodeAt(0)) throw new CorruptRecordError(`expected a '${kind}' record, found kind ${buf[1]}`);
  const version = buf[2]!;
  if (version < 1 || version > maxVersion) throw new CorruptRecordError(`unknown ${kind} record version ${version}`);
  let payload: unknown;
  try {
    payload = unpackr.unpack(buf.subarray(3));
  } catch (err) {
    throw new CorruptRecordError('undecodable payload', { cause: err });
  }
  return { version, payload };
}

// ---- small validators used by the per-kind decoders ----

export type Obj = Record<string, unknown>;

export function asObj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Buffer.isBuffer(v)) throw new CorruptRecordError(`${what}: expected a map`);
  return v as Obj;
}
export function asStr(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new CorruptRecordError(`${what}: expected a string`);
  return v;
}
export function asOptStr(v: unknown, what: string): string | undefined {
  return v === undefined || v === null ? undefined : asStr(v, what);
}
export function asInt(v: unknown, what: string, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new CorruptRecordError(`${what}: expected an integer >= ${min}`);
  return v;
}
export function asBool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') throw new CorruptRecordError(`${what}: expected a boolean`);
  return v;
}
export function asBuf(v: unknown, what: string): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  throw new CorruptRecordError(`${what}: expected bytes`);
}
export function asArr(v: unknown, what: string): unknown[] {
  if (!Array.isArray(v)) throw new CorruptRecordError(`${what}: expected an array`);
  return v;
}
export function asStrMap(v: unknown, what: string): Record<string, string> {
  const o = asObj(v, what);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(o)) out[k] = asStr(val, `${what}.${k}`);
  return out;
}
