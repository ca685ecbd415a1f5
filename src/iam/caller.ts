/**
 * The contract between the identity directory (accounts, IAM users, groups, roles, access keys,
 * later STS sessions: `src/iam/store`) and the surfaces that authenticate and authorize
 * requests (the S3 pipeline's authorizer, the IAM API, the admin API).
 *
 * The directory answers from memory (it keeps every account's IAM state cached and refreshes it
 * from the system bucket), so `secretFor` and `resolve` are synchronous: SigV4 verification and
 * authorization never wait on a drive. A key created in another `--workers` process is seen
 * after the directory's next refresh (documented bound), as IAM on AWS is eventually consistent.
 */
import type { PolicySet, PrincipalInfo } from './policy/index.js';

/** The cluster root's account (the one account that exists before any is created). */
export const CLUSTER_ACCOUNT_ID = '000000000000';

/**
 * Block Public Access flags (Amazon S3 User Guide, "Blocking public access to your Amazon S3
 * storage"): the same four at the bucket level and the account level (S3 Control).
 */
export interface PublicAccessBlockFlags {
  readonly BlockPublicAcls: boolean;
  readonly IgnorePublicAcls: boolean;
  readonly BlockPublicPolicy: boolean;
  readonly RestrictPublicBuckets: boolean;
}

/** An account (tenant): owns buckets and IAM identities. */
export interface AccountInfo {
  /** 12 digits, as AWS account ids. */
  readonly id: string;
  readonly name: string;
  /** 64 hex characters: the account's canonical user id (ACL grants, Owner elements). */
  readonly canonicalUserId: string;
  /** E-mail address for `emailAddress=` ACL grants, when one was given. */
  readonly email?: string;
  /** The account-level Block Public Access flags (S3 Control PutPublicAccessBlock), when set. */
  readonly publicAccessBlock?: PublicAccessBlockFlags;
}

/** Who signed a request, resolved from its access key (and session token, for STS keys). */
export interface ResolvedCaller {
  readonly accessKey: string;
  /** The account the caller belongs to. */
  readonly account: AccountInfo;
  /** True for the cluster root (CAIRN_ROOT_USER): the operator of the whole deployment. */
  readonly isClusterRoot: boolean;
  /**
   * The principal for the policy engine: `Account` for an account root (the cluster root is the
   * root of CLUSTER_ACCOUNT_ID), `User` for an IAM user, `AssumedRole` for an STS role session.
   */
  readonly principal: PrincipalInfo;
  /** Identity-based policies (the user's inline and attached ones, its groups', the role's). */
  readonly identity: PolicySet;
  /** Permissions boundary, when one is set. */
  readonly boundary?: PolicySet;
  /** Session policies of a temporary credential. */
  readonly session?: PolicySet;
  /**
   * How a temporary credential was issued (absent for long-term keys): `session-token`
   * (GetSessionToken), `federation-token` (GetFederationToken), `role` (AssumeRole*),
   * `federated` (MinIO-style web identity / LDAP). IAM refuses the first two (AWS: "You cannot
   * call any IAM API operations" with them, unless MFA, which Cairn has not).
   */
  readonly temporary?: TemporaryCredentialKind;
}

export type TemporaryCredentialKind = 'session-token' | 'federation-token' | 'role' | 'federated';

export interface CallerDirectory {
  /**
   * The secret of an active access key, for SigV4 (the S3 pipeline's `CredentialStore`);
   * undefined for an unknown, inactive or deleted key, or an expired / invalid session token.
   */
  secretFor(accessKey: string, sessionToken?: string): string | undefined;
  /** The caller behind an access key that authenticated; undefined when it is gone. */
  resolve(accessKey: string, sessionToken?: string): ResolvedCaller | undefined;
  /** Account lookups for ownership and ACL grants. */
  account(id: string): AccountInfo | undefined;
  accountByCanonicalId(canonicalUserId: string): AccountInfo | undefined;
  accountByEmail(email: string): AccountInfo | undefined;
}

/**
 * Told of every request an access key signed (after authentication), so that IAM's
 * GetAccessKeyLastUsed can answer; implementations write lazily (iam/store/key-usage.ts).
 */
export interface KeyUsageSink {
  note(accessKey: string, service: string, region: string): void;
}
