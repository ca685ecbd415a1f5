/**
 * The drives' copies of one object record, each distinct byte string decoded once. The copies
 * of a record without inline data are the same bytes on every drive of its set (a version's
 * fields are the set's; only an inline shard is the drive's own), and comparing the bytes
 * (~60-80 ns for a data file's 360-byte record) costs far less than decoding them (~2 µs): a
 * quorum read on EC 2+2 (record-quorum.ts) decodes one copy instead of four. Copies with equal
 * bytes share one decoded record (records are read-only). A copy that does not decode throws
 * each time it is asked for (it is never remembered).
 */
import { decodeObjectRecord, type ObjectRecord } from '../storage/format/index.js';

export class DecodedCopies {
  readonly #bytes: Buffer[] = [];
  readonly #records: ObjectRecord[] = [];

  /** The record `value` encodes (CorruptRecordError when it does not decode). */
  of(value: Buffer): ObjectRecord {
    for (let j = 0; j < this.#bytes.length; j++) if (this.#bytes[j]!.equals(value)) return this.#records[j]!;
    const record = decodeObjectRecord(value);
    this.#bytes.push(value);
    this.#records.push(record);
    return record;
  }
}
