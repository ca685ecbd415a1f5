/**
 * The header object handlers see. node:http joins a repeated unknown header with ', ', but
 * S3 joins repeated x-amz-meta-* values with ',' (the SigV4 canonical form of repeated
 * headers, and what AWS and MinIO store). Only when such a repeat is present is a copy made
 * with those values re-joined from the raw header list; otherwise req.headers is used as is.
 */
import type { IncomingHttpHeaders } from 'node:http';

const META_PREFIX = 'x-amz-meta-';

export function handlerHeaders(headers: IncomingHttpHeaders, rawHeaders: readonly string[]): IncomingHttpHeaders {
  let seen: Set<string> | undefined;
  let repeated: Set<string> | undefined;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const raw = rawHeaders[i]!;
    // Cheap test first ('m' of x-amz-meta-, either case), then the prefix itself.
    if (raw.length <= META_PREFIX.length || (raw.charCodeAt(6) | 0x20) !== 0x6d || raw.slice(0, META_PREFIX.length).toLowerCase() !== META_PREFIX) continue;
    const name = raw.toLowerCase();
    seen ??= new Set();
    if (seen.has(name)) (repeated ??= new Set()).add(name);
    else seen.add(name);
  }
  if (repeated === undefined) return headers;
  const out: IncomingHttpHeaders = { ...headers };
  for (const name of repeated) {
    const values: string[] = [];
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      if (rawHeaders[i]!.toLowerCase() === name) values.push(rawHeaders[i + 1]!.trim());
    }
    out[name] = values.join(',');
  }
  return out;
}
