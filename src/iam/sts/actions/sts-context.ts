/**
 * What every STS action works with: the sources (roles, policies, callers), the token codec,
 * the identity providers (interfaces; their I/O lives in iam/sts/idp) and the clock.
 */
import type { ResolvedCaller } from '../../caller.js';
import type { SessionTokenCodec } from '../session-token.js';
import type { StsSources } from '../sts-sources.js';
import type { XmlField } from '../sts-xml.js';
import type { Claims } from '../web-identity-claims.js';

/** A verified web identity token and the provider that issued it. */
export interface VerifiedWebIdentity {
  readonly claims: Claims;
  /** The `iss` claim (equal to the provider's discovered issuer). */
  readonly issuer: string;
  /** The provider's configured name (`default` for the unsuffixed one). */
  readonly provider: string;
  readonly clientId: string;
  /** The claim that names policies, MinIO style (default `policy`). */
  readonly claimName: string;
  /** Policies every token of this provider gets (CAIRN_IDENTITY_OPENID_ROLE_POLICY), instead of the claim. */
  readonly rolePolicies: readonly string[] | undefined;
}

export interface WebIdentityVerifier {
  /** Verifies signature, iss, aud/azp, exp/nbf; throws StsError (InvalidIdentityToken, ExpiredTokenException, IDPCommunicationError). */
  verify(token: string): Promise<VerifiedWebIdentity>;
}

/** The IAM OIDC providers accounts registered (idp/registered-openid.ts). */
export interface RegisteredWebIdentity {
  /** The verified identity when the token's issuer is a provider of `accountId`, undefined when it is none of its providers. */
  verify(accountId: string, token: string): Promise<VerifiedWebIdentity | undefined>;
}

export interface LdapIdentity {
  /** Binds as the user after a lookup-bind search; throws StsError with the reason. */
  authenticate(username: string, password: string): Promise<{ readonly dn: string; readonly groups: readonly string[] }>;
}

export interface LdapPolicyMappings {
  /** The policies mapped to the user DN and to any of its groups' DNs. */
  policiesFor(userDn: string, groupDns: readonly string[]): string[];
}

export interface StsContext {
  readonly codec: SessionTokenCodec;
  readonly sources: StsSources;
  readonly now: () => Date;
  readonly webIdentity?: WebIdentityVerifier;
  /** The accounts' IAM OIDC providers, tried first for a token asking for a role of that account. */
  readonly registeredWebIdentity?: RegisteredWebIdentity;
  readonly ldap?: LdapIdentity;
  readonly ldapPolicies?: LdapPolicyMappings;
}

/** A signed STS request's caller, as SigV4 + the caller directory resolved it. */
export interface StsCaller {
  readonly caller: ResolvedCaller;
  /** True when the request was signed with temporary credentials. */
  readonly isSession: boolean;
  /** A session caller's own parent key (role chaining keeps the first parent alive-checked). */
  readonly parentAccessKey?: string;
}

export interface StsAnswer {
  /** `AssumeRole`, ...: names the `<XResponse>` / `<XResult>` elements. */
  readonly action: string;
  readonly result: readonly XmlField[];
}
