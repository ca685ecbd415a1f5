/**
 * One OpenID Connect provider (I/O: its discovery document and JWKS over HTTP, with `jose`):
 * - discovery: `CAIRN_IDENTITY_OPENID_CONFIG_URL` is fetched once (and again after a failure,
 *   at most every RETRY_MS); it names the `issuer` and `jwks_uri`;
 * - keys: jose's remote JWK set, cached, and re-fetched when a token names an unknown `kid`
 *   (at most once per `cooldownMs`, so unknown kids cannot hammer the provider);
 * - a token passes when its signature verifies, `iss` is the discovered issuer, `aud` contains
 *   the client id (or `azp` is it), and `exp` / `nbf` hold (no clock tolerance beyond 5 s).
 * Failures are StsErrors that say what failed, never the token itself.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { OpenIdProviderConfig } from '../../../config/identity-config.js';
import type { VerifiedWebIdentity } from '../actions/sts-context.js';
import { StsError } from '../sts-error.js';
import { audiences } from '../web-identity-claims.js';

const RETRY_MS = 10_000;
const FETCH_TIMEOUT_MS = 5_000;
const CLOCK_TOLERANCE_S = 5;
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

interface Discovery {
  readonly issuer: string;
  readonly jwks: ReturnType<typeof createRemoteJWKSet>;
}

export interface OpenIdProviderOptions {
  /** Minimum time between two JWKS fetches for unknown kids (default 5 s). */
  readonly cooldownMs?: number;
  readonly timeoutMs?: number;
}

export class OpenIdProvider {
  readonly config: OpenIdProviderConfig;
  readonly #opts: OpenIdProviderOptions;
  #discovery: Promise<Discovery> | undefined;
  #failedAt = 0;

  constructor(config: OpenIdProviderConfig, opts: OpenIdProviderOptions = {}) {
    this.config = config;
    this.#opts = opts;
  }

  /** The discovered issuer (fetching the discovery document when needed). */
  async issuer(): Promise<string> {
    return (await this.#discover()).issuer;
  }

  /** Reachability probe: fetches the discovery document afresh. */
  async probe(): Promise<boolean> {
    try { await this.#fetchDiscovery(); return true; } catch { return false; }
  }

  #discover(): Promise<Discovery> {
    if (this.#discovery === undefined && Date.now() - this.#failedAt < RETRY_MS) {
      return Promise.reject(new StsError('IDPCommunicationError', `The OpenID provider '${this.config.name}' could not be reached recently; retrying in a few seconds.`));
    }
    this.#discovery ??= this.#fetchDiscovery().catch((err: unknown) => {
      this.#discovery = undefined;
      this.#failedAt = Date.now();
      throw err;
    });
    return this.#discovery;
  }

  async #fetchDiscovery(): Promise<Discovery> {
    const unreachable = (why: string): StsError => new StsError('IDPCommunicationError', `The OpenID provider '${this.config.name}' discovery document ${this.config.configUrl} ${why}.`);
    let doc: unknown;
    try {
      const res = await fetch(this.config.configUrl, { signal: AbortSignal.timeout(this.#opts.timeoutMs ?? FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
      if (!res.ok) throw unreachable(`answered HTTP ${res.status}`);
      doc = await res.json();
    } catch (err) {
      if (err instanceof StsError) throw err;
      throw unreachable('could not be fetched');
    }
    const d = (typeof doc === 'object' && doc !== null ? doc : {}) as { issuer?: unknown; jwks_uri?: unknown };
    if (typeof d.issuer !== 'string' || typeof d.jwks_uri !== 'string') throw unreachable('has no issuer or jwks_uri');
    const jwks = createRemoteJWKSet(new URL(d.jwks_uri), {
      cooldownDuration: this.#opts.cooldownMs ?? 5_000, timeoutDuration: this.#opts.timeoutMs ?? FETCH_TIMEOUT_MS,
    });
    return { issuer: d.issuer, jwks };
  }

  async verify(token: string): Promise<VerifiedWebIdentity> {
    return this.verifyFor(token, [this.config.clientId]);
  }

  /**
   * As verify, with the audience one of `clientIds` (an IAM OIDC provider's ClientIDList): the
   * first of them the token's `aud` holds (or its `azp` is) is the identity's client id.
   */
  async verifyFor(token: string, clientIds: readonly string[]): Promise<VerifiedWebIdentity> {
    const { issuer, jwks } = await this.#discover();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, jwks, { issuer, algorithms: ALGORITHMS, clockTolerance: CLOCK_TOLERANCE_S }));
    } catch (err) {
      throw this.#tokenError(err);
    }
    const aud = audiences(payload);
    const clientId = clientIds.find((c) => aud.includes(c) || payload['azp'] === c);
    if (clientId === undefined) {
      const expected = clientIds.length === 1 ? `'${clientIds[0]!}'` : `one of ${JSON.stringify(clientIds)}`;
      throw new StsError('InvalidIdentityToken', `Incorrect token audience: the token is for ${JSON.stringify(aud)}, this provider ('${this.config.name}') expects ${expected}.`);
    }
    return { claims: payload, issuer, provider: this.config.name, clientId, claimName: this.config.claimName, rolePolicies: this.config.rolePolicies };
  }

  #tokenError(err: unknown): StsError {
    if (err instanceof errors.JWTExpired) return new StsError('ExpiredTokenException', `Token is expired: its exp claim (${String(err.payload.exp)}) is in the past.`);
    if (err instanceof errors.JWTClaimValidationFailed) {
      if (err.claim === 'nbf') return new StsError('InvalidIdentityToken', 'The token is not valid yet (nbf claim is in the future).');
      if (err.claim === 'iss') return new StsError('InvalidIdentityToken', `The token's issuer is not the issuer of provider '${this.config.name}'.`);
      return new StsError('InvalidIdentityToken', `The token's ${err.claim} claim is invalid: ${err.reason}.`);
    }
    if (err instanceof errors.JWKSNoMatchingKey) return new StsError('InvalidIdentityToken', `No key of provider '${this.config.name}' matches the token's key id (kid), even after re-fetching its keys.`);
    if (err instanceof errors.JWSSignatureVerificationFailed) return new StsError('InvalidIdentityToken', 'The token signature does not verify with the provider\'s keys.');
    if (err instanceof errors.JWKSTimeout || (err instanceof errors.JOSEError && err.code === 'ERR_JWKS_INVALID')) {
      return new StsError('IDPCommunicationError', `The keys (JWKS) of provider '${this.config.name}' could not be fetched.`);
    }
    if (err instanceof errors.JOSEError) return new StsError('InvalidIdentityToken', `The web identity token could not be validated: ${err.message}`);
    if (err instanceof TypeError) return new StsError('IDPCommunicationError', `The keys (JWKS) of provider '${this.config.name}' could not be fetched.`);
    return new StsError('InvalidIdentityToken', 'The web identity token could not be validated.');
  }
}
