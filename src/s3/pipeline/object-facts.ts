/**
 * What the authorizer may need to know about the object a request addresses: its tags (for
 * `s3:ExistingObjectTag/<key>` conditions) and its ACL (object ACL grants). Read with one
 * HeadObject, lazily - only when a policy statement tests an existing tag or an ACL has to be
 * consulted - and at most once per request. A missing object has no tags and no ACL.
 */
import {
  BucketNotFoundError, InvalidVersionIdError, ObjectDeletedError, ObjectNotFoundError, VersionIsDeleteMarkerError, VersionNotFoundError,
} from '../../errors/domain-errors.js';
import type { ObjectLayer } from '../../object/object-layer.js';
import { decodeAcl, OBJECT_ACL_METADATA, type StoredAcl } from '../handlers/common/acl-model.js';

export const TAGS_METADATA = 'x-amz-tagging';

export interface ObjectFacts {
  readonly tags: Readonly<Record<string, string>>;
  readonly acl: StoredAcl | undefined;
}

const NONE: ObjectFacts = { tags: {}, acl: undefined };
const ABSENT = [BucketNotFoundError, ObjectNotFoundError, ObjectDeletedError, VersionNotFoundError, VersionIsDeleteMarkerError, InvalidVersionIdError];

export function objectFactsReader(objects: Pick<ObjectLayer, 'headObject'>, bucket: string, key: string, versionId: string | undefined): () => Promise<ObjectFacts> {
  let pending: Promise<ObjectFacts> | undefined;
  return () => {
    pending ??= (async () => {
      try {
        const info = await objects.headObject({ bucket, key, ...(versionId !== undefined ? { versionId } : {}) });
        const tags: Record<string, string> = {};
        for (const [k, v] of new URLSearchParams(info.systemMetadata[TAGS_METADATA] ?? '')) tags[k] = v;
        return { tags, acl: decodeAcl(info.systemMetadata[OBJECT_ACL_METADATA]) };
      } catch (err) {
        // A missing object, version or bucket (or a delete marker): nothing to read.
        if (ABSENT.some((E) => err instanceof E)) return NONE;
        throw err;
      }
    })();
    return pending;
  };
}

/** The condition keys of an object's tags. */
export function existingTagKeys(tags: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) out[`s3:ExistingObjectTag/${k}`] = v;
  return out;
}
