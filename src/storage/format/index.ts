/** On-disk record formats (pure): object records, bucket records, config docs, data index. */
export * from './object-record.js';
export * from './bucket-records.js';
export * from './listing-summary.js';
export * from './part-file-name.js';
export { CorruptRecordError } from '../../errors/domain-errors.js';
/** Record framing and field checks, for record kinds kept outside this folder (object/multipart's upload records). */
export {
  RECORD_MAGIC, frameRecord, unframeRecord, asArr, asBool, asBuf, asInt, asObj, asOptStr, asStr, asStrMap,
  type Obj, type RecordKind, type UnframedRecord,
} from './record-codec.js';
/** The strict msgpack reader of the fast decoders (upload records use it too). */
export { BAIL, keyTable, once, Reader, type KeyTable } from './msgpack-reader.js';
export { checkLayout, readLayout } from './layout-reader.js';
