/**
 * The condition keys a policy can test, read from one S3 request (AWS: "Amazon S3 condition
 * key examples" and "Actions, resources, and condition keys for Amazon S3"). Built by the
 * pipeline only when a bucket policy has to be evaluated (authorize.ts asks lazily).
 *
 * Global keys: aws:SourceIp (the peer address), aws:SecureTransport (TLS socket),
 * aws:UserAgent, aws:Referer. S3 keys: s3:prefix / s3:delimiter / s3:max-keys (listings),
 * s3:VersionId, s3:x-amz-acl, s3:x-amz-grant-*, s3:x-amz-server-side-encryption*,
 * s3:x-amz-copy-source, s3:x-amz-metadata-directive, s3:x-amz-storage-class,
 * s3:object-lock-*, s3:x-amz-content-sha256, s3:signatureversion, s3:authType,
 * s3:RequestObjectTag/<k> and s3:RequestObjectTagKeys (from x-amz-tagging; the same tags as
 * aws:RequestTag/<k> and aws:TagKeys), s3:object-lock-remaining-retention-days (whole days from
 * now to x-amz-object-lock-retain-until-date, rounded up).
 * s3:ExistingObjectTag/<k> comes from the stored object: the authorizer reads it lazily
 * (object-facts.ts), only when a statement tests it.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ContextValue } from '../../iam/policy/index.js';
import type { AuthResult } from '../sigv4/index.js';

export interface ConditionKeySource {
  readonly headers: IncomingHttpHeaders;
  readonly query: URLSearchParams;
  readonly remoteAddress: string | undefined;
  readonly secure: boolean;
  /** How the request was signed; a browser POST upload is signed by its form (authType POST). */
  readonly auth: AuthResult | { readonly post: true; readonly anonymous: boolean };
  /** The request time (s3:object-lock-remaining-retention-days); the clock when absent. */
  readonly now?: Date;
}

const DAY_MS = 86_400_000;

function remainingRetentionDays(retainUntil: string | undefined, now: Date): string | undefined {
  if (retainUntil === undefined) return undefined;
  const at = Date.parse(retainUntil);
  if (Number.isNaN(at)) return undefined;
  return String(Math.max(0, Math.ceil((at - now.getTime()) / DAY_MS)));
}

const HEADER_KEYS = [
  'x-amz-acl', 'x-amz-grant-read', 'x-amz-grant-write', 'x-amz-grant-read-acp', 'x-amz-grant-write-acp', 'x-amz-grant-full-control',
  'x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id', 'x-amz-server-side-encryption-customer-algorithm',
  'x-amz-copy-source', 'x-amz-metadata-directive', 'x-amz-storage-class', 'x-amz-content-sha256',
] as const;
const LOCK_KEYS: ReadonlyArray<[string, string]> = [
  ['x-amz-object-lock-mode', 's3:object-lock-mode'],
  ['x-amz-object-lock-retain-until-date', 's3:object-lock-retain-until-date'],
  ['x-amz-object-lock-legal-hold', 's3:object-lock-legal-hold'],
];

function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function authType(auth: ConditionKeySource['auth']): string | undefined {
  if (auth.anonymous) return undefined;
  if ('post' in auth) return 'POST';
  return auth.method === 'presigned' ? 'REST-QUERY-STRING' : 'REST-HEADER';
}

function signatureVersion(auth: ConditionKeySource['auth']): string | undefined {
  if (auth.anonymous || 'post' in auth) return undefined;
  return auth.version === 4 ? 'AWS4-HMAC-SHA256' : 'AWS';
}

const HEADER_KEY_NAMES: ReadonlyArray<[string, string]> = HEADER_KEYS.map((name) => [name, `s3:${name}`]);

/** The request's keys; an absent key is left out (the policy engine reads it as absent). */
export function policyConditionKeys(src: ConditionKeySource): Record<string, ContextValue | undefined> {
  const { headers: h, query: q } = src;
  const keys: Record<string, ContextValue | undefined> = {
    'aws:SecureTransport': src.secure ? 'true' : 'false',
  };
  const put = (key: string, value: ContextValue | null | undefined): void => {
    if (value !== undefined && value !== null) keys[key] = value;
  };
  put('aws:SourceIp', src.remoteAddress);
  put('aws:UserAgent', header(h, 'user-agent'));
  put('aws:Referer', header(h, 'referer'));
  if (q.size > 0) {
    put('s3:prefix', q.get('prefix'));
    put('s3:delimiter', q.get('delimiter'));
    put('s3:max-keys', q.get('max-keys'));
    put('s3:VersionId', q.get('versionId'));
  }
  put('s3:signatureversion', signatureVersion(src.auth));
  put('s3:authType', authType(src.auth));
  for (const [name, key] of HEADER_KEY_NAMES) put(key, header(h, name));
  for (const [name, key] of LOCK_KEYS) put(key, header(h, name));
  const retainUntil = header(h, 'x-amz-object-lock-retain-until-date');
  if (retainUntil !== undefined) put('s3:object-lock-remaining-retention-days', remainingRetentionDays(retainUntil, src.now ?? new Date()));
  const tagging = header(h, 'x-amz-tagging');
  if (tagging !== undefined) {
    const tags = new URLSearchParams(tagging);
    for (const [k, v] of tags) {
      keys[`s3:RequestObjectTag/${k}`] = v;
      keys[`aws:RequestTag/${k}`] = v;
    }
    keys['s3:RequestObjectTagKeys'] = [...tags.keys()];
    keys['aws:TagKeys'] = [...tags.keys()];
  }
  return keys;
}
