/**
 * Per-account default keys and tenant isolation in front of any KMS. An account (tenant) may
 * have a binding `{account, keyId[, vault: {mount, namespace}]}` (stored by compose/ in the
 * system bucket, `kms/accounts/<account>.json`):
 *   - `defaultKeyFor(account)`: its key, else the deployment's default key;
 *   - a key bound to an account is that account's alone: generating or decrypting under it
 *     with a context whose `account` is another one is refused (KmsKeyOfOtherAccountError), so one
 *     account's key never seals or unseals another account's objects (the context, which SSE
 *     always gives `account`, is bound by the KMS and by the object key sealing as well);
 *   - with Vault a binding may name its own Transit mount and/or namespace: every request with
 *     that account's context goes to that mount (a separate `ExternalKms` from `backendFor`),
 *     so other accounts' requests can never reach it.
 * Contexts without `account` (internal probes, `kms key status`) use the shared backend.
 * Bindings are cached and re-read at most every `refreshMs` (default 2 s): a binding made
 * through another `--workers` process is in force here within that time.
 */
import type { EncryptionContext } from '../crypto/encryption-context.js';
import type { DataKey, KmsKeyStatus } from '../crypto/kms.js';
import { KmsAccessDeniedError, KmsKeyOfOtherAccountError } from '../errors/domain-errors.js';
import { checkedKeyName } from './key-name.js';
import type { ExternalKms, KeyRotation, KmsStatus } from './kms.js';

export interface AccountKeyBinding {
  readonly version: 1;
  readonly account: string;
  readonly keyId: string;
  /** Vault only: the account's own Transit mount and/or namespace. */
  readonly vault?: { readonly mount?: string; readonly namespace?: string };
}

export interface AccountKeyStore {
  get(account: string): Promise<AccountKeyBinding | undefined>;
  put(binding: AccountKeyBinding): Promise<void>;
  list(): Promise<AccountKeyBinding[]>;
}

export interface TenantKmsOptions {
  readonly base: ExternalKms;
  readonly defaultKeyId: string;
  readonly store: AccountKeyStore;
  /** The KMS of a binding with its own mount / namespace; absent: such bindings are refused. */
  readonly backendFor?: (binding: AccountKeyBinding) => ExternalKms;
  readonly refreshMs?: number;
  readonly now?: () => number;
}

interface Bindings { readonly byAccount: ReadonlyMap<string, AccountKeyBinding>; readonly ownerOfSharedKey: ReadonlyMap<string, string>; readonly at: number }

const ownBackend = (b: AccountKeyBinding): boolean => b.vault !== undefined && (b.vault.mount !== undefined || b.vault.namespace !== undefined);

export class TenantKms implements ExternalKms {
  readonly #o: TenantKmsOptions;
  readonly #backends = new Map<string, ExternalKms>();
  #bindings: Bindings | undefined;
  #loading: Promise<Bindings> | undefined;

  constructor(opts: TenantKmsOptions) {
    this.#o = opts;
  }

  get defaultKeyId(): string {
    return this.#o.defaultKeyId;
  }

  async defaultKeyFor(account: string): Promise<string> {
    return (await this.#current()).byAccount.get(account)?.keyId ?? this.#o.defaultKeyId;
  }

  async binding(account: string): Promise<AccountKeyBinding | undefined> {
    return (await this.#current()).byAccount.get(account);
  }

  /** Makes `keyId` the account's default key (the key must exist; it must not be another account's). */
  async bind(binding: Omit<AccountKeyBinding, 'version'>): Promise<void> {
    const keyId = checkedKeyName(binding.keyId);
    const record: AccountKeyBinding = { version: 1, account: binding.account, keyId, ...(binding.vault !== undefined ? { vault: binding.vault } : {}) };
    if (ownBackend(record) && this.#o.backendFor === undefined) {
      throw new KmsAccessDeniedError(keyId, 'a per-account Transit mount or namespace needs Vault as the KMS');
    }
    const bindings = await this.#load();
    const owner = bindings.ownerOfSharedKey.get(keyId);
    if (!ownBackend(record) && owner !== undefined && owner !== record.account) {
      throw new KmsAccessDeniedError(keyId, `it is the key of account ${owner}`);
    }
    // The key must work where the account's requests will go (throws KmsKeyNotFoundError).
    await this.#backendOf(record).keyStatus(keyId);
    await this.#o.store.put(record);
    this.#bindings = undefined;
  }

  async generateDataKey(keyId: string, context: EncryptionContext): Promise<DataKey> {
    return (await this.#route(keyId, context, 'GenerateDataKey')).generateDataKey(keyId, context);
  }

  async decrypt(keyId: string, ciphertext: Buffer, context: EncryptionContext): Promise<Buffer> {
    return (await this.#route(keyId, context, 'Decrypt')).decrypt(keyId, ciphertext, context);
  }

  keyStatus(keyId: string): Promise<KmsKeyStatus> {
    return this.#o.base.keyStatus(keyId);
  }

  /** Rotates the key where it lives: the shared backend, or the mount / namespace of the account bound to it. */
  async rotateKey(keyId: string): Promise<KeyRotation> {
    const bindings = await this.#current();
    const own = [...bindings.byAccount.values()].find((b) => b.keyId === keyId && ownBackend(b));
    return (own !== undefined ? this.#backendOf(own) : this.#o.base).rotateKey(keyId);
  }

  async rewrapDataKey(keyId: string, ciphertext: Buffer, context: EncryptionContext): Promise<Buffer | undefined> {
    return (await this.#route(keyId, context, 'Decrypt')).rewrapDataKey(keyId, ciphertext, context);
  }

  listKeys(): Promise<string[]> {
    return this.#o.base.listKeys();
  }

  createKey(keyId: string): Promise<'created' | 'exists'> {
    return this.#o.base.createKey(keyId);
  }

  status(): Promise<KmsStatus> {
    return this.#o.base.status();
  }

  async close(): Promise<void> {
    for (const b of this.#backends.values()) await b.close();
    this.#backends.clear();
    await this.#o.base.close();
  }

  async #route(keyId: string, context: EncryptionContext, action: KmsKeyOfOtherAccountError['action']): Promise<ExternalKms> {
    const account = context['account'];
    if (account === undefined) return this.#o.base;
    const bindings = await this.#current();
    const own = bindings.byAccount.get(account);
    if (own !== undefined && ownBackend(own)) return this.#backendOf(own);
    const owner = bindings.ownerOfSharedKey.get(keyId);
    if (owner !== undefined && owner !== account) throw new KmsKeyOfOtherAccountError(keyId, account, action);
    return this.#o.base;
  }

  #backendOf(binding: AccountKeyBinding): ExternalKms {
    if (!ownBackend(binding) || this.#o.backendFor === undefined) return this.#o.base;
    const id = `${binding.vault?.mount ?? ''}\0${binding.vault?.namespace ?? ''}`;
    let kms = this.#backends.get(id);
    if (kms === undefined) {
      kms = this.#o.backendFor(binding);
      this.#backends.set(id, kms);
    }
    return kms;
  }

  async #current(): Promise<Bindings> {
    const now = (this.#o.now ?? Date.now)();
    const b = this.#bindings;
    if (b !== undefined && now - b.at < (this.#o.refreshMs ?? 2000)) return b;
    return this.#load();
  }

  #load(): Promise<Bindings> {
    this.#loading ??= (async () => {
      const list = await this.#o.store.list();
      const byAccount = new Map(list.map((b) => [b.account, b]));
      const ownerOfSharedKey = new Map(list.filter((b) => !ownBackend(b)).map((b) => [b.keyId, b.account]));
      const loaded: Bindings = { byAccount, ownerOfSharedKey, at: (this.#o.now ?? Date.now)() };
      this.#bindings = loaded;
      return loaded;
    })().finally(() => { this.#loading = undefined; });
    return this.#loading;
  }
}
