/**
 * The JSON documents of the admin API, as they go on the wire. Field names follow MinIO's
 * madmin-go where MinIO has the field (InfoMessage, BgHealState, HealStartSuccess,
 * HealTaskStatus, the JSON error), so madmin-based tools read what they know; Cairn's
 * additions carry camelCase names MinIO does not use and reuse the AdminBackend types.
 * The CLI (src/admin-client) parses these same types.
 */
import type {
  Capacity, DriveRebuild, HealQueueReport, HealSequence, HealSequenceState, HealWorkerReport, ScannerReport,
  ScrubReport, UnhealableList,
} from './admin-backend.js';

/** madmin's {count, error}: `error` says why a count is not known (count is then 0). */
export interface CountDoc {
  readonly count: number;
  readonly error?: string;
}

/** madmin.HealingDisk subset (heal_info of a drive being rebuilt), plus Cairn's phase. */
export interface HealingDiskDoc {
  readonly endpoint: string;
  readonly pool_index: number;
  readonly set_index: number;
  readonly disk_index: number;
  readonly started: string;
  readonly last_update: string;
  readonly items_healed: number;
  readonly items_failed: number;
  readonly finished: boolean;
  /** Cairn: 'buckets' | 'objects' | 'done', the runner state, keys looked at so far. */
  readonly phase: DriveRebuild['phase'];
  readonly rebuildState: string;
  readonly objectsScanned: number;
  readonly finishedAt?: string;
  readonly lastError?: string;
}

/**
 * madmin.Disk subset. state is MinIO's: 'ok' or 'offline'; a drive being rebuilt has healing
 * true. The space figures are in the info document only (omitted, as MinIO omits empty ones,
 * in the heal status).
 */
export interface DiskDoc {
  readonly endpoint: string;
  readonly path: string;
  readonly state: 'ok' | 'offline';
  readonly healing: boolean;
  readonly totalspace?: number;
  readonly usedspace?: number;
  readonly availspace?: number;
  readonly pool_index: number;
  readonly set_index: number;
  readonly disk_index: number;
  readonly heal_info?: HealingDiskDoc;
  /**
   * Cairn's additions (madmin has no field for them; MinIO clients ignore them): the last
   * failed call or probe of the drive, when it went offline, failures in a row, failed probes.
   */
  readonly last_error?: string;
  readonly last_error_time?: string;
  readonly offline_since?: string;
  readonly consecutive_failures?: number;
  readonly failed_probes?: number;
}

/** madmin.ErasureSetInfo subset, plus Cairn's shard counts. */
export interface ErasureSetDoc {
  readonly id: number;
  readonly rawUsage: number;
  readonly rawCapacity: number;
  readonly healDisks: number;
  readonly onlineDisks: number;
  readonly offlineDisks: number;
  readonly dataShards: number;
  readonly parityShards: number;
}

/** GET /minio/admin/v3/info: madmin.InfoMessage subset, plus Cairn fields. */
export interface InfoDocument {
  readonly mode: 'online';
  readonly region: string;
  readonly deploymentID: string;
  readonly buckets: CountDoc;
  readonly objects: CountDoc;
  readonly versions: CountDoc;
  readonly usage: { readonly size: number; readonly error?: string };
  readonly backend: {
    readonly backendType: 'Erasure';
    readonly onlineDisks: number;
    readonly offlineDisks: number;
    readonly standardSCParity: number;
    readonly totalSets: readonly number[];
    readonly totalDrivesPerSet: readonly number[];
  };
  readonly servers: readonly {
    readonly state: 'online';
    /** The Host the request was sent to. */
    readonly endpoint: string;
    /** Seconds. */
    readonly uptime: number;
    readonly drives: readonly DiskDoc[];
  }[];
  /** pool index -> set index -> set (Cairn has one pool). */
  readonly pools: Readonly<Record<string, Readonly<Record<string, ErasureSetDoc>>>>;
  /** Cairn: when the server started, raw capacity, and when the object counts were taken. */
  readonly startedAt: string;
  readonly capacity: Capacity;
  readonly countsAsOf?: string;
}

/** madmin.SetStatus subset. */
export interface SetStatusDoc {
  readonly id: string;
  readonly pool_index: number;
  readonly set_index: number;
  readonly disks: readonly DiskDoc[];
}

/** POST /minio/admin/v3/background-heal/status: madmin.BgHealState subset, plus Cairn fields. */
export interface BgHealStateDocument {
  /** Endpoints of the drives being rebuilt. */
  readonly HealDisks: readonly string[];
  readonly sets: readonly SetStatusDoc[];
  // Cairn:
  readonly isHealthy: boolean;
  readonly problems: readonly string[];
  readonly backgroundWorkers: boolean;
  readonly queue?: HealQueueReport;
  readonly healWorker?: HealWorkerReport;
  readonly scanner?: ScannerReport;
  readonly scrub?: ScrubReport;
  readonly healed: { readonly shards: number; readonly records: number };
  readonly unhealable: UnhealableList;
  readonly sequence?: HealSequence;
}

/** madmin.HealOpts as sent by clients (only the fields Cairn reads). */
export interface HealOptsDoc {
  readonly recursive?: boolean;
  readonly dryRun?: boolean;
  readonly remove?: boolean;
  readonly recreate?: boolean;
  /** 0 or 1: normal (existence and size), 2: deep (every bitrot checksum). */
  readonly scanMode?: number;
}

/** POST /minio/admin/v3/heal/ without clientToken: madmin.HealStartSuccess. */
export interface HealStartDocument {
  readonly clientToken: string;
  readonly clientAddress: string;
  readonly startTime: string;
}

/** POST /minio/admin/v3/heal/?clientToken=T: madmin.HealTaskStatus subset, plus Cairn fields. */
export interface HealTaskStatusDocument extends Omit<HealSequence, 'state'> {
  /** MinIO's summary: 'running', 'finished' or 'stopped' (a failed sequence is 'stopped' with detail). */
  readonly summary: 'running' | 'finished' | 'stopped';
  readonly detail?: string;
  readonly startTime: string;
  readonly settings: { readonly recursive: true; readonly scanMode: 1 | 2 };
  /** Cairn's own state (tells 'failed' from 'stopped'). */
  readonly state: HealSequenceState;
}

/** Every admin error: MinIO's JSON error response. */
export interface AdminErrorDocument {
  readonly Code: string;
  readonly Message: string;
  readonly Resource: string;
  readonly RequestId: string;
}

/** madmin.BucketUsageInfo subset, plus Cairn's latestSize. */
export interface BucketUsageInfoDoc {
  /** Bytes of every version that is not a delete marker. */
  readonly size: number;
  readonly objectsCount: number;
  readonly objectsVersionsCount: number;
  readonly deleteMarkersCount: number;
  /** MinIO's intervals, with its aggregate BETWEEN_1024B_AND_1_MB as madmin sends it. */
  readonly objectsSizesHistogram: Readonly<Record<string, number>>;
  // Cairn:
  readonly latestSize: number;
}

/**
 * GET /minio/admin/v3/datausageinfo: madmin.DataUsageInfo subset. Before the first scanner
 * figure lastUpdate is Go's zero time (as MinIO sends it), the maps are empty and Cairn's
 * `error` says why.
 */
export interface DataUsageInfoDocument {
  readonly lastUpdate: string;
  readonly objectsCount: number;
  readonly versionsCount: number;
  readonly deleteMarkersCount: number;
  readonly objectsTotalSize: number;
  readonly bucketsCount: number;
  readonly bucketsUsageInfo: Readonly<Record<string, BucketUsageInfoDoc>>;
  readonly bucketsSizes: Readonly<Record<string, number>>;
  readonly error?: string;
}

/** GET get-bucket-quota (and the answer of set-bucket-quota): madmin.BucketQuota, plus the bucket. */
export interface BucketQuotaDocument {
  readonly bucket: string;
  /** Bytes (madmin's deprecated field, still what mc reads). */
  readonly quota: number;
  /** Bytes (madmin's current field). */
  readonly size: number;
  readonly quotatype: 'hard';
}

/** GET kms/status: madmin.KMSStatus (name, default-key-id, endpoints) plus Cairn's fields. */
export interface KmsStatusDocument {
  readonly name: string;
  readonly 'default-key-id': string;
  /** URL -> "online" | "offline" (madmin: the state of each KMS endpoint). */
  readonly endpoints: Readonly<Record<string, 'online' | 'offline'>>;
  readonly backend: 'builtin' | 'vault' | 'kes';
  readonly reachable: boolean;
  readonly latencyMs?: number;
  readonly version?: string;
  readonly error?: string;
  /** What seals and opens SSE packages on the server that answered (Cairn's). */
  readonly 'sse-engine'?: string;
}

/** GET kms/key/status: madmin.KMSKeyStatus (an empty error = the step worked). */
export interface KmsKeyStatusDocument {
  readonly 'key-id': string;
  readonly 'encryption-error': string;
  readonly 'decryption-error': string;
}

/** POST kms/key/create: Cairn's answer (madmin ignores the body). */
export interface KmsKeyCreateDocument {
  readonly 'key-id': string;
  readonly created: boolean;
}

/** GET kms/key/list: madmin.KMSKeyInfo per key. */
export type KmsKeyListDocument = readonly { readonly name: string }[];

/** An account (tenant) as the Cairn account endpoints answer it (no MinIO equivalent). */
export interface AccountDoc {
  readonly accountId: string;
  readonly name: string;
  readonly canonicalUserId: string;
  readonly email?: string;
  readonly createDate: string;
}

/** PUT /minio/admin/v3/cairn/add-account: the account and its root key pair (shown this once). */
export interface AccountCreatedDocument extends AccountDoc {
  readonly accessKey: string;
  readonly secretKey: string;
}

/** GET /minio/admin/v3/cairn/list-accounts. */
export interface AccountListDocument {
  readonly accounts: readonly AccountDoc[];
}

/** DELETE /minio/admin/v3/cairn/remove-account. */
export interface AccountRemovedDocument {
  readonly removed: string;
}

/** GET kms/account/get-key (and the answer of set-key): the account's default key. */
export interface KmsAccountKeyDocument {
  readonly account: string;
  readonly 'key-id': string;
  /** True when the account has no key of its own (this is the deployment's default key). */
  readonly default: boolean;
  readonly vault?: { readonly mount?: string; readonly namespace?: string };
}

/** The LDAP policy mapping documents (madmin's shapes): see ldap-policy-admin.ts. */
export type {
  PolicyAssociationDocument, PolicyEntitiesDocument, UserPolicyEntitiesDoc, GroupPolicyEntitiesDoc, PolicyEntitiesDoc,
} from './ldap-policy-admin.js';
/** POST kms/key/rotate: the key version new data keys are sealed with from now on. */
export interface KmsKeyRotateDocument {
  readonly 'key-id': string;
  readonly version: number;
}

/** POST kms/reseal and GET kms/reseal/status: the re-seal pass (workers/kms-reseal-pass.ts). */
export interface KmsResealStatusDocument {
  readonly state: 'idle' | 'running' | 'done' | 'failed';
  /** The pass's --bucket; absent: every bucket. */
  readonly bucket?: string;
  readonly startedAt?: string;
  readonly updatedAt?: string;
  readonly finishedAt?: string;
  readonly position?: { readonly bucket: string; readonly phase: 'versions' | 'uploads'; readonly keyMarker?: string; readonly versionIdMarker?: string; readonly uploadIdMarker?: string };
  readonly scanned: number;
  readonly resealed: number;
  readonly current: number;
  readonly skipped: number;
  readonly failed: number;
  readonly error?: string;
}
