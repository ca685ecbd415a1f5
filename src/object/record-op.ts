/**
 * The metadata operation that stores an object record (or removes it when there is none). The
 * decoded record travels with its bytes, so the drive makes the record's listing summary from
 * it instead of decoding the bytes it was just given (storage/drive/listing-summary-index.ts).
 */
import { encodeObjectRecord, type ObjectRecord } from '../storage/format/index.js';
import type { MetaOp } from '../storage/drive/drive.js';

/** Put `record` at `okey` (an `o/...` key), or remove `okey` when `record` is undefined. */
export function objectRecordOp(okey: string, record: ObjectRecord | undefined): MetaOp {
  return record === undefined ? { key: okey, value: null } : { key: okey, value: encodeObjectRecord(record), record };
}
