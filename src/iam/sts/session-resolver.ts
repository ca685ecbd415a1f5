/**
 * Temporary credentials -> the caller, for SigV4 and the authorizers (the session half of the
 * `CallerDirectory` contract, src/iam/caller.ts):
 *
 * - `secretFor(ak, token)`: opens the token (SessionTokenInvalidError: S3 InvalidToken), checks
 *   its expiry to the second (SessionTokenExpiredError: S3 ExpiredToken "The provided token has
 *   expired."), and that the session is still alive: its parent access key still resolves
 *   (deleted / disabled user or key kills it) and, for a role session, the role still exists.
 *   A dead session answers undefined (InvalidAccessKeyId).
 * - `resolve(ak, token)`: the ResolvedCaller: an assumed role (identity = the role's policies as
 *   they are now, session = the inline Policy + PolicyArns), a GetSessionToken session (the
 *   parent's own caller), or a MinIO-style federated session (identity = its named policies).
 *
 * Opened tokens and their compiled session policies are cached per access key (bounded).
 */
import { MalformedPolicyError, SessionTokenExpiredError, SessionTokenInvalidError } from '../../errors/domain-errors.js';
import type { CallerDirectory, ResolvedCaller } from '../caller.js';
import { parsePolicy, PolicySet, type CompiledPolicy } from '../policy/index.js';
import type { SessionClaims } from './session-claims.js';
import { isSessionAccessKey } from './session-keys.js';
import { assumedRolePrincipal, federatedPrincipal, federationTokenPrincipal } from './session-principal.js';
import type { SessionTokenCodec } from './session-token.js';
import type { StsSources } from './sts-sources.js';

const CACHE_LIMIT = 4096;
/** A root's federation token: the root may do everything, so only the session policies narrow it. */
const ROOT_IDENTITY = new PolicySet([parsePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', { kind: 'identity', name: 'account-root' })]);

interface Opened {
  readonly token: string;
  readonly claims: SessionClaims;
  readonly session: PolicySet | undefined;
}

export interface SessionResolverOptions {
  readonly codec: SessionTokenCodec;
  readonly sources: StsSources;
  readonly now?: () => Date;
}

export class SessionResolver {
  readonly #codec: SessionTokenCodec;
  readonly #sources: StsSources;
  readonly #now: () => Date;
  readonly #cache = new Map<string, Opened>();

  constructor(opts: SessionResolverOptions) {
    this.#codec = opts.codec;
    this.#sources = opts.sources;
    this.#now = opts.now ?? (() => new Date());
  }

  /** The claims of a valid, unexpired token for `accessKey`; throws the domain error otherwise. */
  open(accessKey: string, token: string): SessionClaims {
    return this.#opened(accessKey, token).claims;
  }

  secretFor(accessKey: string, token: string | undefined): string | undefined {
    if (token === undefined || token === '') return undefined;
    const opened = this.#opened(accessKey, token);
    return this.#callerOf(opened) === undefined ? undefined : opened.claims.secret;
  }

  resolve(accessKey: string, token: string | undefined): ResolvedCaller | undefined {
    if (token === undefined || token === '') return undefined;
    return this.#callerOf(this.#opened(accessKey, token));
  }

  #opened(accessKey: string, token: string): Opened {
    let opened = this.#cache.get(accessKey);
    if (opened === undefined || opened.token !== token) {
      const claims = this.#codec.open(accessKey, token);
      opened = { token, claims, session: this.#sessionPolicies(claims) };
      if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
      this.#cache.set(accessKey, opened);
    }
    if (Math.floor(this.#now().getTime() / 1000) >= opened.claims.expiresAt) {
      this.#cache.delete(accessKey);
      throw new SessionTokenExpiredError(new Date(opened.claims.expiresAt * 1000));
    }
    return opened;
  }

  #sessionPolicies(claims: SessionClaims): PolicySet | undefined {
    const list: CompiledPolicy[] = [];
    if (claims.policy !== undefined) {
      try {
        list.push(parsePolicy(claims.policy, { kind: 'identity', name: 'session-policy' }));
      } catch (err) {
        if (err instanceof MalformedPolicyError) throw new SessionTokenInvalidError('sealed session policy does not parse');
        throw err;
      }
    }
    for (const arn of claims.policyArns ?? []) {
      const p = this.#sources.policies.policy(arn);
      // A deleted managed session policy allows nothing: the session keeps only what the rest allows.
      list.push(p ?? { name: arn, version: '2012-10-17', id: undefined, statements: [] });
    }
    return list.length > 0 || claims.policyArns !== undefined ? new PolicySet(list) : undefined;
  }

  #callerOf(opened: Opened): ResolvedCaller | undefined {
    const { claims } = opened;
    const { callers, roles, policies } = this.#sources;
    const parent = claims.parentAccessKey === undefined ? undefined : callers.resolve(claims.parentAccessKey);
    if (claims.parentAccessKey !== undefined && parent === undefined) return undefined;
    const account = callers.account(claims.accountId);
    if (account === undefined) return undefined;
    const session = opened.session;
    if (claims.kind === 'user') {
      if (parent === undefined) return undefined;
      return { ...parent, accessKey: claims.accessKey, isClusterRoot: false, temporary: 'session-token' };
    }
    if (claims.kind === 'federation') {
      if (parent === undefined) return undefined;
      const isRoot = parent.principal.type === 'Account';
      return {
        accessKey: claims.accessKey, account, isClusterRoot: false, temporary: 'federation-token',
        principal: federationTokenPrincipal(claims.accountId, claims.sessionName ?? 'federated', claims.tags),
        identity: isRoot ? ROOT_IDENTITY : parent.identity,
        ...(!isRoot && parent.boundary ? { boundary: parent.boundary } : {}),
        // No session policy passed: the federated user may do nothing (AWS).
        session: session ?? new PolicySet([]),
      };
    }
    if (claims.kind === 'role') {
      const role = claims.roleArn === undefined ? undefined : roles.role(claims.roleArn);
      if (role === undefined || role.id !== claims.roleId) return undefined;
      return {
        accessKey: claims.accessKey, account, isClusterRoot: false, temporary: 'role',
        principal: assumedRolePrincipal(role, claims.sessionName ?? 'session', claims.tags, claims.sourceIdentity),
        identity: role.policies,
        ...(role.boundary ? { boundary: role.boundary } : {}),
        ...(session ? { session } : {}),
      };
    }
    const named = (claims.policies ?? []).map((n) => policies.policy(n)).filter((p): p is CompiledPolicy => p !== undefined);
    return {
      accessKey: claims.accessKey, account, isClusterRoot: false, temporary: 'federated',
      principal: {
        ...federatedPrincipal(claims.accountId, claims.subject ?? claims.accessKey, claims.provider ?? 'federated', claims.tags),
        ...(claims.sourceIdentity !== undefined ? { sourceIdentity: claims.sourceIdentity } : {}),
      },
      identity: new PolicySet(named),
      ...(session ? { session } : {}),
    };
  }
}

/**
 * A CallerDirectory that answers session keys (`ASIA...` with a token) from `sessions` and
 * everything else from `directory`. A long-term key presented with a token is refused
 * (InvalidToken), as AWS does.
 */
export function withSessions(directory: CallerDirectory, sessions: SessionResolver): CallerDirectory {
  return {
    secretFor(accessKey, token) {
      if (isSessionAccessKey(accessKey)) return sessions.secretFor(accessKey, token);
      if (token !== undefined && token !== '') throw new SessionTokenInvalidError('a session token with a long-term access key');
      return directory.secretFor(accessKey);
    },
    resolve(accessKey, token) {
      if (isSessionAccessKey(accessKey)) return sessions.resolve(accessKey, token);
      return directory.resolve(accessKey);
    },
    account: (id) => directory.account(id),
    accountByCanonicalId: (c) => directory.accountByCanonicalId(c),
    accountByEmail: (e) => directory.accountByEmail(e),
  };
}
