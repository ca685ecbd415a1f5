/**
 * The CORS preflight: `OPTIONS /bucket[/key]`, answered WITHOUT authentication, as AWS does
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTOPTIONSobject.html):
 *   - no Origin: 400 BadRequest "Insufficient information. Origin request header needed.";
 *   - no or an unknown Access-Control-Request-Method: 400 BadRequest
 *     "Invalid Access-Control-Request-Method: <value>";
 *   - the bucket has no CORS configuration: 403 AccessForbidden "CORSResponse: CORS is not
 *     enabled for this bucket.";
 *   - no rule allows origin, method and every requested header: 403 AccessForbidden
 *     "CORSResponse: This CORS request is not allowed. ...";
 *   - otherwise 200, no body, with the first matching rule's Access-Control-* headers.
 * A missing bucket is 404 NoSuchBucket.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../../errors/s3-error.js';
import type { ObjectLayer } from '../../object/object-layer.js';
import { corsResponseHeaders, matchCorsRule, parseRequestHeaders } from '../cors/cors-match.js';
import { CORS_METHODS } from '../xml/shapes/cors-configuration.js';
import type { CorsConfigCache } from './cors-config-cache.js';

export interface PreflightInput {
  readonly bucket: string;
  readonly key?: string;
  readonly headers: IncomingHttpHeaders;
}

export const CORS_NOT_ALLOWED = 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of '
  + 'Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by '
  + "the resource's CORS spec.";

function single(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** The headers of a 200 preflight answer; throws the S3Error AWS answers otherwise. */
export async function answerPreflight(
  input: PreflightInput, deps: { readonly cache: CorsConfigCache; readonly objects: ObjectLayer },
): Promise<Record<string, string>> {
  const origin = single(input.headers, 'origin');
  if (origin === undefined || origin === '') {
    throw new S3Error('BadRequest', { message: 'Insufficient information. Origin request header needed.' });
  }
  const method = single(input.headers, 'access-control-request-method');
  if (method === undefined || !(CORS_METHODS as readonly string[]).includes(method)) {
    throw new S3Error('BadRequest', { message: `Invalid Access-Control-Request-Method: ${method ?? 'null'}` });
  }
  const resourceType = input.key === undefined ? 'BUCKET' : 'OBJECT';
  const rules = await deps.cache.rules(input.bucket);
  if (rules === undefined) {
    await deps.objects.headBucket({ bucket: input.bucket }); // NoSuchBucket for a missing bucket
    throw new S3Error('AccessForbidden', { message: 'CORSResponse: CORS is not enabled for this bucket.', extra: { Method: method, ResourceType: resourceType } });
  }
  const req = { origin, method, requestHeaders: parseRequestHeaders(single(input.headers, 'access-control-request-headers')) };
  const rule = matchCorsRule(rules, req);
  if (rule === undefined) throw new S3Error('AccessForbidden', { message: CORS_NOT_ALLOWED, extra: { Method: method, ResourceType: resourceType } });
  return corsResponseHeaders(rule, req);
}
