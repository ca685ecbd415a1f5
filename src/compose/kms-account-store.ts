/**
 * Per-account KMS bindings (kms/tenant-kms.ts) in the system bucket: one JSON document per
 * account at `kms/accounts/<account id>.json` naming its default key (and, with Vault, its own
 * Transit mount / namespace). Listing reads every document (one per account that has one).
 */
import { CorruptRecordError } from '../errors/domain-errors.js';
import type { AccountKeyBinding, AccountKeyStore } from '../kms/tenant-kms.js';
import { SYSTEM_BUCKET, type SystemStore } from '../object/index.js';
import type { ObjectLayer } from '../object/object-layer.js';

const PREFIX = 'kms/accounts/';
const ACCOUNT = /^[0-9]{12}$/;

const nameOf = (account: string): string => {
  if (!ACCOUNT.test(account)) throw new RangeError(`not an account id: ${JSON.stringify(account)}`);
  return `${PREFIX}${account}.json`;
};

function isBinding(doc: unknown): doc is AccountKeyBinding {
  if (typeof doc !== 'object' || doc === null) return false;
  const d = doc as Record<string, unknown>;
  const vault = d['vault'];
  return d['version'] === 1 && typeof d['account'] === 'string' && typeof d['keyId'] === 'string'
    && (vault === undefined || (typeof vault === 'object' && vault !== null));
}

export class SystemAccountKeyStore implements AccountKeyStore {
  readonly #system: SystemStore;
  readonly #objects: ObjectLayer;

  constructor(system: SystemStore, objects: ObjectLayer) {
    this.#system = system;
    this.#objects = objects;
  }

  async get(account: string): Promise<AccountKeyBinding | undefined> {
    const name = nameOf(account);
    const doc = await this.#system.getJson(name);
    if (doc === undefined) return undefined;
    if (!isBinding(doc) || doc.account !== account) throw new CorruptRecordError(`${SYSTEM_BUCKET}/${name}: not the KMS binding of account ${account}`);
    return doc;
  }

  put(binding: AccountKeyBinding): Promise<void> {
    return this.#system.putJson(nameOf(binding.account), binding);
  }

  async list(): Promise<AccountKeyBinding[]> {
    const out: AccountKeyBinding[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.#objects.listObjects({ bucket: SYSTEM_BUCKET, prefix: PREFIX, maxKeys: 1000, ...(after !== undefined ? { after } : {}) });
      for (const o of page.objects) {
        const account = o.key.slice(PREFIX.length, -'.json'.length);
        if (!ACCOUNT.test(account)) continue;
        const binding = await this.get(account);
        if (binding !== undefined) out.push(binding);
      }
      if (!page.isTruncated || page.nextMarker === undefined) return out;
      after = page.nextMarker;
    }
  }
}
