/**
 * The ACL a request asks for (Amazon S3 API Reference, PutObjectAcl / PutBucketAcl /
 * CreateBucket / PutObject "Request headers"): a canned ACL (`x-amz-acl`), explicit grant headers
 * (`x-amz-grant-read: id="...", emailAddress="...", uri="..."`), or an AccessControlPolicy
 * body. Canonical ids must name a known account (InvalidArgument "Invalid id"), e-mail
 * addresses resolve to their account's canonical id (UnresolvableGrantByEmailAddress), group
 * URIs must be one of the predefined groups.
 */
import { S3Error } from '../../../errors/s3-error.js';
import { childElement, childElements, childText, parseXml, type XmlElement } from '../../xml/parse-xml.js';
import {
  cannedAcl, isAclPermission, isCannedAcl, isKnownGroup, type AclGrant, type AclPermission, type Grantee, type StoredAcl,
} from './acl-model.js';

export interface GranteeResolver {
  /** Whether a canonical user id names an account. */
  knowsCanonicalId(id: string): boolean;
  /** The canonical id of the account with this e-mail address. */
  canonicalIdOfEmail(email: string): string | undefined;
}

const GRANT_HEADERS: ReadonlyArray<[string, AclPermission]> = [
  ['x-amz-grant-full-control', 'FULL_CONTROL'], ['x-amz-grant-read', 'READ'], ['x-amz-grant-read-acp', 'READ_ACP'],
  ['x-amz-grant-write', 'WRITE'], ['x-amz-grant-write-acp', 'WRITE_ACP'],
];

function headerOf(headers: Readonly<Record<string, string | string[] | undefined>>, name: string): string | undefined {
  const v = headers[name];
  const s = Array.isArray(v) ? v.join(',') : v;
  return s === undefined || s.trim() === '' ? undefined : s;
}

function invalidId(id: string): S3Error {
  return new S3Error('InvalidArgument', { message: 'Invalid id', extra: { ArgumentName: 'CanonicalUser/ID', ArgumentValue: id } });
}

function resolveGrantee(kind: string, value: string, resolver: GranteeResolver): Grantee {
  switch (kind.toLowerCase()) {
    case 'id':
      if (!resolver.knowsCanonicalId(value)) throw invalidId(value);
      return { type: 'CanonicalUser', id: value };
    case 'emailaddress': {
      const id = resolver.canonicalIdOfEmail(value);
      if (id === undefined) throw new S3Error('UnresolvableGrantByEmailAddress', { extra: { EmailAddress: value } });
      return { type: 'CanonicalUser', id };
    }
    case 'uri':
      if (!isKnownGroup(value)) throw new S3Error('InvalidArgument', { message: 'Invalid group uri', extra: { ArgumentName: 'uri', ArgumentValue: value } });
      return { type: 'Group', uri: value };
    default:
      throw new S3Error('InvalidArgument', { message: 'Argument format not recognized', extra: { ArgumentName: kind, ArgumentValue: value } });
  }
}

/** `id="a", emailAddress="b@c", uri="..."` -> grantees. */
function parseGrantList(header: string, value: string, resolver: GranteeResolver): Grantee[] {
  const out: Grantee[] = [];
  const re = /\s*([A-Za-z]+)\s*=\s*(?:"([^"]*)"|([^,\s]+))\s*(?:,|$)/gy;
  let at = 0;
  for (let m = re.exec(value); m !== null && m[0] !== ''; m = re.exec(value)) {
    out.push(resolveGrantee(m[1]!, m[2] ?? m[3] ?? '', resolver));
    at = re.lastIndex;
  }
  if (at !== value.length || out.length === 0) {
    throw new S3Error('InvalidArgument', { message: 'Argument format not recognized', extra: { ArgumentName: header, ArgumentValue: value } });
  }
  return out;
}

/** Whether the request carries any ACL header (canned or grant). */
export function hasAclHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  return headerOf(headers, 'x-amz-acl') !== undefined || GRANT_HEADERS.some(([h]) => headerOf(headers, h) !== undefined);
}

/**
 * The ACL of the request's headers, or undefined when it has none. `owner` owns the resource;
 * `bucketOwner` is the bucket's owner (bucket-owner-* canned ACLs).
 */
export function aclFromHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>, owner: string, bucketOwner: string, resolver: GranteeResolver,
): StoredAcl | undefined {
  const canned = headerOf(headers, 'x-amz-acl')?.trim();
  const grantHeaders = GRANT_HEADERS.filter(([h]) => headerOf(headers, h) !== undefined);
  if (canned !== undefined && grantHeaders.length > 0) {
    throw new S3Error('InvalidRequest', { message: 'Specifying both Canned ACLs and Header Grants is not allowed' });
  }
  if (canned !== undefined) {
    if (!isCannedAcl(canned)) throw new S3Error('InvalidArgument', { extra: { ArgumentName: 'x-amz-acl', ArgumentValue: canned } });
    return cannedAcl(canned, owner, bucketOwner);
  }
  if (grantHeaders.length === 0) return undefined;
  const grants: AclGrant[] = [];
  for (const [h, permission] of grantHeaders) {
    for (const grantee of parseGrantList(h, headerOf(headers, h)!, resolver)) grants.push({ grantee, permission });
  }
  return { owner, grants };
}

function granteeOf(el: XmlElement, resolver: GranteeResolver): Grantee {
  const type = Object.entries(el.attributes).find(([k]) => k === 'type' || k.endsWith(':type'))?.[1];
  const id = childText(el, 'ID')?.trim();
  const email = childText(el, 'EmailAddress')?.trim();
  const uri = childText(el, 'URI')?.trim();
  if (type === 'CanonicalUser' && id !== undefined) return resolveGrantee('id', id, resolver);
  if (type === 'AmazonCustomerByEmail' && email !== undefined) return resolveGrantee('emailAddress', email, resolver);
  if (type === 'Group' && uri !== undefined) return resolveGrantee('uri', uri, resolver);
  throw new S3Error('MalformedACLError');
}

/**
 * An AccessControlPolicy body. Its Owner ID must be the resource owner's (AWS answers
 * AccessDenied otherwise).
 */
export function aclFromXml(body: Buffer, owner: string, resolver: GranteeResolver): StoredAcl {
  let doc: XmlElement;
  try {
    doc = parseXml(body, { maxBytes: 64 * 1024 });
  } catch {
    throw new S3Error('MalformedACLError');
  }
  if (doc.name !== 'AccessControlPolicy') throw new S3Error('MalformedACLError');
  const ownerEl = childElement(doc, 'Owner');
  const ownerId = ownerEl === undefined ? undefined : childText(ownerEl, 'ID')?.trim();
  if (ownerId === undefined) throw new S3Error('MalformedACLError');
  if (ownerId !== owner) throw new S3Error('AccessDenied');
  const list = childElement(doc, 'AccessControlList');
  const grants: AclGrant[] = [];
  for (const g of list === undefined ? [] : childElements(list, 'Grant')) {
    const granteeEl = childElement(g, 'Grantee');
    const permission = childText(g, 'Permission')?.trim();
    if (granteeEl === undefined || permission === undefined || !isAclPermission(permission)) throw new S3Error('MalformedACLError');
    grants.push({ grantee: granteeOf(granteeEl, resolver), permission });
  }
  return { owner, grants };
}
