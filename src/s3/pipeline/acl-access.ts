/**
 * Which S3 actions an ACL grant permits (Amazon S3 User Guide, "Access control list (ACL)
 * overview", "Mapping of ACL permissions and access policy permissions"), and whether a stored
 * ACL grants one to a caller. Pure.
 *
 * Bucket ACL: READ -> ListBucket, ListBucketVersions, ListBucketMultipartUploads; WRITE ->
 * PutObject, DeleteObject, DeleteObjectVersion (objects of the bucket), and AbortMultipartUpload,
 * ListMultipartUploadParts (the initiator of an upload may stop it and list its parts, "Multipart
 * upload API and permissions"; a WRITE grantee starts uploads, so it can end them); READ_ACP ->
 * GetBucketAcl; WRITE_ACP -> PutBucketAcl. Object ACL: READ -> GetObject, GetObjectVersion,
 * GetObjectTorrent; READ_ACP -> GetObjectAcl, GetObjectVersionAcl; WRITE_ACP -> PutObjectAcl,
 * PutObjectVersionAcl. FULL_CONTROL -> all four of its resource.
 */
import {
  ALL_USERS, AUTHENTICATED_USERS, isPublicGrant, type AclGrant, type AclPermission, type StoredAcl,
} from '../handlers/common/acl-model.js';

type Table = Readonly<Record<Exclude<AclPermission, 'FULL_CONTROL'>, readonly string[]>>;

const BUCKET_TABLE: Table = {
  READ: ['s3:listbucket', 's3:listbucketversions', 's3:listbucketmultipartuploads'],
  WRITE: ['s3:putobject', 's3:deleteobject', 's3:deleteobjectversion', 's3:abortmultipartupload', 's3:listmultipartuploadparts'],
  READ_ACP: ['s3:getbucketacl'],
  WRITE_ACP: ['s3:putbucketacl'],
};
const OBJECT_TABLE: Table = {
  READ: ['s3:getobject', 's3:getobjectversion', 's3:getobjecttorrent'],
  WRITE: [],
  READ_ACP: ['s3:getobjectacl', 's3:getobjectversionacl'],
  WRITE_ACP: ['s3:putobjectacl', 's3:putobjectversionacl'],
};

function permissionsFor(table: Table, actionLower: string): ReadonlySet<AclPermission> {
  const out = new Set<AclPermission>();
  for (const [perm, actions] of Object.entries(table) as Array<[AclPermission, readonly string[]]>) {
    if (actions.includes(actionLower)) out.add(perm);
  }
  if (out.size > 0) out.add('FULL_CONTROL');
  return out;
}

/** Whether an action can be granted by the bucket's ACL, or by the object's. */
export function aclKindOf(actionLower: string): 'bucket' | 'object' | undefined {
  if (permissionsFor(BUCKET_TABLE, actionLower).size > 0) return 'bucket';
  if (permissionsFor(OBJECT_TABLE, actionLower).size > 0) return 'object';
  return undefined;
}

export interface AclCaller {
  /** The caller account's canonical user id; undefined for an anonymous request. */
  readonly canonicalUserId: string | undefined;
}

/** How a grant reaches the caller: through a group (AllUsers, AuthenticatedUsers) or its account's canonical id. */
export type AclMatch = 'group' | 'account';

function granteeMatch(g: AclGrant, who: AclCaller): AclMatch | undefined {
  if (g.grantee.type === 'CanonicalUser') return who.canonicalUserId !== undefined && g.grantee.id === who.canonicalUserId ? 'account' : undefined;
  if (g.grantee.uri === ALL_USERS) return 'group';
  return g.grantee.uri === AUTHENTICATED_USERS && who.canonicalUserId !== undefined ? 'group' : undefined;
}

/**
 * How `acl` (the bucket's or the object's, as `kind` says) grants the action to the caller:
 * 'group' when a group grant does (it applies to any member directly), 'account' when only a
 * grant to the caller's account does (as on AWS, an IAM user of that account also needs its
 * own identity Allow), undefined when none does. `ignorePublic` (IgnorePublicAcls) drops the
 * grants to AllUsers / AuthenticatedUsers.
 */
export function aclGrants(acl: StoredAcl | undefined, kind: 'bucket' | 'object', actionLower: string, who: AclCaller, ignorePublic: boolean): AclMatch | undefined {
  if (acl === undefined) return undefined;
  const wanted = permissionsFor(kind === 'bucket' ? BUCKET_TABLE : OBJECT_TABLE, actionLower);
  if (wanted.size === 0) return undefined;
  let found: AclMatch | undefined;
  for (const g of acl.grants) {
    if (!wanted.has(g.permission) || (ignorePublic && isPublicGrant(g))) continue;
    const m = granteeMatch(g, who);
    if (m === 'group') return m;
    found ??= m;
  }
  return found;
}
