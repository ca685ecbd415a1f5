/**
 * IamStore: every account's IAM state, persisted in the system bucket and cached in memory.
 *
 * - One document per account (`iam/accounts/<id>.json`) and an index of accounts
 *   (`iam/accounts.json`), see account-doc.ts. The cluster account (000000000000) always
 *   exists: `open` creates its document on first start; its root is CAIRN_ROOT_USER.
 * - Writes are read-modify-write with optimistic concurrency: read the document and its ETag,
 *   apply the change, store it only if the ETag is unchanged (checked at commit, so another
 *   `--workers` process's change is never lost), else retry on the new state. Every write
 *   bumps `rev`; the cache installs a document only when its rev is not older than the one it
 *   holds, so a slow refresh never brings back a deleted key.
 * - The cache is refreshed every `refreshMs` (default 1 s) and updated at once in the process
 *   that wrote. A refresh first reads the change mark (`iam/changed.mark`, rewritten after
 *   every change but a key's last-use record): only when its ETag moved, or `FULL_REFRESH_MS`
 *   passed, does it re-read the index and every account document, so an idle deployment pays
 *   one small read per second whatever its number of accounts. A change whose mark write
 *   failed, and last-use records, reach the other processes within FULL_REFRESH_MS.
 *   Readers (the caller directory) are synchronous over the cache; `generation` changes
 *   whenever the cached state changes.
 * - Secret access keys are stored sealed (secret-seal.ts) and unsealed into the cache.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { SystemStore } from '../../object/index.js';
import { CLUSTER_ACCOUNT_ID } from '../caller.js';
import {
  ACCOUNT_INDEX_OBJECT, CHANGE_MARK_OBJECT, accountObject, decodeAccountDocument, decodeAccountIndex, emptyAccountDocument, encodeDocument,
} from './account-doc.js';
import { IamError, alreadyExists } from './iam-errors.js';
import { newAccessKeyId, newAccountId, newCanonicalUserId, newSecretKey } from './iam-ids.js';
import type { AccountDocument, AccountIdentity, AccountIndexDocument } from './iam-records.js';
import { openSecretSealer } from './seal-key.js';
import type { SecretSealer } from './secret-seal.js';

export interface AccountState {
  /** The cached document: read it, never change it (change goes through `mutate`). */
  readonly doc: AccountDocument;
  /** Unsealed secrets by access key id (every key, Inactive ones too). */
  readonly secrets: ReadonlyMap<string, string>;
}

export interface MutationTools {
  readonly now: Date;
  /** The stored (sealed) form of a new key's secret. */
  seal(accessKeyId: string, secret: string): string;
}

export interface IamStoreOptions {
  readonly system: SystemStore;
  /** Refresh period of the cache; 0: no timer (tests call refresh()). Default 1000 ms. */
  readonly refreshMs?: number;
  /** Called when a background refresh fails (the cache in force stays). */
  readonly onRefreshError?: (err: unknown) => void;
  readonly now?: () => Date;
  /** The deployment's sealer (`openSecretSealer`, with the KMS when one is configured); default: opened without a KMS. */
  readonly sealer?: SecretSealer;
}

export interface CreatedAccount {
  readonly account: AccountIdentity;
  readonly accessKey: string;
  readonly secretKey: string;
}

const MAX_ATTEMPTS = 20;
/** A refresh re-reads every document at least this often, even with an unchanged mark. */
export const FULL_REFRESH_MS = 30_000;
const CLUSTER_ACCOUNT_NAME = 'cluster';
const ACCOUNT_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * Before retry `attempt` (1..) of a read-modify-write that lost: a short random wait, growing,
 * so the other process's commit reaches a read quorum (its arbiter drive commits first, a read
 * can still see the old document) instead of every attempt re-reading it at once.
 */
function backoff(attempt: number): Promise<void> {
  return attempt === 0 ? Promise.resolve() : delay(Math.random() * Math.min(100, 2 ** attempt));
}

export class IamStore {
  readonly #system: SystemStore;
  readonly #sealer: SecretSealer;
  readonly #now: () => Date;
  readonly #states = new Map<string, AccountState>();
  readonly #locks = new Map<string, Promise<unknown>>();
  #index: AccountIndexDocument = { version: 1, rev: -1, accounts: {} };
  #generation = 0;
  #timer: NodeJS.Timeout | undefined;
  #refreshing: Promise<void> | undefined;
  /** The change mark's ETag read before the last full refresh ('' : no mark), and when. */
  #markSeen: string | undefined;
  #fullAt = 0;

  private constructor(system: SystemStore, sealer: SecretSealer, now: () => Date) {
    this.#system = system;
    this.#sealer = sealer;
    this.#now = now;
  }

  static async open(opts: IamStoreOptions): Promise<IamStore> {
    const sealer = opts.sealer ?? await openSecretSealer(opts.system);
    const store = new IamStore(opts.system, sealer, opts.now ?? (() => new Date()));
    await store.#ensureClusterAccount();
    await store.refresh();
    const period = opts.refreshMs ?? 1000;
    if (period > 0) {
      store.#timer = setInterval(() => {
        store.refresh().catch((err: unknown) => opts.onRefreshError?.(err));
      }, period).unref();
    }
    return store;
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Changes whenever the cached state changes. */
  get generation(): number {
    return this.#generation;
  }

  account(id: string): AccountState | undefined {
    return this.#states.get(id);
  }

  accounts(): AccountState[] {
    return [...this.#states.values()];
  }

  /**
   * Re-reads the index and every account document when the change mark moved since the last
   * full refresh, or FULL_REFRESH_MS passed (`full`: always); one refresh at a time.
   */
  refresh(opts: { full?: boolean } = {}): Promise<void> {
    this.#refreshing ??= this.#refreshOnce(opts.full === true).finally(() => { this.#refreshing = undefined; });
    return this.#refreshing;
  }

  async #refreshOnce(full: boolean): Promise<void> {
    const mark = (await this.#system.getTagged(CHANGE_MARK_OBJECT))?.etag ?? '';
    const at = Date.now();
    if (!full && mark === this.#markSeen && at - this.#fullAt < FULL_REFRESH_MS) return;
    await this.#readAll();
    // The mark read before the documents: a change after that read moves it again.
    this.#markSeen = mark;
    this.#fullAt = at;
  }

  /** Tells the other processes' refresh that something changed (best effort: see the header). */
  async #markChanged(): Promise<void> {
    await this.#system.put(CHANGE_MARK_OBJECT, randomBytes(16)).catch(() => undefined);
  }

  async #readAll(): Promise<void> {
    const got = await this.#system.getTagged(ACCOUNT_INDEX_OBJECT);
    if (got === undefined) return;
    const index = decodeAccountIndex(got.bytes, SystemStore.location(ACCOUNT_INDEX_OBJECT));
    if (index.rev >= this.#index.rev) this.#index = index;
    const ids = Object.keys(this.#index.accounts);
    const docs = await Promise.all(ids.map(async (id) => {
      const name = accountObject(id);
      const bytes = await this.#system.get(name);
      return bytes === undefined ? undefined : decodeAccountDocument(bytes, SystemStore.location(name));
    }));
    for (const doc of docs) if (doc !== undefined) this.#install(doc);
    for (const id of [...this.#states.keys()]) {
      if (!Object.hasOwn(this.#index.accounts, id)) { this.#states.delete(id); this.#generation++; }
    }
  }

  /** Installs `doc` in the cache unless the cache holds a newer revision. */
  #install(doc: AccountDocument): void {
    const held = this.#states.get(doc.account.id);
    if (held !== undefined && held.doc.rev >= doc.rev) return;
    const secrets = new Map<string, string>();
    for (const key of Object.values(doc.keys)) secrets.set(key.accessKeyId, this.#sealer.unseal(key.accessKeyId, key.sealedSecret));
    this.#states.set(doc.account.id, { doc, secrets });
    this.#generation++;
  }

  /** Runs `task` after every earlier task on the same name in this process (fewer ETag retries). */
  async #serialized<T>(name: string, task: () => Promise<T>): Promise<T> {
    const before = this.#locks.get(name) ?? Promise.resolve();
    const run = before.then(task, task);
    const tail = run.catch(() => undefined);
    this.#locks.set(name, tail);
    try {
      return await run;
    } finally {
      if (this.#locks.get(name) === tail) this.#locks.delete(name);
    }
  }

  /**
   * Applies `change` to the account's current stored document and stores it (ETag-checked,
   * retried on a concurrent change). `change` may throw (an IamError): nothing is stored.
   * The new state is in this process's cache when the promise resolves.
   */
  mutate<T>(accountId: string, change: (doc: AccountDocument, tools: MutationTools) => T, opts: { quiet?: boolean } = {}): Promise<T> {
    const name = accountObject(accountId);
    return this.#serialized(name, async () => {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        await backoff(attempt);
        const got = await this.#system.getTagged(name);
        if (got === undefined) throw new IamError('NoSuchEntity', `The account ${accountId} cannot be found.`);
        const doc = decodeAccountDocument(got.bytes, SystemStore.location(name));
        const result = change(doc, { now: this.#now(), seal: (ak, secret) => this.#sealer.seal(ak, secret) });
        doc.rev++;
        if (await this.#system.replace(name, encodeDocument(doc), got.etag)) {
          this.#install(doc);
          if (opts.quiet !== true) await this.#markChanged();
          return result;
        }
      }
      throw new IamError('ServiceFailure', `The account ${accountId} is being changed concurrently; try again.`);
    });
  }

  async #mutateIndex<T>(change: (index: AccountIndexDocument) => T): Promise<T> {
    return this.#serialized(ACCOUNT_INDEX_OBJECT, async () => {
      let lostCreate = false;
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        await backoff(attempt);
        // A first write that lost to another process's: read the winner's index (SystemStore.getCreated).
        const got: { bytes: Buffer; etag: string } | undefined = lostCreate
          ? await this.#system.getCreated(ACCOUNT_INDEX_OBJECT)
          : await this.#system.getTagged(ACCOUNT_INDEX_OBJECT);
        const index = got === undefined
          ? { version: 1 as const, rev: 0, accounts: {} }
          : decodeAccountIndex(got.bytes, SystemStore.location(ACCOUNT_INDEX_OBJECT));
        const result = change(index);
        index.rev++;
        const bytes = encodeDocument(index);
        const stored = got === undefined
          ? await this.#system.create(ACCOUNT_INDEX_OBJECT, bytes)
          : await this.#system.replace(ACCOUNT_INDEX_OBJECT, bytes, got.etag);
        if (stored) {
          if (index.rev >= this.#index.rev) this.#index = index;
          await this.#markChanged();
          return result;
        }
        lostCreate = got === undefined;
      }
      throw new IamError('ServiceFailure', 'The account index is being changed concurrently; try again.');
    });
  }

  async #ensureClusterAccount(): Promise<void> {
    const name = accountObject(CLUSTER_ACCOUNT_ID);
    const index = await this.#system.getTagged(ACCOUNT_INDEX_OBJECT);
    const listed = index !== undefined && Object.hasOwn(decodeAccountIndex(index.bytes, ACCOUNT_INDEX_OBJECT).accounts, CLUSTER_ACCOUNT_ID);
    const held = listed ? await this.#system.get(name) : undefined;
    if (held !== undefined) {
      this.#install(decodeAccountDocument(held, SystemStore.location(name)));
      return;
    }
    const account: AccountIdentity = {
      id: CLUSTER_ACCOUNT_ID, name: CLUSTER_ACCOUNT_NAME, canonicalUserId: newCanonicalUserId(), createDate: this.#now().toISOString(),
    };
    // Ours, or (another --workers process made it at the same moment) the winner's once readable:
    // installed here, so the root signs from the first request even if a refresh misses it.
    const stored = await this.#system.createOrGet(name, encodeDocument(emptyAccountDocument(account)));
    this.#install(decodeAccountDocument(stored.bytes, SystemStore.location(name)));
    await this.#mutateIndex((ix) => { ix.accounts[CLUSTER_ACCOUNT_ID] = CLUSTER_ACCOUNT_NAME; });
  }

  /** A new account with a root access key; EntityAlreadyExists when the name is taken. */
  /**
   * A new account with a root access key (generated, or `rootKey` as given: 3..128 characters
   * of letters, digits and +=,.@_-, a secret of 8..128 characters, the key id not in use by any
   * account); EntityAlreadyExists when the name is taken.
   */
  async createAccount(input: { name: string; email?: string; rootKey?: { accessKey: string; secretKey: string } }): Promise<CreatedAccount> {
    if (!ACCOUNT_NAME.test(input.name)) {
      throw new IamError('ValidationError', 'The account name must be 1 to 64 characters of letters, digits and +=,.@_-.');
    }
    const given = input.rootKey;
    if (given !== undefined) {
      if (!/^[\w+=,.@-]{3,128}$/.test(given.accessKey)) throw new IamError('ValidationError', 'The access key must be 3 to 128 characters of letters, digits and +=,.@_-.');
      if (given.secretKey.length < 8 || given.secretKey.length > 128) throw new IamError('ValidationError', 'The secret key must be 8 to 128 characters.');
      if (this.accounts().some((s) => Object.hasOwn(s.doc.keys, given.accessKey))) {
        throw new IamError('EntityAlreadyExists', `The access key ${given.accessKey} is in use.`);
      }
    }
    const taken = (ix: AccountIndexDocument): boolean => Object.values(ix.accounts).some((n) => n.toLowerCase() === input.name.toLowerCase());
    const id = await this.#mutateIndex((ix) => {
      if (taken(ix)) throw alreadyExists('account', input.name);
      let candidate = newAccountId();
      while (Object.hasOwn(ix.accounts, candidate)) candidate = newAccountId();
      ix.accounts[candidate] = input.name;
      return candidate;
    });
    const now = this.#now();
    const account: AccountIdentity = {
      id, name: input.name, canonicalUserId: newCanonicalUserId(), createDate: now.toISOString(),
      ...(input.email !== undefined ? { email: input.email } : {}),
    };
    const accessKey = given?.accessKey ?? newAccessKeyId();
    const secretKey = given?.secretKey ?? newSecretKey();
    const doc = emptyAccountDocument(account);
    doc.keys[accessKey] = { accessKeyId: accessKey, sealedSecret: this.#sealer.seal(accessKey, secretKey), status: 'Active', createDate: now.toISOString() };
    doc.rev = 1;
    const bytes = encodeDocument(doc);
    if (!await this.#system.create(accountObject(id), bytes)) {
      throw new IamError('ServiceFailure', `The account document of ${id} exists already.`);
    }
    this.#install(doc);
    await this.#markChanged();
    return { account, accessKey, secretKey };
  }

  /** Removes an account and everything in it (the caller checked it owns no bucket). */
  async deleteAccount(id: string): Promise<void> {
    if (id === CLUSTER_ACCOUNT_ID) throw new IamError('DeleteConflict', 'The cluster account cannot be deleted.');
    await this.#mutateIndex((ix) => {
      if (!Object.hasOwn(ix.accounts, id)) throw new IamError('NoSuchEntity', `The account ${id} cannot be found.`);
      delete ix.accounts[id];
    });
    await this.#system.delete(accountObject(id));
    if (this.#states.delete(id)) this.#generation++;
    await this.#markChanged();
  }
}
