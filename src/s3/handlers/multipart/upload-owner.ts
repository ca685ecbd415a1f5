/**
 * The Owner and Initiator of a multipart upload in ListParts and ListMultipartUploads: the
 * account that will own the object. That is the bucket owner, except for an upload another
 * account created under ObjectWriter ownership (or BucketOwnerPreferred without
 * bucket-owner-full-control): CreateMultipartUpload stored an ACL naming that account as owner
 * (common/object-acl.ts), and the object it completes into is that account's, so the listings
 * name it, as AWS does. Under BucketOwnerEnforced every object is the bucket owner's.
 * Uploads without a stored ACL (every upload of the bucket owner) cost one property lookup.
 */
import type { MultipartUploadInfo } from '../../../object/object-layer.js';
import type { Owner } from '../../xml/shapes/owner.js';
import { displayNames } from '../acl/access-control-policy.js';
import { decodeAcl, OBJECT_ACL_METADATA } from '../common/acl-model.js';
import { bucketAclSettings } from '../common/object-acl.js';
import type { HandlerContext, S3Request } from '../handler.js';

/** Upload -> its owner when that is not `bucketOwner` (undefined: the bucket owner). */
export type UploadOwnerOf = (upload: MultipartUploadInfo) => Owner | undefined;

const NONE: UploadOwnerOf = () => undefined;

function hasStoredAcl(u: MultipartUploadInfo): boolean {
  return u.systemMetadata[OBJECT_ACL_METADATA] !== undefined;
}

/**
 * The owner lookup for `uploads` of `bucket`. Reads the bucket's ownership setting only when
 * one of them carries a stored ACL.
 */
export async function uploadOwners(
  req: S3Request, ctx: HandlerContext, bucket: string, uploads: readonly MultipartUploadInfo[], bucketOwner: Owner,
): Promise<UploadOwnerOf> {
  if (!uploads.some(hasStoredAcl)) return NONE;
  const settings = await bucketAclSettings(req, ctx, bucket);
  if (settings.ownership === 'BucketOwnerEnforced') return NONE;
  const nameOf = displayNames(req, ctx);
  return (u) => {
    const owner = decodeAcl(u.systemMetadata[OBJECT_ACL_METADATA])?.owner;
    if (owner === undefined || owner === bucketOwner.ID) return undefined;
    return { ID: owner, DisplayName: nameOf(owner) ?? '' };
  };
}
