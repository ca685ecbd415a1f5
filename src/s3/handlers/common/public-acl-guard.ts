/**
 * BlockPublicAcls (Amazon S3 User Guide, "Block public access settings"): a request that would
 * set a public ACL (grant to AllUsers or AuthenticatedUsers) on the bucket or one of its
 * objects is refused with 403 AccessDenied while the bucket's setting is on.
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { ObjectLayer } from '../../../object/object-layer.js';
import { isPublicAcl, type StoredAcl } from './acl-model.js';
import { decodePublicAccessBlock, PUBLIC_ACCESS_BLOCK_CONFIG, type PublicAccessBlock } from './public-access-block.js';

export async function bucketPublicAccessBlock(objects: ObjectLayer, bucket: string): Promise<PublicAccessBlock | undefined> {
  return decodePublicAccessBlock(await objects.getBucketConfig({ bucket, name: PUBLIC_ACCESS_BLOCK_CONFIG }));
}

export function refusePublicAclIfBlocked(acl: StoredAcl, pab: PublicAccessBlock | undefined): void {
  if (pab?.BlockPublicAcls === true && isPublicAcl(acl)) {
    throw new S3Error('AccessDenied');
  }
}
