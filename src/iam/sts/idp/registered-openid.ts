/**
 * The IAM OIDC providers of an account (CreateOpenIDConnectProvider, iam/api/oidc-providers.ts)
 * as web identity verifiers, the way AWS uses them: a token for a role of account A is verified
 * by the provider A registered for the token's `iss` (the URL without scheme, host in lower
 * case: web-identity-claims.ts issuerKey, as the role's trust policy names it), with the discovery document at
 * `URL/.well-known/openid-configuration`, its keys, and an `aud` (or `azp`) among the
 * provider's client ids. One OpenIdProvider per URL is kept (discovery and keys cached, up to
 * MAX_CACHED, the least recently used dropped), so a deleted provider stops verifying at once
 * (the lookup finds it no more) and a re-created one with other client ids takes effect at once.
 */
import { decodeJwt } from 'jose';
import type { VerifiedWebIdentity } from '../actions/sts-context.js';
import { issuerKey } from '../web-identity-claims.js';
import { OpenIdProvider, type OpenIdProviderOptions } from './openid-provider.js';

const MAX_CACHED = 256;
const DISCOVERY_PATH = '/.well-known/openid-configuration';

export interface RegisteredOidcProviders {
  /** The provider account `accountId` registered under `key` (`host/path`), if any. */
  oidcProvider(accountId: string, key: string): { readonly url: string; readonly clientIds: readonly string[] } | undefined;
}

export class RegisteredOpenId {
  readonly #lookup: RegisteredOidcProviders;
  readonly #opts: OpenIdProviderOptions;
  readonly #providers = new Map<string, OpenIdProvider>();

  constructor(lookup: RegisteredOidcProviders, opts: OpenIdProviderOptions = {}) {
    this.#lookup = lookup;
    this.#opts = opts;
  }

  /**
   * The verified identity when the token's (not yet verified) `iss` is a provider registered in
   * `accountId`; undefined when it is not (or the token has no readable `iss`), so the
   * configured providers decide. Throws StsError as OpenIdProvider does when verification fails.
   */
  async verify(accountId: string, token: string): Promise<VerifiedWebIdentity | undefined> {
    let iss: unknown;
    try { iss = decodeJwt(token).iss; } catch { return undefined; }
    if (typeof iss !== 'string' || !/^https?:\/\//i.test(iss)) return undefined;
    const registered = this.#lookup.oidcProvider(accountId, issuerKey(iss));
    if (registered === undefined) return undefined;
    return this.#providerFor(registered.url).verifyFor(token, registered.clientIds);
  }

  #providerFor(url: string): OpenIdProvider {
    let p = this.#providers.get(url);
    if (p !== undefined) {
      this.#providers.delete(url);
    } else {
      p = new OpenIdProvider({
        name: issuerKey(url), configUrl: `${url}${DISCOVERY_PATH}`, clientId: '', claimName: 'policy', rolePolicies: undefined, scopes: [],
      }, this.#opts);
      if (this.#providers.size >= MAX_CACHED) this.#providers.delete(this.#providers.keys().next().value!);
    }
    this.#providers.set(url, p);
    return p;
  }
}
