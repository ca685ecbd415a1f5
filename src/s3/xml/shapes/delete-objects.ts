/**
 * DeleteObjects request document
 * (<Delete><Object><Key/><VersionId/>?<ETag/>?<LastModifiedTime/>?<Size/>?</Object>+<Quiet/>?)
 * and DeleteResult (<Deleted> and <Error> entries in request order; Deleted entries are
 * omitted in quiet mode).
 * More than 1,000 objects, none, a missing Key or a Quiet that is not a boolean is
 * MalformedXML, as in AWS.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { toXml, type XmlObject } from '../build-xml.js';
import { childText, expectRoot, type XmlElement } from '../parse-xml.js';

export const MAX_DELETE_OBJECTS = 1000;

export interface ObjectIdentifier {
  readonly key: string;
  readonly versionId?: string;
  /** Conditional delete of this entry (raw element texts; absent when not given). */
  readonly etag?: string;
  readonly lastModifiedTime?: string;
  readonly size?: string;
}

export interface DeleteRequest {
  readonly objects: ObjectIdentifier[];
  readonly quiet: boolean;
}

function malformed(detail: string): S3Error {
  return new S3Error('MalformedXML', { cause: new Error(detail) });
}

export function parseDeleteRequest(doc: XmlElement | undefined): DeleteRequest {
  if (doc === undefined) throw malformed('empty body');
  expectRoot(doc, 'Delete');
  const objects: ObjectIdentifier[] = [];
  let quiet = false;
  for (const el of doc.children) {
    if (el.name === 'Quiet') {
      const v = el.text.trim().toLowerCase();
      if (v !== 'true' && v !== 'false') throw malformed('Quiet must be true or false');
      quiet = v === 'true';
      continue;
    }
    if (el.name !== 'Object') throw malformed(`unexpected element <${el.name}>`);
    if (objects.length >= MAX_DELETE_OBJECTS) throw malformed('more than 1000 objects');
    const key = childText(el, 'Key');
    if (key === undefined || key === '') throw malformed('Object without Key');
    const versionId = childText(el, 'VersionId');
    const etag = childText(el, 'ETag');
    const lastModifiedTime = childText(el, 'LastModifiedTime');
    const size = childText(el, 'Size');
    objects.push({
      key,
      ...(versionId !== undefined ? { versionId } : {}),
      ...(etag !== undefined ? { etag } : {}),
      ...(lastModifiedTime !== undefined ? { lastModifiedTime } : {}),
      ...(size !== undefined ? { size } : {}),
    });
  }
  if (objects.length === 0) throw malformed('no Object');
  return { objects, quiet };
}

export type DeleteOutcome =
  | { readonly kind: 'deleted'; readonly key: string; readonly versionId?: string; readonly deleteMarker: boolean; readonly deleteMarkerVersionId?: string }
  | { readonly kind: 'error'; readonly key: string; readonly versionId?: string; readonly code: string; readonly message: string };

export function deleteResultXml(outcomes: readonly DeleteOutcome[], quiet: boolean): string {
  const entries = outcomes.filter((o) => !quiet || o.kind === 'error').map((o): string => {
    const body: XmlObject = o.kind === 'deleted'
      ? {
        Key: o.key,
        VersionId: o.versionId,
        DeleteMarker: o.deleteMarker ? true : undefined,
        DeleteMarkerVersionId: o.deleteMarkerVersionId,
      }
      : { Key: o.key, VersionId: o.versionId, Code: o.code, Message: o.message };
    return toXml(o.kind === 'deleted' ? 'Deleted' : 'Error', body, { namespace: false, declaration: false });
  });
  const empty = toXml('DeleteResult', {});
  const close = '</DeleteResult>';
  return empty.slice(0, -close.length) + entries.join('') + close;
}
