/**
 * The STS side of the composition: the caller directory (the IAM store's, then the static
 * identities file when one is configured: compose/sts-sources.ts) with sessions in front, the
 * session resolver with the token key derived from the root secret, the identity providers of
 * the config, and the STS listener. LDAP users' policies come from the IAM store's LDAP mappings
 * (`cairn admin idp ldap policy attach`), then from the static identities file.
 */
import type { CallerDirectory } from '../iam/caller.js';
import type { IdentityConfig } from '../config/index.js';
import type { StsContext } from '../iam/sts/actions/sts-context.js';
import { createStsListener } from '../sts-api/sts-listener.js';
import { LdapDirectory } from '../iam/sts/idp/ldap-identity.js';
import { OpenIdProvider } from '../iam/sts/idp/openid-provider.js';
import { OpenIdVerifier } from '../iam/sts/idp/openid-verifier.js';
import { RegisteredOpenId } from '../iam/sts/idp/registered-openid.js';
import { SessionResolver, withSessions } from '../iam/sts/session-resolver.js';
import { SessionTokenCodec } from '../iam/sts/session-token.js';
import type { S3RequestListener } from '../s3/pipeline.js';
import type { Logger } from '../s3/pipeline/logger.js';
import { IdpProbes } from './idp-probes.js';
import { StaticIdentityFile } from './static-identity-file.js';
import { callersOf, stsSources } from './sts-sources.js';
import type { IamCallerDirectory, LdapPolicyMappingStore } from '../iam/store/index.js';
import type { LdapPolicyAdmin } from '../admin/index.js';
import type { LdapPolicyMappings } from '../iam/sts/actions/sts-context.js';
import { createLdapPolicyAdmin } from './ldap-policy-admin.js';

export interface ComposedSts {
  readonly listener: S3RequestListener;
  /** Root, static users and sessions: the S3 pipeline's and the admin API's credential store. */
  readonly callers: CallerDirectory;
  readonly openid: readonly OpenIdProvider[];
  readonly ldap: LdapDirectory | undefined;
  /** Reachability of the providers (cairn_idp_online); started by compose. */
  readonly probes: IdpProbes;
  /** The admin API's LDAP policy mappings, when LDAP is configured. */
  readonly ldapPolicies: LdapPolicyAdmin | undefined;
}

export interface ComposeStsOptions {
  readonly identity: IdentityConfig;
  readonly root: { accessKey: string; secretKey: string };
  /** The IAM store's callers, roles and managed policies. */
  readonly iam: IamCallerDirectory;
  /** LDAP policy mappings kept in the IAM store. */
  readonly ldapMappings?: LdapPolicyMappingStore;
  readonly logger: Logger;
  readonly region: string;
}

export function composeSts(opts: ComposeStsOptions): ComposedSts {
  const path = opts.identity.staticIdentitiesFile;
  const file = path !== undefined ? new StaticIdentityFile(opts.root, path, opts.logger) : undefined;
  const directory = callersOf(opts.iam, file);
  const codec = SessionTokenCodec.fromRootSecret(opts.root.secretKey);
  const sources = stsSources(opts.iam, file, directory);
  const sessions = new SessionResolver({ codec, sources });
  const callers = withSessions(directory, sessions);
  const openid = opts.identity.openid.map((p) => new OpenIdProvider(p));
  const ldap = opts.identity.ldap === undefined ? undefined : new LdapDirectory(opts.identity.ldap);
  const ldapPolicies = ldapMappingsOf(opts.ldapMappings, file);
  const context: StsContext = {
    codec, sources, now: () => new Date(),
    ...(openid.length > 0 ? { webIdentity: new OpenIdVerifier(openid) } : {}),
    registeredWebIdentity: new RegisteredOpenId(opts.iam),
    ...(ldap !== undefined ? { ldap, ...(ldapPolicies !== undefined ? { ldapPolicies } : {}) } : {}),
  };
  const listener = createStsListener({ context, callers, sessions, logger: opts.logger, region: opts.region });
  const probes = new IdpProbes([
    ...openid.map((p) => ({ type: 'openid' as const, name: p.config.name, probe: () => p.probe() })),
    ...(ldap !== undefined ? [{ type: 'ldap' as const, name: 'ldap', probe: () => ldap.probe() }] : []),
  ]);
  const ldapAdmin = ldap !== undefined && opts.ldapMappings !== undefined
    ? createLdapPolicyAdmin(opts.ldapMappings, (name) => sources.policies.policy(name) !== undefined) : undefined;
  return { listener, callers, openid, ldap, probes, ldapPolicies: ldapAdmin };
}

/** The IAM store's mappings, then the static file's: a DN gets the policies of both. */
function ldapMappingsOf(store: LdapPolicyMappings | undefined, file: LdapPolicyMappings | undefined): LdapPolicyMappings | undefined {
  if (store === undefined || file === undefined) return store ?? file;
  return { policiesFor: (dn, groups) => [...new Set([...store.policiesFor(dn, groups), ...file.policiesFor(dn, groups)])] };
}
