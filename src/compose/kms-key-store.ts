/**
 * The built-in KMS's created keys (kms/builtin-key-ring.ts) in the system bucket: one JSON
 * record per key at `kms/keys/<hex of the name>.json` (system object names are lower case;
 * the record carries the name itself), created only if absent so two processes creating the
 * same name agree on one key. Listing reads object names only, never the records. A rotated
 * key's version N (>= 2) is `kms/keys/<hex of the name>.v<N>.json` (not listed as a key).
 */
import { CorruptRecordError } from '../errors/domain-errors.js';
import type { KeyStore, StoredKeyRecord } from '../kms/builtin-key-ring.js';
import { SYSTEM_BUCKET, type SystemStore } from '../object/index.js';
import type { ObjectLayer } from '../object/object-layer.js';

const PREFIX = 'kms/keys/';
const SUFFIX = '.json';

const objectName = (name: string): string => `${PREFIX}${Buffer.from(name, 'utf8').toString('hex')}${SUFFIX}`;
const versionName = (name: string, v: number): string => `${PREFIX}${Buffer.from(name, 'utf8').toString('hex')}.v${v}${SUFFIX}`;

function isRecord(doc: unknown): doc is StoredKeyRecord {
  if (typeof doc !== 'object' || doc === null) return false;
  const r = doc as Record<string, unknown>;
  return r['version'] === 1 && typeof r['name'] === 'string' && typeof r['sealedBy'] === 'string'
    && typeof r['sealed'] === 'string' && typeof r['createdAt'] === 'string'
    && (r['keyVersion'] === undefined || (typeof r['keyVersion'] === 'number' && Number.isSafeInteger(r['keyVersion'])));
}

export class SystemKeyStore implements KeyStore {
  readonly #system: SystemStore;
  readonly #objects: ObjectLayer;

  constructor(system: SystemStore, objects: ObjectLayer) {
    this.#system = system;
    this.#objects = objects;
  }

  async get(name: string): Promise<StoredKeyRecord | undefined> {
    const doc = await this.#system.getJson(objectName(name));
    if (doc === undefined) return undefined;
    if (!isRecord(doc)) throw new CorruptRecordError(`${SYSTEM_BUCKET}/${objectName(name)}: not a KMS key record`);
    return doc;
  }

  create(record: StoredKeyRecord): Promise<boolean> {
    return this.#system.createJson(objectName(record.name), record);
  }

  async getVersion(name: string, keyVersion: number): Promise<StoredKeyRecord | undefined> {
    const doc = await this.#system.getJson(versionName(name, keyVersion));
    if (doc === undefined) return undefined;
    if (!isRecord(doc)) throw new CorruptRecordError(`${SYSTEM_BUCKET}/${versionName(name, keyVersion)}: not a KMS key record`);
    return doc;
  }

  createVersion(record: StoredKeyRecord): Promise<boolean> {
    return this.#system.createJson(versionName(record.name, record.keyVersion ?? 1), record);
  }

  async list(): Promise<string[]> {
    const names: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.#objects.listObjects({ bucket: SYSTEM_BUCKET, prefix: PREFIX, maxKeys: 1000, ...(after !== undefined ? { after } : {}) });
      for (const o of page.objects) {
        const hex = o.key.slice(PREFIX.length, -SUFFIX.length);
        if (o.key.endsWith(SUFFIX) && /^(?:[0-9a-f]{2})+$/.test(hex)) names.push(Buffer.from(hex, 'hex').toString('utf8'));
      }
      if (!page.isTruncated || page.nextMarker === undefined) return names;
      after = page.nextMarker;
    }
  }
}
