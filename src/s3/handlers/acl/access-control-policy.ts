/**
 * The AccessControlPolicy document GetBucketAcl / GetObjectAcl answer: the owner, then one
 * Grant per stored grant (CanonicalUser grantees with their account's display name, Group
 * grantees by URI). Under BucketOwnerEnforced (ACLs disabled) the ACL is the owner's
 * FULL_CONTROL grant alone, as AWS reports it.
 */
import { ATTRS, toXml, type XmlObject } from '../../xml/build-xml.js';
import type { StoredAcl } from '../common/acl-model.js';
import type { HandlerContext, S3Request } from '../handler.js';
import { callerOwner } from '../common/owner.js';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** Display names of canonical ids: the account's name, when the directory knows it. */
export function displayNames(req: S3Request, ctx: HandlerContext): (canonicalId: string) => string | undefined {
  const caller = callerOwner(req);
  return (id) => ctx.accounts?.accountByCanonicalId(id)?.name ?? (id === caller.ID ? caller.DisplayName : undefined);
}

export function accessControlPolicyXml(acl: StoredAcl, nameOf: (canonicalId: string) => string | undefined): string {
  const grants: XmlObject[] = acl.grants.map((g) => ({
    Grantee: g.grantee.type === 'CanonicalUser'
      ? { [ATTRS]: { 'xmlns:xsi': XSI, 'xsi:type': 'CanonicalUser' }, ID: g.grantee.id, DisplayName: nameOf(g.grantee.id) }
      : { [ATTRS]: { 'xmlns:xsi': XSI, 'xsi:type': 'Group' }, URI: g.grantee.uri },
    Permission: g.permission,
  }));
  return toXml('AccessControlPolicy', {
    Owner: { ID: acl.owner, DisplayName: nameOf(acl.owner) },
    AccessControlList: { Grant: grants },
  });
}
