/**
 * The form fields of a browser POST upload as the request headers a PutObject would carry, so
 * the same parsers apply (object-metadata.ts, checksum-headers.ts): Content-Type (else the file
 * part's own type), Cache-Control, Content-Disposition, Content-Encoding, Expires,
 * x-amz-meta-*, x-amz-storage-class, x-amz-website-redirect-location, x-amz-checksum-*,
 * x-amz-server-side-encryption* (SSE as PutObject: post-object.ts),
 * `acl` as x-amz-acl (the canned ACLs PutObject accepts) and `tagging` (a Tagging XML
 * document) as x-amz-tagging.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parseXml } from '../../xml/parse-xml.js';
import { parseTaggingDocument } from '../../xml/shapes/tagging.js';
import { encodeTags, validateTags } from '../common/object-tags.js';
import type { PostForm } from '../../post/post-form.js';

const PLAIN_HEADERS: ReadonlySet<string> = new Set([
  'content-type', 'cache-control', 'content-disposition', 'content-encoding', 'content-language', 'expires',
  'x-amz-storage-class', 'x-amz-website-redirect-location', 'x-amz-checksum-algorithm',
]);
const HEADER_PREFIXES = ['x-amz-meta-', 'x-amz-checksum-', 'x-amz-server-side-encryption', 'x-amz-object-lock-', 'x-amz-grant-'];

export function postFormHeaders(form: PostForm): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of form.fields) {
    if (PLAIN_HEADERS.has(name) || HEADER_PREFIXES.some((p) => name.startsWith(p))) out[name] = value;
  }
  if (out['content-type'] === undefined && form.fileContentType !== undefined) out['content-type'] = form.fileContentType;
  const acl = form.fields.get('acl');
  if (acl !== undefined) out['x-amz-acl'] = acl;
  const tagging = form.fields.get('tagging');
  if (tagging !== undefined) {
    const tags = encodeTags(validateTags(parseTaggingDocument(parseXml(tagging))));
    if (tags !== undefined) out['x-amz-tagging'] = tags;
  }
  return out;
}
