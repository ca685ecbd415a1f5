/**
 * The request as the policy engine sees it: who asks (principal), for what (action, resource
 * ARN), in which account the resource lives, and the condition keys. Built once per request by
 * the caller (the S3 pipeline, later the IAM API); the engine does no I/O and reads no clock:
 * `now` is passed in and becomes `aws:CurrentTime` / `aws:EpochTime`.
 *
 * Condition key names are case-insensitive (AWS IAM User Guide, "Condition element"), so the
 * keys are stored lower-cased; values keep their case. A key may be multi-valued
 * (`s3:RequestObjectTagKeys`, `aws:TagKeys`).
 */

/** Who makes the request; mirrors `aws:PrincipalType`. */
export type PrincipalType = 'Anonymous' | 'Account' | 'User' | 'AssumedRole' | 'FederatedUser' | 'Service';

export interface PrincipalInfo {
  readonly type: PrincipalType;
  /** Owning account (absent for anonymous and service principals). */
  readonly accountId?: string;
  /** The principal's own ARN: `arn:aws:iam::111122223333:user/alice`, `...:root`, a session ARN. */
  readonly arn?: string;
  /** For an assumed-role session: the role's ARN (`arn:aws:iam::111122223333:role/name`). */
  readonly roleArn?: string;
  /** `aws:userid`: the unique id (AIDA..., AROA...:session, the account id for a root). */
  readonly userId?: string;
  /** `aws:username`: set for IAM users only, as on AWS. */
  readonly username?: string;
  readonly canonicalUserId?: string;
  /** A service principal's name, e.g. `logging.s3.amazonaws.com`. */
  readonly serviceName?: string;
  /** A web-identity / SAML provider for federated principals. */
  readonly federatedProvider?: string;
  /** Principal tags, `aws:PrincipalTag/<key>`. */
  readonly tags?: Readonly<Record<string, string>>;
  /** A session's source identity (`aws:SourceIdentity`), set once and carried into chained sessions. */
  readonly sourceIdentity?: string;
}

export type ContextValue = string | readonly string[];
export type ContextKeys = ReadonlyMap<string, readonly string[]>;

export interface RequestContextInput {
  /** IAM action, `service:Name` (`s3:GetObject`). */
  readonly action: string;
  /** Resource ARN (`arn:aws:s3:::bucket/key`), or `*` for actions without a resource. */
  readonly resource: string;
  readonly principal: PrincipalInfo;
  /** Account owning the resource; absent when it is the principal's own (or no resource). */
  readonly resourceAccount?: string;
  readonly now: Date;
  /**
   * Request condition keys, any case: `aws:SourceIp`, `aws:SecureTransport`, `aws:UserAgent`,
   * `aws:Referer`, `aws:RequestTag/<k>`, `s3:prefix`, `s3:delimiter`, `s3:max-keys`,
   * `s3:x-amz-acl`, `s3:x-amz-grant-*`, `s3:x-amz-server-side-encryption*`,
   * `s3:ExistingObjectTag/<k>`, `s3:RequestObjectTag/<k>`, `s3:RequestObjectTagKeys`,
   * `s3:VersionId`, `s3:signatureversion`, `s3:authType`, `s3:x-amz-content-sha256`,
   * `s3:object-lock-*`, ... An undefined value means the key is absent.
   */
  readonly keys?: Readonly<Record<string, ContextValue | undefined>>;
}

export interface RequestContext {
  readonly action: string;
  /** `action` lower-cased once: actions match case-insensitively. */
  readonly actionLower: string;
  readonly resource: string;
  readonly principal: PrincipalInfo;
  readonly resourceAccount: string | undefined;
  readonly keys: ContextKeys;
}

/** `2026-12-02T05:40:25Z`: the form AWS gives aws:CurrentTime. */
function isoSeconds(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

function principalKeys(p: PrincipalInfo, put: (k: string, v: ContextValue | undefined) => void): void {
  put('aws:PrincipalType', p.type);
  put('aws:PrincipalAccount', p.accountId);
  put('aws:PrincipalArn', p.type === 'AssumedRole' ? p.roleArn ?? p.arn : p.arn);
  put('aws:userid', p.userId);
  put('aws:username', p.type === 'User' ? p.username : undefined);
  put('aws:PrincipalIsAWSService', p.type === 'Service' ? 'true' : 'false');
  put('aws:SourceIdentity', p.sourceIdentity);
  if (p.type === 'Service') put('aws:PrincipalServiceName', p.serviceName);
  if (p.tags) {
    for (const [k, v] of Object.entries(p.tags)) put(`aws:PrincipalTag/${k}`, v);
    put('aws:PrincipalTagKeys', Object.keys(p.tags));
  }
}

/**
 * Builds the evaluated form: lower-cased key names, the principal's global keys and the clock
 * keys added. Keys given by the caller win over derived ones of the same name.
 */
export function createRequestContext(input: RequestContextInput): RequestContext {
  const keys = new Map<string, readonly string[]>();
  const put = (k: string, v: ContextValue | undefined): void => {
    if (v === undefined) return;
    keys.set(k.toLowerCase(), typeof v === 'string' ? [v] : v);
  };
  put('aws:CurrentTime', isoSeconds(input.now));
  put('aws:EpochTime', String(Math.floor(input.now.getTime() / 1000)));
  principalKeys(input.principal, put);
  if (input.keys) for (const [k, v] of Object.entries(input.keys)) put(k, v);
  return {
    action: input.action,
    actionLower: input.action.toLowerCase(),
    resource: input.resource,
    principal: input.principal,
    resourceAccount: input.resourceAccount,
    keys,
  };
}
