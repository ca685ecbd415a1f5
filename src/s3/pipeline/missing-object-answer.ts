/**
 * What a GetObject / HeadObject of a key that does not exist is answered with (Amazon S3 API
 * Reference, GetObject, "Permissions"): 404 NoSuchKey when the caller also has s3:ListBucket
 * on the bucket, otherwise 403 AccessDenied, so a caller who may not list cannot probe which
 * keys exist. Both directions:
 * - the read was allowed and the handler found no object (or a delete marker): without
 *   s3:ListBucket the answer becomes AccessDenied;
 * - the read was denied (e.g. anonymous on a public-read bucket whose object ACL cannot
 *   grant anything because there is no object): with s3:ListBucket, a key that does not
 *   exist is NoSuchKey.
 * s3:ListBucket is asked with s3:prefix set to the key, so a policy that lets the caller list
 * only under `public/` answers NoSuchKey there and AccessDenied elsewhere. Only on these error
 * paths: a found object costs nothing more. A request for a version (`?versionId=`) is left as
 * it is.
 */
import { ObjectDeletedError, ObjectNotFoundError } from '../../errors/domain-errors.js';
import { S3Error } from '../../errors/s3-error.js';
import type { ObjectLayer } from '../../object/object-layer.js';
import type { S3Operation } from '../operations.js';
import type { Authorizer, AuthzRequest } from './authorize.js';

const OBJECT_READS: ReadonlySet<S3Operation> = new Set(['GetObject', 'HeadObject']);

/** The request is a plain object read whose missing-object answer depends on s3:ListBucket. */
export function answersMissingObject(op: S3Operation, who: AuthzRequest): boolean {
  return OBJECT_READS.has(op) && who.bucket !== undefined && who.key !== undefined && who.versionId === undefined;
}

/** The error says the key has no current object (NoSuchKey from the object layer or a handler). */
export function isMissingObject(err: unknown): boolean {
  return err instanceof ObjectNotFoundError || err instanceof ObjectDeletedError || (err instanceof S3Error && err.code === 'NoSuchKey');
}

/** s3:ListBucket on the bucket, asked with s3:prefix = the key (a policy that lets the caller list only under a prefix covers the keys there). */
async function mayList(authorizer: Authorizer, who: AuthzRequest): Promise<boolean> {
  const keys = who.conditionKeys;
  const listing: AuthzRequest = {
    ...who, action: 's3:ListBucket', key: undefined, versionId: undefined,
    conditionKeys: () => ({ ...keys?.(), 's3:prefix': who.key }),
  };
  try {
    return await authorizer.isAllowed(listing);
  } finally {
    authorizer.settled?.(listing);
  }
}

/** After an allowed read found no object: the error to answer with (`err` itself, or AccessDenied). */
export async function missingObjectError(err: unknown, authorizer: Authorizer, who: AuthzRequest): Promise<unknown> {
  return (await mayList(authorizer, who)) ? err : new S3Error('AccessDenied');
}

/** After a denied read: NoSuchKey when the caller may list the bucket and the key has no object, else AccessDenied. */
export async function deniedReadError(objects: Pick<ObjectLayer, 'headObject'>, authorizer: Authorizer, who: AuthzRequest): Promise<unknown> {
  if (!(await mayList(authorizer, who))) return new S3Error('AccessDenied');
  try {
    await objects.headObject({ bucket: who.bucket!, key: who.key! });
  } catch (err) {
    if (isMissingObject(err)) return err;
  }
  return new S3Error('AccessDenied');
}
