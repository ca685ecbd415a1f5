/**
 * The token the Vault client sends (`X-Vault-Token`): a static token given by the operator, or
 * one obtained by AppRole login (`POST /v1/auth/<mount>/login` with `role_id` + `secret_id`) and
 * obtained again before its lease runs out (at 80% of `lease_duration`) or when Vault answers
 * 403 to it (revoked, expired early). Concurrent callers share one login.
 */
import { KmsAccessDeniedError } from '../errors/domain-errors.js';
import { callKms, errorText, stringField, type KmsEndpoint } from './kms-http.js';

export type VaultAuth =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'approle'; readonly roleId: string; readonly secretId: string; readonly mount?: string };

export interface VaultTokenOptions {
  readonly endpoint: KmsEndpoint;
  readonly auth: VaultAuth;
  readonly namespace?: string;
  /** Clock (tests). */
  readonly now?: () => number;
}

const RENEW_AT = 0.8;

export class VaultToken {
  readonly #opts: VaultTokenOptions;
  #token: string | undefined;
  #expiresAt = 0;
  #login: Promise<string> | undefined;

  constructor(opts: VaultTokenOptions) {
    this.#opts = opts;
    if (opts.auth.kind === 'token') this.#token = opts.auth.token;
  }

  /** True when a 403 may be cured by logging in again. */
  get canRelogin(): boolean {
    return this.#opts.auth.kind === 'approle';
  }

  async get(): Promise<string> {
    const now = (this.#opts.now ?? Date.now)();
    if (this.#token !== undefined && (this.#opts.auth.kind === 'token' || now < this.#expiresAt)) return this.#token;
    return this.#loginOnce();
  }

  /** Drops the token after Vault refused it (AppRole logs in again on the next call). */
  invalidate(): void {
    if (this.#opts.auth.kind === 'approle') this.#token = undefined;
  }

  #loginOnce(): Promise<string> {
    this.#login ??= this.#doLogin().finally(() => { this.#login = undefined; });
    return this.#login;
  }

  async #doLogin(): Promise<string> {
    const auth = this.#opts.auth;
    if (auth.kind !== 'approle') throw new Error('unreachable: a static token never logs in');
    const mount = auth.mount ?? 'approle';
    const answer = await callKms(this.#opts.endpoint, {
      method: 'POST',
      path: `/v1/auth/${mount}/login`,
      headers: this.#opts.namespace ? { 'x-vault-namespace': this.#opts.namespace } : {},
      body: { role_id: auth.roleId, secret_id: auth.secretId },
    });
    const token = stringField(answer.json, 'auth', 'client_token');
    if (answer.status !== 200 || token === undefined) {
      throw new KmsAccessDeniedError('(AppRole login)', `HTTP ${answer.status}${errorText(answer.json)}`);
    }
    const lease = (answer.json as { auth?: { lease_duration?: unknown } }).auth?.lease_duration;
    const seconds = typeof lease === 'number' && lease > 0 ? lease : 0;
    const now = (this.#opts.now ?? Date.now)();
    // lease 0 = no expiry (a root-like token); otherwise log in again at 80% of the lease.
    this.#expiresAt = seconds === 0 ? Number.MAX_SAFE_INTEGER : now + seconds * 1000 * RENEW_AT;
    this.#token = token;
    return token;
  }
}
