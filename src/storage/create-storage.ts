/**
 * createStorage: open the drives named on the command line, check or write their format
 * records, and build the pool's erasure sets. Refuses to start (FormatError naming the drive)
 * on a foreign deployment, swapped drives, a changed layout, or a set with fewer reachable
 * drives than its read quorum.
 */
import type { Drive } from './drive/drive.js';
import type { ErasureSet, Storage } from './storage.js';
import { FormatError, isCairnError } from '../errors/domain-errors.js';
import { HealthTrackedDrive } from './drive/health-tracked-drive.js';
import { LocalDrive, type DriveModes } from './drive/local-drive.js';
import { OfflineDrive } from './drive/offline-drive.js';
import { ErasureSetImpl } from './erasure/erasure-set.js';
import { clearHealingMarker, readHealingMarker, writeHealingMarker } from './healing-marker.js';
import { MAX_BLOCK_SIZE } from './erasure/layout-check.js';
import { expandEndpoints } from './placement/endpoint-expansion.js';
import { parseFormat, serializeFormat } from './placement/format-record.js';
import { decodePlan, encodePlan, planFormat, type DriveFormatState, type FormatPlan } from './placement/format-resolver.js';
import { checkParity, defaultParity, parseStorageClass, quorumsFor, setIndexFor, setSizeFor } from './placement/topology.js';

export interface CreateStorageOptions {
  /** Drive arguments, ranges allowed (`/data/d{1...4}`). */
  readonly endpoints: readonly string[];
  /** Parity shards per set; default by set size. */
  readonly parity?: number;
  /** Storage class `EC:N` (CAIRN_STORAGE_CLASS_STANDARD); used when parity is not given. */
  readonly storageClass?: string;
  /** Bytes of object data per erasure block (default 1 MiB). */
  readonly blockSize?: number;
  /** Deadline for one frame read/write on one drive (ms); a late drive counts as failed. */
  readonly driveTimeoutMs?: number;
  /**
   * How to open one drive (tests wrap drives in FaultyDrive); default a LocalDrive inside a
   * HealthTrackedDrive (offline after repeated I/O failures, probed back).
   */
  readonly openDrive?: (endpoint: string) => Promise<Drive>;
  /** Modes of the files and directories the default LocalDrive creates (default 0600 / 0700). */
  readonly modes?: DriveModes;
}

class ErasureStorage implements Storage {
  readonly deploymentId: string;
  readonly sets: readonly ErasureSet[];
  readonly drives: readonly Drive[];
  readonly #healing: Set<Drive>;

  constructor(deploymentId: string, sets: readonly ErasureSet[], drives: readonly Drive[], healing: readonly Drive[]) {
    this.deploymentId = deploymentId;
    this.sets = sets;
    this.drives = drives;
    this.#healing = new Set(healing);
  }

  get replacedDrives(): readonly Drive[] {
    return this.drives.filter((d) => this.#healing.has(d));
  }

  async refreshHealing(): Promise<void> {
    await Promise.all([...this.#healing].map(async (d) => {
      try {
        if ((await readHealingMarker(d)) === undefined) this.#healing.delete(d);
      } catch { /* unreadable now: keep it listed */ }
    }));
  }

  async markDriveHealed(drive: Drive): Promise<void> {
    if (!this.#healing.has(drive)) return;
    await clearHealingMarker(drive);
    this.#healing.delete(drive);
  }

  setFor(bucket: string, key: string): ErasureSet {
    return this.sets[setIndexFor(this.deploymentId, bucket, key, this.sets.length)]!;
  }

  async close(): Promise<void> {
    await Promise.all(this.drives.map((d) => d.close().catch(() => undefined)));
  }
}

export async function createStorage(opts: CreateStorageOptions): Promise<Storage> {
  const endpoints = expandEndpoints(opts.endpoints);
  const setSize = setSizeFor(endpoints.length);
  const parity = opts.parity !== undefined
    ? checkParity(opts.parity, setSize)
    : opts.storageClass !== undefined ? parseStorageClass(opts.storageClass, setSize) : defaultParity(setSize);
  const { readQuorum } = quorumsFor(setSize, parity);
  if (opts.blockSize !== undefined && (!Number.isSafeInteger(opts.blockSize) || opts.blockSize < 1 || opts.blockSize > MAX_BLOCK_SIZE)) {
    throw new FormatError(`block size ${opts.blockSize} must be an integer between 1 and ${MAX_BLOCK_SIZE}`);
  }
  if (opts.driveTimeoutMs !== undefined && !(opts.driveTimeoutMs > 0)) throw new FormatError(`drive timeout ${opts.driveTimeoutMs} must be positive`);
  const openDrive = opts.openDrive ?? (async (e: string) => new HealthTrackedDrive(await LocalDrive.open(e, opts.modes)));

  const drives: Drive[] = await Promise.all(endpoints.map(async (e) => {
    try {
      return await openDrive(e);
    } catch (err) {
      return new OfflineDrive(e, err);
    }
  }));

  try {
    const states: DriveFormatState[] = await Promise.all(drives.map(async (drive): Promise<DriveFormatState> => {
      if (!drive.isOnline()) return { kind: 'offline', endpoint: drive.endpoint };
      let buf: Buffer | undefined;
      try {
        buf = await drive.readFormat();
      } catch (err) {
        if (isCairnError(err) && err.code === 'ERR_STORAGE_FORMAT') throw err;
        return { kind: 'offline', endpoint: drive.endpoint };
      }
      if (buf === undefined) return { kind: 'unformatted', endpoint: drive.endpoint };
      return { kind: 'formatted', endpoint: drive.endpoint, record: parseFormat(buf, drive.endpoint) };
    }));

    let plan = planFormat(states, setSize);
    const isFresh = plan.replaced.length === 0 && plan.toWrite.size === drives.length;
    if (isFresh) plan = await agreeOnFreshPlan(drives[0]!, plan, drives.length, setSize);
    const failed = new Set<number>();
    const replacing = new Set(plan.replaced);
    await Promise.all([...plan.toWrite].map(async ([i, rec]) => {
      try {
        if (replacing.has(i)) await writeHealingMarker(drives[i]!, Date.now());
        await drives[i]!.writeFormat(serializeFormat(rec));
      } catch (err) {
        if (isFresh) throw new FormatError(`cannot write the format record to drive ${drives[i]!.endpoint}: ${(err as Error).message}`);
        failed.add(i);
      }
    }));

    const reachable = (i: number) => states[i]!.kind !== 'offline' && !failed.has(i) && drives[i]!.isOnline();
    const sets: ErasureSet[] = [];
    for (let s = 0; s < endpoints.length / setSize; s++) {
      const idx = Array.from({ length: setSize }, (_, j) => s * setSize + j);
      const up = idx.filter(reachable);
      if (up.length < readQuorum) {
        const down = idx.filter((i) => !reachable(i)).map((i) => endpoints[i]).join(', ');
        throw new FormatError(`erasure set ${s + 1} has ${up.length} of ${setSize} drives reachable, needs at least ${readQuorum}; unreachable: ${down}`);
      }
      sets.push(new ErasureSetImpl({ index: s, drives: idx.map((i) => drives[i]!), parity, ...(opts.blockSize !== undefined ? { blockSize: opts.blockSize } : {}),
        ...(opts.driveTimeoutMs !== undefined ? { driveTimeoutMs: opts.driveTimeoutMs } : {}) }));
    }
    // Replaced now, or replaced at an earlier start whose rebuild never finished.
    const healing = await Promise.all(drives.map(async (d, i) => {
      if (!reachable(i)) return false;
      if (replacing.has(i)) return true;
      try { return (await readHealingMarker(d)) !== undefined; } catch { return false; }
    }));
    return new ErasureStorage(plan.deploymentId, sets, drives, drives.filter((_, i) => healing[i]));
  } catch (err) {
    await Promise.all(drives.map((d) => d.close().catch(() => undefined)));
    throw err;
  }
}

/** Metadata key on the first drive holding the plan of a deployment being formatted. */
const FORMAT_PLAN_KEY = '\u0000cairn/format-plan';

/**
 * Several server processes may start on the same fresh drives at once: the first to commit
 * its plan on the first drive (an atomic, cross-process LMDB transaction) wins, the others
 * adopt it, so all write identical format records.
 */
async function agreeOnFreshPlan(first: Drive, mine: FormatPlan, n: number, setSize: number): Promise<FormatPlan> {
  const encoded = encodePlan(mine);
  const stored = await first.metaUpdate([FORMAT_PLAN_KEY], ([cur]) => {
    if (cur !== undefined && decodePlan(cur, n, setSize) !== undefined) return { ops: [], result: cur };
    return { ops: [{ key: FORMAT_PLAN_KEY, value: encoded }], result: encoded };
  });
  return decodePlan(stored, n, setSize) ?? mine;
}
