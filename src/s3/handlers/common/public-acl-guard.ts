/**
 * BlockPublicAcls (Amazon S3 User Guide, "Block public access settings"): a request that would
 * set a public ACL (grant to AllUsers or AuthenticatedUsers) on the bucket or one of its
 * objects is refused with 403 AccessDenied while the setting is on for the bucket or for its
 * owner's account.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { CLUSTER_ACCOUNT_ID } from '../../../iam/caller.js';
import type { HandlerContext } from '../handler.js';
import { isPublicAcl, type StoredAcl } from './acl-model.js';
import { decodePublicAccessBlock, mergePublicAccessBlocks, PUBLIC_ACCESS_BLOCK_CONFIG, type PublicAccessBlock } from './public-access-block.js';

/** The flags in force for a bucket: its own OR its owner account's (S3 Control). */
export async function bucketPublicAccessBlock(ctx: Pick<HandlerContext, 'objects' | 'accounts'>, bucket: string): Promise<PublicAccessBlock | undefined> {
  const [stored, info] = await Promise.all([
    ctx.objects.getBucketConfig({ bucket, name: PUBLIC_ACCESS_BLOCK_CONFIG }),
    ctx.accounts !== undefined ? ctx.objects.headBucket({ bucket }) : undefined,
  ]);
  const account = info === undefined ? undefined : ctx.accounts?.account(info.owner ?? CLUSTER_ACCOUNT_ID)?.publicAccessBlock;
  return mergePublicAccessBlocks(decodePublicAccessBlock(stored), account);
}

export function refusePublicAclIfBlocked(acl: StoredAcl, pab: PublicAccessBlock | undefined): void {
  if (pab?.BlockPublicAcls === true && isPublicAcl(acl)) {
    throw new S3Error('AccessDenied');
  }
}
