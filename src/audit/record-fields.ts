/**
 * What an audit record is built from, as it crosses from the server thread to where records
 * are sealed (the audit thread, audit-thread-main.ts; or the same thread, sealing-lanes.ts):
 * the request's end event (s3/pipeline/request-events.ts) and the account of its access key,
 * encoded as one string. Encoding is all the server thread does per record: the record's JSON,
 * its time stamp and its sha256 link are built where it is sealed (audit-record.ts), off the
 * requests' event loop (GET 4 KiB at 16 in flight: ~10 µs of ~170 per request moved off it).
 *
 * Layout: the seven numbers in decimal, each followed by ','; then each string as its length
 * in UTF-16 code units, ',', and the string itself. Any character may appear in a string
 * (commas, newlines, control characters of a hostile key): lengths, not separators, end them.
 */
import type { RequestEndEvent } from '../s3/pipeline/request-events.js';

/** The end event's fields a record shows, with the durations in nanoseconds and the account added. */
export interface RecordFields extends Pick<RequestEndEvent,
  'operation' | 'statusCode' | 'completed' | 'rxBytes' | 'txBytes' | 'startedAtMs' | 'requestId' | 'accessKey'
  | 'bucket' | 'object' | 'remoteAddress' | 'userAgent' | 'requestHost' | 'requestPath'> {
  /** The API the request belonged to (RequestApi, as read back). */
  readonly api: string;
  /** '' on success. */
  readonly errorCode: string;
  readonly ttfbNs: number;
  readonly durationNs: number;
  /** The account of `accessKey` ('' anonymous or unknown). */
  readonly account: string;
}

const s = (v: string): string => `${v.length},${v}`;

/** The fields of `e` (and `account`) as one string; what the server thread hands on. */
export function encodeRecordFields(e: RequestEndEvent, account: string): string {
  return `${e.statusCode},${e.completed ? 1 : 0},${e.rxBytes},${e.txBytes},${Math.round(e.ttfbSeconds * 1e9)},${Math.round(e.durationSeconds * 1e9)},${e.startedAtMs},`
    + s(e.api) + s(e.operation) + s(e.errorCode ?? '') + s(e.requestId) + s(e.accessKey) + s(account)
    + s(e.bucket) + s(e.object) + s(e.remoteAddress) + s(e.userAgent) + s(e.requestHost) + s(e.requestPath);
}

export class RecordFieldsError extends Error {}

/** Reads what `encodeRecordFields` wrote; throws RecordFieldsError on anything else. */
export function decodeRecordFields(text: string): RecordFields {
  let at = 0;
  const num = (): number => {
    const comma = text.indexOf(',', at);
    if (comma < 0) throw new RecordFieldsError('audit record fields: a number is cut off');
    const v = Number(text.slice(at, comma));
    if (comma === at || !Number.isFinite(v)) throw new RecordFieldsError('audit record fields: not a number');
    at = comma + 1;
    return v;
  };
  const str = (): string => {
    const n = num();
    if (!Number.isInteger(n) || n < 0 || at + n > text.length) throw new RecordFieldsError('audit record fields: a string is cut off');
    const v = text.slice(at, at + n);
    at += n;
    return v;
  };
  const statusCode = num();
  const completed = num() === 1;
  const rxBytes = num();
  const txBytes = num();
  const ttfbNs = num();
  const durationNs = num();
  const startedAtMs = num();
  const f: RecordFields = {
    statusCode, completed, rxBytes, txBytes, ttfbNs, durationNs, startedAtMs,
    api: str(), operation: str(), errorCode: str(), requestId: str(), accessKey: str(), account: str(),
    bucket: str(), object: str(), remoteAddress: str(), userAgent: str(), requestHost: str(), requestPath: str(),
  };
  if (at !== text.length) throw new RecordFieldsError('audit record fields: bytes after the last field');
  return f;
}
