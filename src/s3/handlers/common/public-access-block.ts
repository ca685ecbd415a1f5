/**
 * S3 Block Public Access, bucket level (Amazon S3 User Guide, "Blocking public access to your
 * Amazon S3 storage"): the `public-access-block` bucket config document holds the four flags as
 * JSON. What each does:
 * - BlockPublicAcls: PutBucketAcl / PutObjectAcl / PutObject / CopyObject /
 *   CreateMultipartUpload with a public ACL (a grant to AllUsers or AuthenticatedUsers) are
 *   refused with AccessDenied.
 * - IgnorePublicAcls: public ACL grants are ignored by authorization.
 * - BlockPublicPolicy: PutBucketPolicy of a public policy is refused with AccessDenied.
 * - RestrictPublicBuckets: when the bucket's policy is public, only principals of the bucket
 *   owner's account may be allowed by it (anonymous and cross-account access through the
 *   policy is blocked, non-public delegations included).
 * The account-level settings (S3 Control, s3/control/) count too: in force is, flag by flag,
 * the bucket's OR its owner account's (`mergePublicAccessBlocks`), the most restrictive
 * combination as on AWS.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { toXml } from '../../xml/build-xml.js';
import { childElements, childText, expectRoot, parseXml } from '../../xml/parse-xml.js';

export const PUBLIC_ACCESS_BLOCK_CONFIG = 'public-access-block';

export interface PublicAccessBlock {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

const FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;

/** The flags in force: each one on when it is on in either (undefined when neither is set). */
export function mergePublicAccessBlocks(a: PublicAccessBlock | undefined, b: PublicAccessBlock | undefined): PublicAccessBlock | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return {
    BlockPublicAcls: a.BlockPublicAcls || b.BlockPublicAcls, IgnorePublicAcls: a.IgnorePublicAcls || b.IgnorePublicAcls,
    BlockPublicPolicy: a.BlockPublicPolicy || b.BlockPublicPolicy, RestrictPublicBuckets: a.RestrictPublicBuckets || b.RestrictPublicBuckets,
  };
}

export function encodePublicAccessBlock(pab: PublicAccessBlock): Buffer {
  return Buffer.from(JSON.stringify(pab), 'utf8');
}

/** The stored flags; undefined when absent (an unreadable document blocks everything). */
export function decodePublicAccessBlock(stored: Buffer | undefined): PublicAccessBlock | undefined {
  if (stored === undefined) return undefined;
  try {
    const o = JSON.parse(stored.toString('utf8')) as Record<string, unknown>;
    return {
      BlockPublicAcls: o['BlockPublicAcls'] === true, IgnorePublicAcls: o['IgnorePublicAcls'] === true,
      BlockPublicPolicy: o['BlockPublicPolicy'] === true, RestrictPublicBuckets: o['RestrictPublicBuckets'] === true,
    };
  } catch {
    return { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
  }
}

function flag(text: string | undefined): boolean {
  const v = text?.trim().toLowerCase();
  if (v === undefined || v === 'false') return false;
  if (v === 'true') return true;
  throw new S3Error('MalformedXML');
}

/** PutPublicAccessBlock's PublicAccessBlockConfiguration body; a missing flag is false. */
export function parsePublicAccessBlock(body: Buffer): PublicAccessBlock {
  let doc;
  try {
    doc = parseXml(body, { maxBytes: 64 * 1024 });
    expectRoot(doc, 'PublicAccessBlockConfiguration');
  } catch {
    throw new S3Error('MalformedXML');
  }
  for (const f of FLAGS) if (childElements(doc, f).length > 1) throw new S3Error('MalformedXML');
  return {
    BlockPublicAcls: flag(childText(doc, 'BlockPublicAcls')), IgnorePublicAcls: flag(childText(doc, 'IgnorePublicAcls')),
    BlockPublicPolicy: flag(childText(doc, 'BlockPublicPolicy')), RestrictPublicBuckets: flag(childText(doc, 'RestrictPublicBuckets')),
  };
}

/** The PublicAccessBlockConfiguration document (S3's namespace, or S3 Control's when given). */
export function publicAccessBlockXml(pab: PublicAccessBlock, namespace?: string): string {
  return toXml('PublicAccessBlockConfiguration', {
    BlockPublicAcls: String(pab.BlockPublicAcls), IgnorePublicAcls: String(pab.IgnorePublicAcls),
    BlockPublicPolicy: String(pab.BlockPublicPolicy), RestrictPublicBuckets: String(pab.RestrictPublicBuckets),
  }, namespace !== undefined ? { namespace } : {});
}
