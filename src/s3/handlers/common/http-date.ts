/**
 * Dates on the wire: RFC 7231 IMF-fixdate in headers (Last-Modified, Expires),
 * ISO 8601 with milliseconds in XML (LastModified, Initiated), as AWS writes them.
 */

/** `Thu, 26 Nov 2026 23:28:35 GMT`; sub-second precision is dropped. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}

/** `2026-11-26T23:28:35.000Z` */
export function isoDate(date: Date): string {
  return date.toISOString();
}

// IMF-fixdate, obsolete RFC 850 and asctime formats (RFC 7231 section 7.1.1.1).
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC_850 = /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an HTTP date header. Returns undefined for anything that is not a valid date:
 * S3, like HTTP (RFC 7232 section 3.3), ignores a conditional header with an invalid date.
 * ISO 8601 is accepted as well because SDKs send it in x-amz-copy-source-if-* headers.
 */
export function parseHttpDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v.length > 64) return undefined;
  if (!(IMF_FIXDATE.test(v) || RFC_850.test(v) || ASCTIME.test(v) || ISO_8601.test(v))) return undefined;
  const ms = Date.parse(ASCTIME.test(v) ? `${v} GMT` : v);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}
