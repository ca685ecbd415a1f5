/**
 * What a session token carries (sealed by session-token.ts, never readable by the client):
 * enough to rebuild the caller on every request without a lookup table, so a session works in
 * every `--workers` process and survives a restart. Times are epoch seconds.
 */
export type SessionKind =
  /** AssumeRole / AssumeRoleWithWebIdentity with a RoleArn: the role's policies apply. */
  | 'role'
  /** GetSessionToken: the parent user's own permissions. */
  | 'user'
  /** MinIO style web identity / LDAP: the policies named by the IdP claim or the LDAP mapping. */
  | 'federated'
  /** GetFederationToken: the parent user's permissions narrowed by the session policies (none: nothing). */
  | 'federation';

export interface SessionClaims {
  readonly v: 1;
  readonly accessKey: string;
  readonly secret: string;
  readonly kind: SessionKind;
  /** The long-term access key that created the session (AssumeRole, GetSessionToken). */
  readonly parentAccessKey?: string;
  readonly accountId: string;
  readonly roleArn?: string;
  readonly roleId?: string;
  readonly sessionName?: string;
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** Inline session policy (JSON text as given). */
  readonly policy?: string;
  /** Managed policies passed as PolicyArns (session policies). */
  readonly policyArns?: readonly string[];
  /** Session tags (aws:PrincipalTag/*). */
  readonly tags?: Readonly<Record<string, string>>;
  /** Federated sessions: the policies they were granted by name. */
  readonly policies?: readonly string[];
  /** Federated sessions: `openid:<provider>` or `ldap`. */
  readonly provider?: string;
  /** Federated sessions: the token's `sub` or the LDAP user DN. */
  readonly subject?: string;
  /** LDAP sessions: the user's groups at issue time (for audit and GetCallerIdentity). */
  readonly groups?: readonly string[];
  /** The source identity (AssumeRole SourceIdentity, a web identity's source_identity claim), carried into chained sessions. */
  readonly sourceIdentity?: string;
}
