/**
 * SigV2 string to sign (https://docs.aws.amazon.com/AmazonS3/latest/userguide/RESTAuthentication.html):
 *
 *   HTTP-Verb \n Content-MD5 \n Content-Type \n Date-or-Expires \n
 *   CanonicalizedAmzHeaders CanonicalizedResource
 *
 * CanonicalizedAmzHeaders: every x-amz-* header, lower-cased, sorted, repeated values joined
 * with ',', `name:value\n`. When x-amz-date is sent, the Date line is empty (boto, s3cmd);
 * the AWS docs' DELETE example instead puts x-amz-date's value on the Date line and leaves it
 * out of the amz headers, so authenticate-v2.ts accepts either form.
 * CanonicalizedResource: ['/' + bucket for virtual-hosted style] + path + sorted sub-resources
 * (`?acl&versionId=3`, values decoded, not re-encoded).
 */
import { SIGV2_SUB_RESOURCES } from './sub-resources.js';

export interface SigV2Request {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly virtualHostBucket?: string;
}

function headerText(req: SigV2Request, name: string): string {
  const v = req.headers[name];
  if (v === undefined) return '';
  return Array.isArray(v) ? v.join(',') : v;
}

export function canonicalAmzHeaders(req: SigV2Request, exclude?: string): string {
  const names = Object.keys(req.headers)
    .filter((n) => n.startsWith('x-amz-') && n !== exclude)
    .map((n) => n.toLowerCase())
    .sort();
  let out = '';
  for (const name of names) {
    const v = req.headers[name];
    const values = v === undefined ? [] : Array.isArray(v) ? v : [v];
    out += `${name}:${values.map((x) => x.trim().replace(/\s*\r?\n\s*/g, ' ')).join(',')}\n`;
  }
  return out;
}

/** Sub-resource pairs (decoded) sorted by name, rendered as `?a&b=c`; '' when none. */
export function subResourceSuffix(params: ReadonlyMap<string, readonly string[]>): string {
  const parts: string[] = [];
  const names = [...params.keys()].filter((n) => SIGV2_SUB_RESOURCES.has(n)).sort();
  for (const name of names) {
    for (const value of params.get(name)!) parts.push(value === '' ? name : `${name}=${value}`);
  }
  return parts.length === 0 ? '' : '?' + parts.join('&');
}

export function canonicalResource(req: SigV2Request, path: string, params: ReadonlyMap<string, readonly string[]>): string {
  const prefix = req.virtualHostBucket === undefined || req.virtualHostBucket === '' ? '' : '/' + req.virtualHostBucket;
  const p = path === '' ? '/' : path;
  return prefix + p + subResourceSuffix(params);
}

export interface StringToSignV2Input {
  readonly req: SigV2Request;
  /** Date header value, '' when x-amz-date is used, or Expires for query auth. */
  readonly dateLine: string;
  readonly path: string;
  readonly params: ReadonlyMap<string, readonly string[]>;
  /** An x-amz-* header to leave out of CanonicalizedAmzHeaders (see authenticate-v2.ts). */
  readonly excludeAmzHeader?: string;
}

export function stringToSignV2(input: StringToSignV2Input): string {
  const { req } = input;
  return (
    `${req.method.toUpperCase()}\n` +
    `${headerText(req, 'content-md5')}\n` +
    `${headerText(req, 'content-type')}\n` +
    `${input.dateLine}\n` +
    canonicalAmzHeaders(req, input.excludeAmzHeader) +
    canonicalResource(req, input.path, input.params)
  );
}
