/**
 * S3 Object Ownership (Amazon S3 User Guide, "Controlling ownership of objects and disabling
 * ACLs"): the `ownership` bucket config document holds one of the three settings as text.
 * - BucketOwnerEnforced: ACLs are disabled (they grant nothing; only the owner-only ACLs are
 *   accepted) and the bucket owner owns every object. New buckets get it (AWS since 2023).
 * - BucketOwnerPreferred: ACLs work; an object written with bucket-owner-full-control is owned
 *   by the bucket owner (Cairn: every object is, see objectOwnerOf).
 * - ObjectWriter: ACLs work; the writing account owns the object.
 * A bucket without the document (created before, or after DeleteBucketOwnershipControls)
 * behaves as ObjectWriter, as AWS buckets without ownership controls do.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { childElement, childElements, childText, expectRoot, parseXml } from '../../xml/parse-xml.js';

export const OWNERSHIP_CONFIG = 'ownership';
export const OWNERSHIP_VALUES = ['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'] as const;
export type ObjectOwnership = (typeof OWNERSHIP_VALUES)[number];
export const DEFAULT_OWNERSHIP: ObjectOwnership = 'BucketOwnerEnforced';

export function isObjectOwnership(v: string): v is ObjectOwnership {
  return (OWNERSHIP_VALUES as readonly string[]).includes(v);
}

/** The stored setting, or undefined when the document is absent or unreadable. */
export function decodeOwnership(stored: Buffer | undefined): ObjectOwnership | undefined {
  const text = stored?.toString('utf8');
  return text !== undefined && isObjectOwnership(text) ? text : undefined;
}

/** The ownership in force: ObjectWriter when no controls are set. */
export function effectiveOwnership(stored: ObjectOwnership | undefined): ObjectOwnership {
  return stored ?? 'ObjectWriter';
}

/** `x-amz-object-ownership` of CreateBucket, checked (InvalidArgument otherwise). */
export function ownershipHeader(value: string | undefined): ObjectOwnership | undefined {
  if (value === undefined) return undefined;
  if (isObjectOwnership(value)) return value;
  throw new S3Error('InvalidArgument', {
    message: 'Invalid x-amz-object-ownership header',
    extra: { ArgumentName: 'x-amz-object-ownership', ArgumentValue: value },
  });
}

/** The body of PutBucketOwnershipControls: exactly one Rule with a valid ObjectOwnership. */
export function parseOwnershipControls(body: Buffer): ObjectOwnership {
  let doc;
  try {
    doc = parseXml(body, { maxBytes: 64 * 1024 });
    expectRoot(doc, 'OwnershipControls');
  } catch {
    throw new S3Error('MalformedXML');
  }
  const rules = childElements(doc, 'Rule');
  if (rules.length !== 1) throw new S3Error('MalformedXML');
  const value = childText(rules[0]!, 'ObjectOwnership')?.trim();
  if (value === undefined || childElement(rules[0]!, 'ObjectOwnership') === undefined || !isObjectOwnership(value)) {
    throw new S3Error('MalformedXML');
  }
  return value;
}
