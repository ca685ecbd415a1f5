/**
 * Dates on the wire: RFC 7231 IMF-fixdate in headers (Last-Modified, Expires),
 * ISO 8601 with milliseconds in XML (LastModified, Initiated), as AWS writes them.
 */

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;
/** Years 1000..9999 are formatted here (four digits, no sign); others by toUTCString. */
const FIRST_MS = Date.UTC(1000, 0, 1);
const END_MS = Date.UTC(10000, 0, 1);

const two = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/**
 * `Thu, 26 Nov 2026 23:28:35 GMT`; sub-second precision is dropped. The same string as
 * `toUTCString`, computed with integer arithmetic (civil date from the day number, H. Hinnant's
 * algorithm): `toUTCString` took ~5 µs per call, one per GET and HEAD (Last-Modified).
 */
export function httpDate(date: Date): string {
  const ms = date.getTime();
  if (!(ms >= FIRST_MS && ms < END_MS)) return date.toUTCString();
  const days = Math.floor(ms / DAY_MS);
  const secs = Math.floor((ms - days * DAY_MS) / 1000);
  const hh = Math.floor(secs / 3600);
  const mi = Math.floor((secs % 3600) / 60);
  const ss = secs % 60;
  // Days since 0000-03-01 in eras of 400 years (146,097 days).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 2 : mp - 10; // 0-based, January = 0
  const year = yoe + era * 400 + (month <= 1 ? 1 : 0);
  const weekday = WEEKDAYS[(((days + 4) % 7) + 7) % 7]!; // 1970-01-01 was a Thursday
  return `${weekday}, ${two(day)} ${MONTHS[month]!} ${year} ${two(hh)}:${two(mi)}:${two(ss)} GMT`;
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
