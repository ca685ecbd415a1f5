/**
 * Listing summary of an object record (kind 'L', format v1): what a listing shows of a key,
 * stored at `l/<bucket>/<key>` next to the record at `o/<bucket>/<key>`, written in the same
 * LMDB transaction (storage/drive/listing-summary-index.ts), so a listing page decodes ~150
 * bytes per key instead of the whole record (inline payload, erasure layout, msgpack field
 * names).
 *
 * It is the record without the data location: every version with versionId, writeId,
 * metaWriteId, isDeleteMarker, mtime, size, etag, contentType, user and system metadata,
 * storageClass, checksum and parts (no erasure, dataId, inline, uploadId), and every removed
 * entry. So recordIdentity, compareRecency and toObjectInfo give the same answers on a
 * summary as on the record it was made from (listing-summary.test.ts compares them).
 * A record that does not decode gets a summary saying so (`isCorrupt`): decoding it throws
 * CorruptRecordError, as the record would.
 *
 * Wire layout (after the 3-byte record header `CA 'L' 01`), positional, no field names:
 *   u8 state (0 record, 1 corrupt record: nothing follows)
 *   uv nVersions, per version:
 *     str versionId, str writeId, str metaWriteId ('' = none), u8 flags (1 delete marker,
 *     2 checksum, 4 parts), uv mtime, uv size, str etag, str contentType, map userMetadata,
 *     map systemMetadata, str storageClass, [checksum], [uv nParts, per part: uv number,
 *     uv size, str etag, u8 hasChecksum, [checksum]]
 *   uv nRemoved, per entry: str writeId, uv mtime, uv at
 * uv = unsigned LEB128 (safe integers), str = uv byte length + UTF-8, map = uv n + n (str, str),
 * checksum = str algorithm, str type, str value. Pure (layer L2).
 */
import { CorruptRecordError } from '../../errors/domain-errors.js';
import { RECORD_MAGIC } from './record-codec.js';
import type {
  ChecksumAlgorithm, ChecksumRecord, ChecksumType, ObjectRecord, ObjectVersionRecord, PartRecord, RemovedVersionRecord,
} from './object-record.js';

export const LISTING_SUMMARY_VERSION = 1;
/** Object records live under `o/`, their summaries under `l/` with the same rest of the key. */
export const RECORD_KEY_PREFIX = 'o/';
export const SUMMARY_KEY_PREFIX = 'l/';
/** `l/<bucket>/<key>` of `o/<bucket>/<key>` (and back): same length, so offsets carry over. */
export const summaryKeyOf = (recordKey: string): string => SUMMARY_KEY_PREFIX + recordKey.slice(RECORD_KEY_PREFIX.length);
export const recordKeyOf = (summaryKey: string): string => RECORD_KEY_PREFIX + summaryKey.slice(SUMMARY_KEY_PREFIX.length);
const KIND_L = 'L'.charCodeAt(0);
const STATE_RECORD = 0;
const STATE_CORRUPT = 1;
const F_DELETE_MARKER = 1;
const F_CHECKSUM = 2;
const F_PARTS = 4;
const ALGS: ReadonlySet<string> = new Set(['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256']);
const TYPES: ReadonlySet<string> = new Set(['FULL_OBJECT', 'COMPOSITE']);

/** Growing output buffer of the encoder. */
class Writer {
  #b = Buffer.allocUnsafe(256);
  #p = 0;

  #room(n: number): void {
    if (this.#p + n <= this.#b.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.#b.length * 2, this.#p + n));
    this.#b.copy(next, 0, 0, this.#p);
    this.#b = next;
  }

  u8(v: number): void { this.#room(1); this.#b[this.#p++] = v; }

  uv(v: number): void {
    if (!Number.isSafeInteger(v) || v < 0) throw new CorruptRecordError(`listing summary: ${v} is not an unsigned integer`);
    this.#room(8);
    while (v >= 0x80) {
      this.#b[this.#p++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.#b[this.#p++] = v;
  }

  str(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    this.uv(n);
    this.#room(n);
    this.#p += this.#b.write(s, this.#p, 'utf8');
  }

  map(m: Readonly<Record<string, string>>): void {
    const keys = Object.keys(m);
    this.uv(keys.length);
    for (const k of keys) { this.str(k); this.str(m[k]!); }
  }

  bytes(): Buffer {
    const out = Buffer.allocUnsafe(this.#p);
    this.#b.copy(out, 0, 0, this.#p);
    return out;
  }
}

function header(w: Writer, state: number): void {
  w.u8(RECORD_MAGIC); w.u8(KIND_L); w.u8(LISTING_SUMMARY_VERSION); w.u8(state);
}

function writeChecksum(w: Writer, c: ChecksumRecord): void { w.str(c.algorithm); w.str(c.type); w.str(c.value); }

/** The summary of a decoded record. */
export function encodeListingSummary(rec: ObjectRecord): Buffer {
  const w = new Writer();
  header(w, STATE_RECORD);
  w.uv(rec.versions.length);
  for (const v of rec.versions) {
    w.str(v.versionId); w.str(v.writeId); w.str(v.metaWriteId ?? '');
    w.u8((v.isDeleteMarker ? F_DELETE_MARKER : 0) | (v.checksum ? F_CHECKSUM : 0) | (v.parts ? F_PARTS : 0));
    w.uv(v.mtime); w.uv(v.size); w.str(v.etag); w.str(v.contentType);
    w.map(v.userMetadata); w.map(v.systemMetadata); w.str(v.storageClass);
    if (v.checksum) writeChecksum(w, v.checksum);
    if (v.parts) {
      w.uv(v.parts.length);
      for (const p of v.parts) {
        w.uv(p.number); w.uv(p.size); w.str(p.etag); w.u8(p.checksum ? 1 : 0);
        if (p.checksum) writeChecksum(w, p.checksum);
      }
    }
  }
  w.uv(rec.removed.length);
  for (const r of rec.removed) { w.str(r.writeId); w.uv(r.mtime); w.uv(r.at); }
  return w.bytes();
}

/** The summary of a record that does not decode: listings treat the copy as unreadable. */
export function encodeCorruptListingSummary(): Buffer {
  const w = new Writer();
  header(w, STATE_CORRUPT);
  return w.bytes();
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

class Reader {
  p: number;
  constructor(readonly b: Buffer, p: number) { this.p = p; }

  fail(what: string): never { throw new CorruptRecordError(`listing summary: ${what}`); }

  u8(): number {
    if (this.p >= this.b.length) this.fail('truncated');
    return this.b[this.p++]!;
  }

  uv(): number {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      const c = this.u8();
      v += (c & 0x7f) * mul;
      if (c < 0x80) {
        if (!Number.isSafeInteger(v)) this.fail('integer out of range');
        return v;
      }
      mul *= 0x80;
    }
    return this.fail('integer too long');
  }

  str(): string {
    const n = this.uv();
    const b = this.b;
    const start = this.p;
    const end = start + n;
    if (end > b.length) this.fail('truncated string');
    this.p = end;
    if (n <= 16) {
      // Short ASCII strings (storage class, small metadata) are cheaper built here than by a native call.
      let s = '';
      for (let i = start; i < end; i++) {
        const c = b[i]!;
        if (c >= 0x80) return this.utf8(start, end);
        s += String.fromCharCode(c);
      }
      return s;
    }
    for (let i = start; i < end; i++) if (b[i]! >= 0x80) return this.utf8(start, end);
    return b.toString('latin1', start, end);
  }

  utf8(start: number, end: number): string {
    try { return STRICT_UTF8.decode(this.b.subarray(start, end)); } catch { return this.fail('invalid UTF-8'); }
  }

  map(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let n = this.uv(); n > 0; n--) {
      const k = this.str();
      if (k === '__proto__' || Object.hasOwn(out, k)) this.fail('duplicate metadata name');
      out[k] = this.str();
    }
    return out;
  }

  checksum(): ChecksumRecord {
    const algorithm = this.str();
    const type = this.str();
    const value = this.str();
    if (!ALGS.has(algorithm) || !TYPES.has(type)) this.fail('unknown checksum');
    return { algorithm: algorithm as ChecksumAlgorithm, type: type as ChecksumType, value };
  }
}

type MutableVersion = { -readonly [K in keyof ObjectVersionRecord]: ObjectVersionRecord[K] };

function readVersion(r: Reader): ObjectVersionRecord {
  const versionId = r.str();
  const writeId = r.str();
  const metaWriteId = r.str();
  const flags = r.u8();
  if (flags > (F_DELETE_MARKER | F_CHECKSUM | F_PARTS)) r.fail('unknown version flags');
  const v: MutableVersion = {
    versionId, writeId, isDeleteMarker: (flags & F_DELETE_MARKER) !== 0, mtime: r.uv(), size: r.uv(), etag: r.str(),
    contentType: r.str(), userMetadata: r.map(), systemMetadata: r.map(), storageClass: r.str(),
  };
  if ((flags & F_CHECKSUM) !== 0) v.checksum = r.checksum();
  if ((flags & F_PARTS) !== 0) {
    const parts: PartRecord[] = [];
    for (let n = r.uv(); n > 0; n--) {
      const number = r.uv();
      const size = r.uv();
      const etag = r.str();
      const has = r.u8();
      if (has > 1) r.fail('bad part checksum flag');
      parts.push(has === 1 ? { number, size, etag, checksum: r.checksum() } : { number, size, etag });
    }
    v.parts = parts;
  }
  if (metaWriteId !== '') v.metaWriteId = metaWriteId;
  return v;
}

/**
 * The record a summary describes, without its data location (no erasure, dataId, inline,
 * uploadId): for listings only, never for reads of the data. CorruptRecordError for garbage,
 * another kind or version, and for the summary of a record that did not decode.
 */
export function decodeListingSummary(buf: Buffer): ObjectRecord {
  if (buf.length < 4 || buf[0] !== RECORD_MAGIC || buf[1] !== KIND_L) throw new CorruptRecordError('not a listing summary');
  if (buf[2] !== LISTING_SUMMARY_VERSION) throw new CorruptRecordError(`unknown listing summary version ${buf[2]}`);
  const r = new Reader(buf, 3);
  const state = r.u8();
  if (state === STATE_CORRUPT) throw new CorruptRecordError('listing summary of an undecodable record');
  if (state !== STATE_RECORD) r.fail(`unknown state ${state}`);
  const versions: ObjectVersionRecord[] = [];
  for (let n = r.uv(); n > 0; n--) versions.push(readVersion(r));
  const removed: RemovedVersionRecord[] = [];
  for (let n = r.uv(); n > 0; n--) removed.push({ writeId: r.str(), mtime: r.uv(), at: r.uv() });
  if (r.p !== buf.length) r.fail('trailing bytes');
  if (versions.length === 0 && removed.length === 0) r.fail('no versions or removals');
  return { versions, removed };
}
