/** On-disk record formats (pure): object records, bucket records, config docs, data index. */
export * from './object-record.js';
export * from './bucket-records.js';
export { CorruptRecordError } from '../../errors/domain-errors.js';
