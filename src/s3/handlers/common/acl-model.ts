/**
 * Access control lists as Cairn stores them (Amazon S3 User Guide, "Access control list (ACL)
 * overview"): an owner (canonical user id) and grants to canonical users or to the predefined
 * groups, with the five permissions. A bucket's ACL is the `acl` bucket config document, an
 * object version's ACL its system metadata entry `x-cairn-acl`, both as JSON. E-mail grants are
 * resolved to the account's canonical id when the ACL is written, so only these two grantee
 * kinds are stored. Canned ACLs expand here (the "Canned ACL" table).
 */
export const ACL_CONFIG = 'acl';
export const OBJECT_ACL_METADATA = 'x-cairn-acl';

export const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
export const AUTHENTICATED_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';
export const LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery';
const GROUPS: ReadonlySet<string> = new Set([ALL_USERS, AUTHENTICATED_USERS, LOG_DELIVERY]);

export const ACL_PERMISSIONS = ['FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP'] as const;
export type AclPermission = (typeof ACL_PERMISSIONS)[number];

export type Grantee = { readonly type: 'CanonicalUser'; readonly id: string } | { readonly type: 'Group'; readonly uri: string };

export interface AclGrant {
  readonly grantee: Grantee;
  readonly permission: AclPermission;
}

export interface StoredAcl {
  /** The owner's canonical user id. */
  readonly owner: string;
  readonly grants: readonly AclGrant[];
}

export const CANNED_ACLS = [
  'private', 'public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read', 'bucket-owner-read',
  'bucket-owner-full-control', 'log-delivery-write',
] as const;
export type CannedAcl = (typeof CANNED_ACLS)[number];

export function isCannedAcl(v: string): v is CannedAcl {
  return (CANNED_ACLS as readonly string[]).includes(v);
}

export function isAclPermission(v: string): v is AclPermission {
  return (ACL_PERMISSIONS as readonly string[]).includes(v);
}

export function isKnownGroup(uri: string): boolean {
  return GROUPS.has(uri);
}

const user = (id: string, permission: AclPermission): AclGrant => ({ grantee: { type: 'CanonicalUser', id }, permission });
const group = (uri: string, permission: AclPermission): AclGrant => ({ grantee: { type: 'Group', uri }, permission });

/**
 * The ACL a canned name stands for. `owner` is the resource's owner; `bucketOwner` the bucket's
 * (for the bucket-owner-* ACLs on objects; on a bucket they are the owner alone).
 */
export function cannedAcl(name: CannedAcl, owner: string, bucketOwner: string = owner): StoredAcl {
  const grants: AclGrant[] = [user(owner, 'FULL_CONTROL')];
  switch (name) {
    case 'public-read': grants.push(group(ALL_USERS, 'READ')); break;
    case 'public-read-write': grants.push(group(ALL_USERS, 'READ'), group(ALL_USERS, 'WRITE')); break;
    case 'authenticated-read': grants.push(group(AUTHENTICATED_USERS, 'READ')); break;
    case 'bucket-owner-read': if (bucketOwner !== owner) grants.push(user(bucketOwner, 'READ')); break;
    case 'bucket-owner-full-control': if (bucketOwner !== owner) grants.push(user(bucketOwner, 'FULL_CONTROL')); break;
    case 'log-delivery-write': grants.push(group(LOG_DELIVERY, 'WRITE'), group(LOG_DELIVERY, 'READ_ACP')); break;
    default: break;
  }
  return { owner, grants };
}

/** A grant to AllUsers or AuthenticatedUsers makes an ACL public (Block Public Access). */
export function isPublicGrant(g: AclGrant): boolean {
  return g.grantee.type === 'Group' && (g.grantee.uri === ALL_USERS || g.grantee.uri === AUTHENTICATED_USERS);
}

export function isPublicAcl(acl: StoredAcl): boolean {
  return acl.grants.some(isPublicGrant);
}

/** True when the ACL only gives FULL_CONTROL to the given canonical ids (the owner, the bucket owner). */
export function isOwnerOnlyAcl(acl: StoredAcl, owners: readonly string[]): boolean {
  return acl.grants.every((g) => g.permission === 'FULL_CONTROL' && g.grantee.type === 'CanonicalUser' && owners.includes(g.grantee.id));
}

export function encodeAcl(acl: StoredAcl): string {
  return JSON.stringify({ owner: acl.owner, grants: acl.grants });
}

function decodeGrant(v: unknown): AclGrant[] {
  if (typeof v !== 'object' || v === null) return [];
  const { grantee, permission } = v as { grantee?: { type?: unknown; id?: unknown; uri?: unknown }; permission?: unknown };
  if (typeof permission !== 'string' || !isAclPermission(permission) || grantee === undefined) return [];
  if (grantee.type === 'CanonicalUser' && typeof grantee.id === 'string') return [user(grantee.id, permission)];
  if (grantee.type === 'Group' && typeof grantee.uri === 'string') return [group(grantee.uri, permission)];
  return [];
}

/** The stored ACL; undefined when absent or unreadable (an unreadable ACL grants nothing). */
export function decodeAcl(text: string | undefined): StoredAcl | undefined {
  if (text === undefined) return undefined;
  try {
    const o = JSON.parse(text) as { owner?: unknown; grants?: unknown };
    if (typeof o.owner !== 'string' || !Array.isArray(o.grants)) return undefined;
    return { owner: o.owner, grants: o.grants.flatMap(decodeGrant) };
  } catch {
    return undefined;
  }
}
