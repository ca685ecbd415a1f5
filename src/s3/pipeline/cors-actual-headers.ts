/**
 * CORS headers on actual requests: a request with an Origin header to a bucket whose CORS
 * configuration has a rule matching its origin and method gets that rule's Access-Control-*
 * headers (and Vary), on its success and error answers alike, as AWS does
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { corsResponseHeaders, matchCorsRule } from '../cors/cors-match.js';
import type { CorsConfigCache } from './cors-config-cache.js';

export interface ActualCorsInput {
  readonly bucket: string;
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
}

/**
 * The Access-Control-* headers of an actual (non-preflight) request with an Origin, on
 * success and error answers alike; undefined when no rule matches or the rules cannot be read
 * (a failed lookup never fails the request itself: the browser then refuses the answer).
 */
export async function actualCorsHeaders(
  input: ActualCorsInput, cache: CorsConfigCache,
): Promise<Record<string, string> | undefined> {
  const origin = input.headers.origin;
  if (origin === undefined || origin === '') return undefined;
  let rules;
  try { rules = await cache.rules(input.bucket); } catch { return undefined; }
  if (rules === undefined) return undefined;
  const req = { origin, method: input.method };
  const rule = matchCorsRule(rules, req);
  return rule === undefined ? undefined : corsResponseHeaders(rule, req);
}
