/**
 * Parsing of the SigV4 credential scope and signed-headers list, shared by header and
 * presigned authentication. Error codes and messages follow S3:
 * header auth -> AuthorizationHeaderMalformed, query auth -> AuthorizationQueryParametersError.
 */
import { S3Error } from '../../errors/s3-error.js';

export const SERVICE = 's3';
export const TERMINATOR = 'aws4_request';

export type AuthSource = 'header' | 'query';

export interface CredentialScope {
  readonly accessKey: string;
  /** yyyymmdd */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  /** date/region/service/aws4_request */
  readonly scope: string;
}

export function scopeError(source: AuthSource, detail: string, extra?: Record<string, string>): S3Error {
  if (source === 'header') {
    return new S3Error('AuthorizationHeaderMalformed', {
      message: `The authorization header is malformed; ${detail}`,
      ...(extra === undefined ? {} : { extra }),
    });
  }
  return new S3Error('AuthorizationQueryParametersError', {
    message: `Error parsing the X-Amz-Credential parameter; ${detail}`,
    ...(extra === undefined ? {} : { extra }),
  });
}

/** 'US' is the legacy name old clients use for us-east-1 (MinIO accepts it too). */
function normalizeRegion(region: string): string {
  return region === 'US' ? 'us-east-1' : region;
}

const DATE8 = /^\d{8}$/;

function malformedCredential(source: AuthSource): S3Error {
  return scopeError(source, 'the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
}

/**
 * Parses `AKID/yyyymmdd/region/s3/aws4_request`. The access key may itself contain '/'
 * (the last four components are taken from the right). The region must be the configured
 * one: S3 answers a wrong region with the region it expects.
 */
export function parseCredential(value: string, source: AuthSource, configuredRegion: string, expectedService: string = SERVICE): CredentialScope {
  // The four '/' from the right, found without splitting (one parse per signed request).
  const t = value.lastIndexOf('/');
  if (t <= 0) throw malformedCredential(source);
  const s = value.lastIndexOf('/', t - 1);
  if (s <= 0) throw malformedCredential(source);
  const r = value.lastIndexOf('/', s - 1);
  if (r <= 0) throw malformedCredential(source);
  const d = value.lastIndexOf('/', r - 1);
  if (d <= 0) throw malformedCredential(source);
  const accessKey = value.slice(0, d);
  const date = value.slice(d + 1, r);
  const region = value.slice(r + 1, s);
  const service = value.slice(s + 1, t);
  const terminator = value.slice(t + 1);
  if (!DATE8.test(date) || region === '') throw malformedCredential(source);
  if (normalizeRegion(region) !== normalizeRegion(configuredRegion)) {
    throw scopeError(source, `the region '${region}' is wrong; expecting '${configuredRegion}'`, { Region: configuredRegion });
  }
  if (service !== expectedService) {
    throw scopeError(source, `incorrect service "${service}". This endpoint belongs to "${expectedService}".`);
  }
  if (terminator !== TERMINATOR) {
    throw scopeError(source, `incorrect terminal "${terminator}". This endpoint uses "${TERMINATOR}".`);
  }
  // date/region/service/aws4_request, exactly as received.
  return { accessKey, date, region, service, scope: value.slice(d + 1) };
}

/** `name;name;...` of lower-case header tokens, no empty name (checked in one pass). */
const HEADER_NAME_LIST = /^[!#$%&'*+\-.^_`|~0-9a-z]+(?:;[!#$%&'*+\-.^_`|~0-9a-z]+)*$/;

/** Parses `host;x-amz-date;...`: lower-case header tokens, no empties, no duplicates. */
export function parseSignedHeaders(value: string, source: AuthSource): string[] {
  const wellFormed = HEADER_NAME_LIST.test(value);
  const names = value.split(';');
  const seen = new Set<string>();
  for (const name of names) {
    if (!wellFormed || seen.has(name)) {
      throw source === 'header'
        ? new S3Error('AuthorizationHeaderMalformed', {
            message: 'The authorization header is malformed; SignedHeaders must be a ;-separated list of lower-case header names.',
          })
        : new S3Error('AuthorizationQueryParametersError', {
            message: 'X-Amz-SignedHeaders must be a ;-separated list of lower-case header names.',
          });
    }
    seen.add(name);
  }
  return names;
}

/**
 * The service a request's credential scope names (`s3`, `sts`, `iam`...), from the
 * Authorization header or a presigned `X-Amz-Credential` parameter; undefined when neither
 * carries a scope. Routing only (listeners in front of S3 pick their requests by it): the
 * signature is verified later by the listener that takes the request.
 */
export function scopeServiceOf(authorization: string | undefined, rawQuery: string): string | undefined {
  const m = authorization === undefined ? /(?:^|&)X-Amz-Credential=([^&]*)/.exec(rawQuery) : /Credential=([^,\s]+)/.exec(authorization);
  if (!m) return undefined;
  let value: string;
  try {
    value = decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
  const parts = value.split('/');
  return parts.length >= 5 ? parts[parts.length - 2] : undefined;
}
