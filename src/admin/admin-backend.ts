/**
 * AdminBackend: everything the admin API reads and triggers, as one interface. The admin
 * surface (src/admin) sees the deployment only through it; compose/admin-backend.ts
 * implements it over the storage, the background workers and object/heal.
 *
 * Conventions of the types below: times are ISO 8601 strings (what the JSON documents
 * carry), indexes are 0-based, byte counts are plain numbers (exact up to 8 PiB). A figure
 * the server does not know is a `Figure` with `unknown` saying why, never a made-up 0.
 */
import type { AdminKms } from './admin-kms.js';

/** 'healing': a replaced drive whose rebuild has not finished yet. */
export type DriveState = 'online' | 'offline' | 'healing';

/** A number the server may not know yet (object counts come from a finished scanner pass). */
export type Figure =
  | { readonly value: number; readonly asOf?: string }
  | { readonly unknown: string };

export interface DriveReport {
  /** The drive argument as typed at start, e.g. /data/d1. */
  readonly endpoint: string;
  readonly setIndex: number;
  /** Position of the drive in its set (format order). */
  readonly driveIndex: number;
  readonly state: DriveState;
  /** Filesystem figures of the drive's directory; all 0 when the drive is offline. */
  readonly totalBytes: number;
  readonly usedBytes: number;
  readonly freeBytes: number;
  /** Why the drive is (or was lately) failing: present once a call or probe failed. */
  readonly trouble?: DriveTrouble;
}

/** The drive's failure record (storage's DriveHealth), times as ISO 8601. */
export interface DriveTrouble {
  /** The last failed call or probe, with its causes (`a: b: c`). */
  readonly lastError?: string;
  readonly lastErrorAt?: string;
  /** When the drive was taken offline; absent while online. */
  readonly offlineSince?: string;
  /** Failed calls since the last successful one. */
  readonly consecutiveFailures: number;
  /** Probes that failed since the drive went offline. */
  readonly failedProbes: number;
}

export interface SetReport {
  readonly index: number;
  /** Data shards (k) and parity shards (m) of every object of the set. */
  readonly dataShards: number;
  readonly parityShards: number;
  readonly readQuorum: number;
  readonly writeQuorum: number;
  readonly drives: readonly DriveReport[];
}

/** Raw capacity: sums over the drives that answered (parity included). */
export interface Capacity {
  readonly totalBytes: number;
  readonly usedBytes: number;
  readonly freeBytes: number;
}

export interface ClusterInfo {
  readonly deploymentId: string;
  readonly region: string;
  readonly startedAt: string;
  readonly uptimeSeconds: number;
  readonly sets: readonly SetReport[];
  readonly capacity: Capacity;
  readonly buckets: Figure;
  /** Object keys, versions and their bytes, from the scanner's last complete pass. */
  readonly objects: Figure;
  readonly versions: Figure;
  readonly bytes: Figure;
}

/** waiting (not started), healing (a pass runs), retrying (a pass left keys unhealed), done. */
export type RebuildPhase = 'waiting' | 'healing' | 'retrying' | 'done';

/**
 * Progress of the rebuild of a replaced drive (found empty at start, or whose rebuild had not
 * finished at the previous stop): deep heal passes over its sets until one is clean.
 */
export interface DriveRebuild {
  readonly phase: RebuildPhase;
  /** Pass number (a pass that left keys unhealed is repeated). */
  readonly attempt: number;
  readonly setsDone: number;
  readonly setsTotal: number;
  readonly shardsHealed: number;
  /** 'running' until it ends; 'done', 'failed' (lastError says why) or 'stopped' after. */
  readonly state: string;
  readonly objectsScanned: number;
  readonly objectsHealed: number;
  readonly objectsFailed: number;
  readonly started: string;
  readonly lastUpdate: string;
  readonly finished?: string;
  readonly lastError?: string;
}

export interface DriveHealReport {
  readonly endpoint: string;
  readonly setIndex: number;
  readonly driveIndex: number;
  readonly state: DriveState;
  /** Present for a drive that was replaced since the server started. */
  readonly rebuild?: DriveRebuild;
}

export interface HealQueueReport {
  /** Keys waiting for the heal worker. */
  readonly length: number;
  /** Keys dropped because the queue was full (the scanner finds them again). */
  readonly dropped: number;
  readonly capacity: number;
}

export interface HealWorkerReport {
  /** Keys taken from the queue and looked at. */
  readonly objectsChecked: number;
  /** Keys that needed and got a repair. */
  readonly objectsHealed: number;
  readonly failures: number;
  /** `bucket/key` being healed right now. */
  readonly current?: string;
  readonly lastError?: string;
}

/** The continuous scanner (normal mode: records, shard existence and size). */
export interface ScannerReport {
  /** Worker state: 'running', 'sleeping' (between passes), 'stopped', 'failed'. */
  readonly state: string;
  readonly passesDone: number;
  /** The last complete pass; absent before the first one ended. */
  readonly lastPass?: {
    readonly objects: number;
    /** Keys found damaged (queued for heal). */
    readonly findings: number;
    /** When the pass ended; known only while the scanner sleeps before its next pass. */
    readonly finished?: string;
  };
}

/** The periodic bitrot scrub (a paced deep heal pass: every frame of every shard file). */
export interface ScrubReport {
  /** Worker state: 'running' (a pass), 'sleeping' (until the next), 'stopped', 'failed'. */
  readonly state: string;
  readonly intervalSeconds: number;
  /** When the next pass is due, while sleeping. */
  readonly nextPass?: string;
  /** The last finished pass of this process; absent before the first one ended. */
  readonly lastPass?: {
    readonly started: string;
    readonly finished: string;
    readonly objects: number;
    readonly bytesVerified: number;
    readonly shardsHealed: number;
    readonly unhealable: number;
  };
}

export interface UnhealableItem {
  readonly bucket: string;
  readonly key: string;
  readonly reason: string;
  /** When the last heal attempt failed. */
  readonly at: string;
}

/** A bounded list: the newest `items`, and how many older ones were left out. */
export interface UnhealableList {
  readonly items: readonly UnhealableItem[];
  readonly omitted: number;
}

export type HealSequenceState = 'running' | 'finished' | 'stopped' | 'failed';

/** One admin heal pass over every key of every set (and the bucket records). */
export interface HealSequence {
  readonly clientToken: string;
  readonly state: HealSequenceState;
  readonly done: boolean;
  /** Deep: every frame of every shard file is verified (bitrot), not only existence and size. */
  readonly deep: boolean;
  readonly clientAddress: string;
  readonly started: string;
  readonly finished?: string;
  readonly objectsChecked: number;
  /** Keys that needed and got a repair. */
  readonly objectsHealed: number;
  /** Shard files rebuilt (one per drive and file). */
  readonly shardsHealed: number;
  /** Records rewritten: object records per drive, plus bucket and bucket-config records. */
  readonly recordsHealed: number;
  readonly unhealable: UnhealableList;
  /** Failures that concern no single key (a set whose keys could not be listed, bucket records). */
  readonly failures: readonly string[];
}

export interface HealStatusReport {
  /** Every drive online and whole, and nothing known to be left to heal. */
  readonly isHealthy: boolean;
  /** Why not healthy, one line each; empty when healthy. */
  readonly problems: readonly string[];
  /**
   * False when this process runs no background workers (`--workers N`, every process but
   * the first): queue, heal worker, scanner and rebuild progress are then unknown here.
   */
  readonly backgroundWorkers: boolean;
  readonly drives: readonly DriveHealReport[];
  readonly queue?: HealQueueReport;
  readonly healWorker?: HealWorkerReport;
  readonly scanner?: ScannerReport;
  readonly scrub?: ScrubReport;
  /** Totals over the heal worker's heals and the admin heal sequences since start. */
  readonly healed: { readonly shards: number; readonly records: number };
  /** Keys whose last heal attempt failed (a later successful heal removes them). */
  readonly unhealable: UnhealableList;
  /** The latest admin heal sequence, if any was started. */
  readonly sequence?: HealSequence;
}

export interface HealStartOptions {
  readonly deep: boolean;
  /** Stop a running sequence and start afresh (MinIO's forceStart). */
  readonly force?: boolean;
  /** Who asked (shown in the status). */
  readonly clientAddress?: string;
}

/**
 * One bucket's usage from the scanner's last complete pass (sizes from the object records):
 * objects = keys whose latest version is not a delete marker; versions = versions that are
 * not delete markers; totalBytes over those versions, latestBytes over the latest ones;
 * sizeHistogram = latest versions by MinIO's size intervals (name -> objects).
 */
export interface BucketUsageReport {
  readonly objects: number;
  readonly versions: number;
  readonly deleteMarkers: number;
  readonly totalBytes: number;
  readonly latestBytes: number;
  readonly sizeHistogram: Readonly<Record<string, number>>;
}

/** Usage of every bucket (a bucket the pass found empty is all 0), as of the pass's end. */
export interface UsageReport {
  readonly lastUpdate: string;
  readonly buckets: Readonly<Record<string, BucketUsageReport>>;
}

/** A bucket's hard quota in bytes; 0 = none. */
export interface BucketQuotaSetting {
  readonly bucket: string;
  readonly quota: number;
}

export interface AdminBackend {
  info(): Promise<ClusterInfo>;
  /** Bucket usage of the last complete scanner pass (or the stored one); undefined before any. */
  usage(): Promise<UsageReport | undefined>;
  /** 'no-such-bucket' when the bucket does not exist; quota 0 clears it. */
  setBucketQuota(q: BucketQuotaSetting): Promise<'ok' | 'no-such-bucket'>;
  /** The quota (0 when none is set), or 'no-such-bucket'. */
  getBucketQuota(bucket: string): Promise<BucketQuotaSetting | 'no-such-bucket'>;
  healStatus(): HealStatusReport;
  /** Starts one pass over everything; 'already-running' when one runs and `force` is not set. */
  startHeal(opts: HealStartOptions): HealSequence | 'already-running';
  /** A started sequence (running, or one of the last few that ended); undefined when unknown. */
  healSequence(token: string): HealSequence | undefined;
  /** The KMS (admin-kms.ts); undefined when none is configured. */
  readonly kms?: AdminKms | undefined;
}
