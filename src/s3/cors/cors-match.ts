/**
 * Which CORS rule answers a request, and the Access-Control-* headers it yields. Pure.
 *
 * AWS (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html, "How does Amazon S3
 * evaluate the CORS configuration on a bucket?"): the rules are tried in order and the FIRST
 * rule that matches is used:
 *   - the Origin matches one AllowedOrigin (at most one `*`, standing for any characters;
 *     compared case-sensitively, as AWS does),
 *   - the method (preflight: Access-Control-Request-Method; actual request: the request's
 *     method) is one of the AllowedMethods,
 *   - preflight only: every header named in Access-Control-Request-Headers matches one
 *     AllowedHeader (case-insensitive, `*` wildcard).
 * The answer echoes the Origin (or `*` with no credentials when the matching AllowedOrigin is
 * exactly `*`), lists the rule's methods, echoes the requested headers, and adds the rule's
 * ExposeHeaders and MaxAgeSeconds; Vary names the request headers the answer depends on.
 */
import type { CorsRule } from '../xml/shapes/cors-configuration.js';

export interface CorsRequest {
  readonly origin: string;
  /** Preflight: Access-Control-Request-Method; actual request: its method. */
  readonly method: string;
  /** Preflight only: the lower-cased names of Access-Control-Request-Headers. */
  readonly requestHeaders?: readonly string[];
}

export const CORS_VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

/** `*` matches any run of characters (one wildcard per pattern, as PutBucketCors enforces). */
export function wildcardMatch(pattern: string, value: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === value;
  const head = pattern.slice(0, star);
  const tail = pattern.slice(star + 1);
  return value.length >= head.length + tail.length && value.startsWith(head) && value.endsWith(tail);
}

/** Splits Access-Control-Request-Headers into lower-cased names (empty entries dropped). */
export function parseRequestHeaders(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(',').map((h) => h.trim().toLowerCase()).filter((h) => h.length > 0);
}

function headerAllowed(rule: CorsRule, name: string): boolean {
  return rule.allowedHeaders.some((p) => wildcardMatch(p.toLowerCase(), name));
}

/** The first rule that allows the request, or undefined. */
export function matchCorsRule(rules: readonly CorsRule[], req: CorsRequest): CorsRule | undefined {
  for (const rule of rules) {
    if (!rule.allowedOrigins.some((o) => wildcardMatch(o, req.origin))) continue;
    if (!(rule.allowedMethods as readonly string[]).includes(req.method)) continue;
    if (req.requestHeaders !== undefined && !req.requestHeaders.every((h) => headerAllowed(rule, h))) continue;
    return rule;
  }
  return undefined;
}

/** The Access-Control-* headers a matched rule puts on the answer. */
export function corsResponseHeaders(rule: CorsRule, req: CorsRequest): Record<string, string> {
  const anyOrigin = rule.allowedOrigins.find((o) => wildcardMatch(o, req.origin)) === '*';
  const out: Record<string, string> = {
    'access-control-allow-origin': anyOrigin ? '*' : req.origin,
    'access-control-allow-methods': rule.allowedMethods.join(', '),
    vary: CORS_VARY,
  };
  if (!anyOrigin) out['access-control-allow-credentials'] = 'true';
  if (req.requestHeaders !== undefined && req.requestHeaders.length > 0) {
    out['access-control-allow-headers'] = req.requestHeaders.join(', ');
  }
  if (rule.exposeHeaders.length > 0) out['access-control-expose-headers'] = rule.exposeHeaders.join(', ');
  if (rule.maxAgeSeconds !== undefined) out['access-control-max-age'] = String(rule.maxAgeSeconds);
  return out;
}
