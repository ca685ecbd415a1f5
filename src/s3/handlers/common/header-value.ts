/**
 * Reading request headers and query parameters as single trimmed strings.
 * node:http joins most repeated headers with ', ' and keeps a few as arrays; handlers
 * only ever want one value.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../../../errors/s3-error.js';

/** The header's value, or undefined when absent. Names are lower-case. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const raw = headers[name];
  if (raw === undefined) return undefined;
  const value = Array.isArray(raw) ? raw.join(',') : raw;
  return value.trim();
}

/** Like headerValue, but an empty value counts as absent. */
export function nonEmptyHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headerValue(headers, name);
  return value === undefined || value === '' ? undefined : value;
}

/** A query parameter, or undefined when absent (an empty value is returned as ''). */
export function queryValue(query: URLSearchParams, name: string): string | undefined {
  const value = query.get(name);
  return value === null ? undefined : value;
}

const DIGITS = /^[0-9]{1,15}$/;

/**
 * A non-negative integer query parameter within [min, max]; undefined when absent.
 * Anything else is InvalidArgument naming the parameter, as AWS does.
 */
export function queryInteger(
  query: URLSearchParams,
  name: string,
  bounds: { readonly min: number; readonly max: number; readonly message?: string },
): number | undefined {
  const raw = queryValue(query, name);
  if (raw === undefined) return undefined;
  const n = DIGITS.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < bounds.min || n > bounds.max) {
    throw new S3Error('InvalidArgument', {
      message: bounds.message ?? `Provided ${name} not an integer or within integer range`,
      extra: { ArgumentName: name, ArgumentValue: raw },
    });
  }
  return n;
}

/** Parses a decimal header (Content-Length style); undefined when absent, NaN-free. */
export function headerInteger(headers: IncomingHttpHeaders, name: string): number | undefined {
  const raw = nonEmptyHeader(headers, name);
  if (raw === undefined) return undefined;
  const n = DIGITS.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) {
    throw new S3Error('InvalidArgument', {
      message: `Invalid value for header ${name}`,
      extra: { ArgumentName: name, ArgumentValue: raw },
    });
  }
  return n;
}
