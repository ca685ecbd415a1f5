/**
 * Shared by PutObjectTagging and DeleteObjectTagging: rewrites the tag set of an object's
 * latest version in place.
 *
 * The object layer has no "update metadata of a version" primitive; its CopyObject onto the
 * same key (latest null version, unversioned bucket) is a metadata-only rewrite that keeps
 * the data, ETag, parts and checksum. That is what is used here, guarded by If-Match on the
 * ETag that was read so a concurrent overwrite is not clobbered (409 then, as S3 answers a
 * conflicting write). Known differences from AWS, which tags a version without touching it:
 * - Last-Modified becomes the time of the tagging call;
 * - buckets that have ever had versioning (Enabled or Suspended), and ?versionId other than
 *   "null", are refused with 501 NotImplemented instead of tagging the named version.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { PreconditionFailedError } from '../../../errors/domain-errors.js';
import type { ObjectInfo } from '../../../object/object-layer.js';
import type { HandlerContext } from '../handler.js';
import { withTags, type Tag } from '../common/object-tags.js';
import { bucketVersioning } from '../common/versioning.js';

export interface ReplaceTagsInput {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string | undefined;
  readonly tags: readonly Tag[];
}

export async function replaceObjectTags(ctx: HandlerContext, input: ReplaceTagsInput): Promise<ObjectInfo> {
  const { bucket, key, versionId } = input;
  const versioning = await bucketVersioning(ctx.objects, bucket);
  const current = await ctx.objects.headObject(bucket, key, versionId !== undefined ? { versionId } : {});
  if (versioning !== 'Unversioned' || (versionId !== undefined && versionId !== 'null')) {
    throw new S3Error('NotImplemented', {
      message: 'Changing the tags of an object in a versioning-enabled or suspended bucket is not implemented by this server; set them with x-amz-tagging when writing the object.',
    });
  }
  try {
    return await ctx.objects.copyObject(bucket, key, bucket, key, {
      metadataDirective: 'REPLACE',
      contentType: current.contentType,
      userMetadata: current.userMetadata,
      systemMetadata: withTags(current.systemMetadata, input.tags),
      storageClass: current.storageClass,
      versioned: false,
      sourceConditions: { ifMatch: current.etag },
    });
  } catch (err) {
    if (err instanceof PreconditionFailedError) {
      throw new S3Error('ConditionalRequestConflict', { message: 'The object was changed while its tags were being written; retry the request.', cause: err });
    }
    throw err;
  }
}
