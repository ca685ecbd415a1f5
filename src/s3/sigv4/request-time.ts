/**
 * Request timestamps: ISO 8601 basic (x-amz-date, X-Amz-Date: yyyyMMddTHHmmssZ) and HTTP
 * dates (Date header, RFC 7231 IMF-fixdate and the obsolete forms Date.parse accepts).
 * AWS allows 15 minutes of clock skew between client and server.
 */
import { S3Error } from '../../errors/s3-error.js';

export const MAX_SKEW_MS = 15 * 60 * 1000;

const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** The last string parseAmzDate accepted (clients send the same second many times). */
let lastAmz: { value: string; ms: number } | undefined;

/** Parses yyyyMMddTHHmmssZ; undefined when malformed or not a real calendar time. */
export function parseAmzDate(value: string): Date | undefined {
  if (lastAmz !== undefined && lastAmz.value === value) return new Date(lastAmz.ms);
  const date = parseAmzDateUncached(value);
  if (date !== undefined) lastAmz = { value, ms: date.getTime() };
  return date;
}

function parseAmzDateUncached(value: string): Date | undefined {
  const m = ISO_BASIC.exec(value);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(ms);
  if (
    date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d ||
    date.getUTCHours() !== h || date.getUTCMinutes() !== mi || date.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  return date;
}

/** Parses an HTTP Date header; undefined when unparseable. */
export function parseHttpDate(value: string): Date | undefined {
  if (value.length > 64) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

export function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Throws RequestTimeTooSkewed when |now - requestTime| exceeds 15 minutes. */
export function checkSkew(requestTime: Date, now: Date): void {
  if (Math.abs(now.getTime() - requestTime.getTime()) > MAX_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', {
      extra: {
        RequestTime: isoSeconds(requestTime),
        ServerTime: isoSeconds(now),
        MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
      },
    });
  }
}

export function missingDateError(): S3Error {
  return new S3Error('AccessDenied', { message: 'AWS authentication requires a valid Date or x-amz-date header' });
}
