/**
 * The stored form of an account's IAM state: one JSON document per account in the system
 * bucket (`iam/accounts/<id>.json`), plus the account index (`iam/accounts.json`). Names
 * follow AWS's (UserName, Path, ...) loosely; times are ISO 8601 strings. Policy documents are
 * kept as the text the client sent (AWS returns them as sent, URL-encoded). Secret access
 * keys are sealed (secret-seal.ts): `sealedSecret` is never the plaintext.
 */

export interface TagRecord {
  readonly Key: string;
  readonly Value: string;
}

/** Inline policies by name: the document text as sent. */
export type InlinePolicies = Record<string, string>;

export interface UserRecord {
  name: string;
  /** AIDA + 17 characters. */
  id: string;
  path: string;
  createDate: string;
  tags: TagRecord[];
  /** ARN of the managed policy used as permissions boundary. */
  boundaryArn?: string;
  inline: InlinePolicies;
  /** ARNs of attached managed policies. */
  attached: string[];
  /** Names of the groups the user is in. */
  groups: string[];
  /** Set by the admin API (`user disable`, MinIO's set-user-status): the user's keys do not sign. */
  disabled?: boolean;
}

export interface GroupRecord {
  name: string;
  /** AGPA + 17 characters. */
  id: string;
  path: string;
  createDate: string;
  inline: InlinePolicies;
  attached: string[];
  /** Set by the admin API (`group disable`): the group's policies do not apply to its members. */
  disabled?: boolean;
}

export interface RoleRecord {
  name: string;
  /** AROA + 17 characters. */
  id: string;
  path: string;
  createDate: string;
  description?: string;
  /** The trust policy (AssumeRolePolicyDocument) text. */
  trust: string;
  /** Seconds, 3600..43200. */
  maxSessionDuration: number;
  tags: TagRecord[];
  boundaryArn?: string;
  inline: InlinePolicies;
  attached: string[];
}

export interface PolicyVersionRecord {
  /** v1, v2, ... */
  id: string;
  document: string;
  createDate: string;
}

export interface ManagedPolicyRecord {
  name: string;
  /** ANPA + 17 characters. */
  id: string;
  path: string;
  description?: string;
  createDate: string;
  updateDate: string;
  defaultVersion: string;
  /** Newest first is not required; at most 5. */
  versions: PolicyVersionRecord[];
  /** The number of the next version (AWS never reuses a version id). */
  nextVersion: number;
  tags: TagRecord[];
}

export type KeyStatus = 'Active' | 'Inactive';

export interface AccessKeyRecord {
  accessKeyId: string;
  /** The IAM user owning the key; absent for the account root's key. */
  userName?: string;
  sealedSecret: string;
  status: KeyStatus;
  createDate: string;
  /** ISO 8601; from then on the key does not sign (admin API `accesskey create --expiry`). */
  expiration?: string;
  /** When, for which service and in which region the key last signed a request (key-usage.ts). */
  lastUsed?: KeyLastUsedRecord;
}

export interface KeyLastUsedRecord {
  date: string;
  service: string;
  region: string;
}

export interface AccountIdentity {
  /** 12 digits. */
  id: string;
  name: string;
  /** 64 hex characters. */
  canonicalUserId: string;
  email?: string;
  createDate: string;
}

export interface AccountDocument {
  version: 1;
  /** Bumped on every write, so two writes never store identical bytes (ETag check). */
  rev: number;
  account: AccountIdentity;
  users: Record<string, UserRecord>;
  groups: Record<string, GroupRecord>;
  roles: Record<string, RoleRecord>;
  /** Managed policies by name (one path per name, as AWS). */
  policies: Record<string, ManagedPolicyRecord>;
  /** Access keys by id: the root's and the users'. */
  keys: Record<string, AccessKeyRecord>;
  /** Cluster account only: policy names mapped to LDAP DNs (ldap-policy-mappings.ts); absent: none. */
  ldapPolicies?: LdapPolicyRecord;
  /** Account-level Block Public Access (S3 Control); absent when not configured. */
  publicAccessBlock?: PublicAccessBlockRecord;
  /** IAM OpenID Connect identity providers by ARN resource (`host/path`); absent: none. */
  oidcProviders?: Record<string, OidcProviderRecord>;
}

/** An IAM OIDC identity provider (CreateOpenIDConnectProvider). */
export interface OidcProviderRecord {
  /** The URL as created, with its scheme (`https://host/path`); the key and the ARN drop the scheme. */
  url: string;
  /** Audiences a token may carry (`aud`), in the order added. */
  clientIds: string[];
  /** SHA-1 thumbprints of the provider's certificate (40 characters each), as given. */
  thumbprints: string[];
  createDate: string;
  tags: TagRecord[];
}

/** LDAP DN (comparison form: see ldap-policy-mappings.ts) -> policy names. */
export interface LdapPolicyRecord {
  users: Record<string, string[]>;
  groups: Record<string, string[]>;
}

export interface PublicAccessBlockRecord {
  BlockPublicAcls: boolean;
  IgnorePublicAcls: boolean;
  BlockPublicPolicy: boolean;
  RestrictPublicBuckets: boolean;
}

export interface AccountIndexDocument {
  version: 1;
  rev: number;
  /** Account id -> name (names are unique). */
  accounts: Record<string, string>;
}
