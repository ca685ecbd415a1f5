/**
 * SystemStore: internal state kept as objects of the reserved system bucket `.cairn.sys`
 * (bucket-names.ts), so it is erasure coded, bitrot-checked and healed like user data (the
 * heal worker, scanner and replaced-drive healer walk every `o/<bucket>/<key>` record).
 *
 * The bucket is not an S3 name: the S3 surface refuses it (InvalidBucketName), ListBuckets
 * never shows it. Names are relative paths of lower-case segments, grouped by owner:
 * `config/root-credentials.json` today; later `iam/...`, `kms/...`, `config/...`.
 *
 * Reads: a missing object is undefined; an object that exists but cannot be read (quorum,
 * bitrot beyond parity, corrupt records) rejects with that error, never undefined, so a caller
 * cannot mistake damaged state for absent state and overwrite it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { CorruptRecordError } from '../errors/domain-errors.js';
import { SYSTEM_BUCKET } from './bucket-names.js';
import type { ObjectLayer } from './object-layer.js';
import {
  deleteSystemObject, ensureSystemBucket, readSystemObject, readSystemObjectTagged, writeSystemObject,
} from './system-store-calls.js';

const NAME = /^[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9][a-z0-9._-]*)*$/;
const MAX_NAME_LENGTH = 512;
/** How long a process that lost a creation race waits for the winner's object to be readable. */
const RACE_WAIT_MS = 10_000;
const RACE_POLL_MS = 25;

function checkName(name: string): void {
  if (name.length > MAX_NAME_LENGTH || !NAME.test(name) || name.split('/').some((seg) => seg.includes('..'))) {
    throw new RangeError(`invalid system object name ${JSON.stringify(name)}`);
  }
}

export class SystemStore {
  readonly #layer: ObjectLayer;

  private constructor(layer: ObjectLayer) {
    this.#layer = layer;
  }

  /** The store over `layer`; creates the system bucket on first start. */
  static async open(layer: ObjectLayer): Promise<SystemStore> {
    await ensureSystemBucket(layer);
    return new SystemStore(layer);
  }

  /** Where an object lives, for messages: `.cairn.sys/<name>`. */
  static location(name: string): string {
    return `${SYSTEM_BUCKET}/${name}`;
  }

  async get(name: string): Promise<Buffer | undefined> {
    checkName(name);
    return readSystemObject(this.#layer, name);
  }

  /** The bytes and their ETag, for a read-modify-write with `replace`; undefined when absent. */
  async getTagged(name: string): Promise<{ bytes: Buffer; etag: string } | undefined> {
    checkName(name);
    return readSystemObjectTagged(this.#layer, name);
  }

  /**
   * Stores `bytes` only if the object still has ETag `etag` (optimistic concurrency between
   * `--workers` processes, checked at commit); false when it changed or vanished meanwhile.
   */
  async replace(name: string, bytes: Buffer, etag: string): Promise<boolean> {
    checkName(name);
    return writeSystemObject(this.#layer, { name, bytes, onlyIfAbsent: false, ifMatch: etag });
  }

  async put(name: string, bytes: Buffer): Promise<void> {
    checkName(name);
    await writeSystemObject(this.#layer, { name, bytes, onlyIfAbsent: false });
  }

  /** Stores `bytes` only if no object `name` exists yet; false when one does (another process won). */
  async create(name: string, bytes: Buffer): Promise<boolean> {
    checkName(name);
    return writeSystemObject(this.#layer, { name, bytes, onlyIfAbsent: true });
  }

  /**
   * After `create` returned false: the object another process created. Its commit reaches the
   * arbiter drive first (commit-version.ts) and a read quorum a moment later, so a read in
   * between finds nothing; this one reads until the object is there (bounded: `waitMs`, 10 s by
   * default, then CorruptRecordError naming it). `--workers` processes creating the same object at start
   * (seal key, cluster account, account index, root credentials) all go through here.
   */
  async getCreated(name: string, waitMs = RACE_WAIT_MS): Promise<{ bytes: Buffer; etag: string }> {
    for (const until = Date.now() + waitMs; ;) {
      const got = await this.getTagged(name);
      if (got !== undefined) return got;
      if (Date.now() >= until) {
        throw new CorruptRecordError(`${SystemStore.location(name)}: the store refused a first write but holds nothing`);
      }
      await delay(RACE_POLL_MS);
    }
  }

  /** Stores `bytes` unless the object exists; answers what is stored then (ours, or the creation race winner's). */
  async createOrGet(name: string, bytes: Buffer): Promise<{ bytes: Buffer; created: boolean }> {
    if (await this.create(name, bytes)) return { bytes, created: true };
    return { bytes: (await this.getCreated(name)).bytes, created: false };
  }

  async delete(name: string): Promise<void> {
    checkName(name);
    await deleteSystemObject(this.#layer, name);
  }

  /** The parsed JSON document, undefined when absent; CorruptRecordError naming it when not JSON. */
  async getJson(name: string): Promise<unknown> {
    const bytes = await this.get(name);
    return bytes === undefined ? undefined : parseJson(name, bytes);
  }

  putJson(name: string, doc: unknown): Promise<void> {
    return this.put(name, jsonBytes(doc));
  }

  /** `getTagged` of a JSON document, parsed (CorruptRecordError naming it when not JSON). */
  async getTaggedJson(name: string): Promise<{ doc: unknown; etag: string } | undefined> {
    const got = await this.getTagged(name);
    return got === undefined ? undefined : { doc: parseJson(name, got.bytes), etag: got.etag };
  }

  /** `replace` of a JSON document. */
  replaceJson(name: string, doc: unknown, etag: string): Promise<boolean> {
    return this.replace(name, jsonBytes(doc), etag);
  }

  createJson(name: string, doc: unknown): Promise<boolean> {
    return this.create(name, jsonBytes(doc));
  }

  /** `createOrGet` of a JSON document: the stored document (ours or the winner's), parsed. */
  async createOrGetJson(name: string, doc: unknown): Promise<{ doc: unknown; created: boolean }> {
    const stored = await this.createOrGet(name, jsonBytes(doc));
    if (stored.created) return { doc, created: true };
    return { doc: parseJson(name, stored.bytes), created: false };
  }
}

function parseJson(name: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (err) {
    throw new CorruptRecordError(`${SystemStore.location(name)}: not JSON`, { cause: err });
  }
}

function jsonBytes(doc: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(doc)}\n`, 'utf8');
}
