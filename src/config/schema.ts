/**
 * The one configuration schema: every setting with its environment variable, command-line
 * flag, type (its parser), default and documentation. The Config type, the loader and the
 * --help text all derive from this table.
 * Precedence: flag > environment > default.
 */
import { availableParallelism, homedir } from 'node:os';
import { join } from 'node:path';
import {
  parseAddress, parseDomains, parseObjectOwnership, parseHashThreads, parseHeapGrowth, parseLogLevel, parseMode, parseOnOff, parsePrometheusAuth, parseRegion, parseSecondsToMs,
  parseDataCache, parseFileIo, parseSseCipher, parseSseEngine, parseStorageClass, parseString, parseWorkers, type ListenAddress, type LogLevel,
} from './parsers.js';
import { parseInlineThreshold } from './parsers.js';
import { parseDuration, parseDurationOrOff, parseRate } from './duration.js';
import { KMS_SETTINGS } from './kms-schema.js';
import { parseAuditFsync, parseAuditQueueFull, parseRecordCount, type AuditQueueFullPolicy } from './audit-parsers.js';

export interface Setting<T> {
  readonly env?: string;
  readonly flag?: string;
  /** Placeholder shown in --help. */
  readonly arg?: string;
  readonly default: T;
  readonly doc: string;
  /** Never echoed back (logs, errors). */
  readonly secret?: boolean;
  /** A repeated flag accumulates (lists). */
  readonly repeatable?: boolean;
  readonly parse: (raw: string, name: string) => T;
}

function setting<T>(s: Setting<T>): Setting<T> {
  return s;
}

export const CONFIG_SCHEMA = {
  address: setting<ListenAddress>({
    env: 'CAIRN_ADDRESS', flag: '--address', arg: 'HOST:PORT',
    default: { host: '', port: 9000 },
    doc: 'S3 API listen address (default :9000, every interface; port 0 picks a free port).',
    parse: parseAddress,
  }),
  consoleAddress: setting<ListenAddress | undefined>({
    env: 'CAIRN_CONSOLE_ADDRESS', flag: '--console-address', arg: 'HOST:PORT',
    default: undefined,
    doc: 'Console port listen address: serves GET /metrics (Prometheus, same auth as on the S3 port); no other API.',
    parse: parseAddress,
  }),
  domains: setting<readonly string[]>({
    env: 'CAIRN_DOMAIN', flag: '--domain', arg: 'DOMAIN[,DOMAIN]',
    default: [], repeatable: true,
    doc: 'Domain(s) for virtual-host-style requests: bucket.DOMAIN addresses bucket.',
    parse: parseDomains,
  }),
  region: setting<string>({
    env: 'CAIRN_REGION', flag: '--region', arg: 'REGION',
    default: 'us-east-1',
    doc: 'Region this deployment reports and expects in SigV4 credential scopes.',
    parse: parseRegion,
  }),
  rootUser: setting<string | undefined>({
    env: 'CAIRN_ROOT_USER',
    default: undefined, secret: false,
    doc: 'Root access key (at least 3 characters). With neither root variable set, credentials are generated on first start and kept on the drives.',
    parse: parseString,
  }),
  rootPassword: setting<string | undefined>({
    env: 'CAIRN_ROOT_PASSWORD',
    default: undefined, secret: true,
    doc: 'Root secret key (at least 8 characters).',
    parse: parseString,
  }),
  storageClassStandard: setting<string | undefined>({
    env: 'CAIRN_STORAGE_CLASS_STANDARD',
    default: undefined,
    doc: 'Parity of the STANDARD storage class as EC:N (default chosen by set size).',
    parse: parseStorageClass,
  }),
  shutdownTimeoutMs: setting<number>({
    env: 'CAIRN_SHUTDOWN_TIMEOUT', flag: '--shutdown-timeout', arg: 'SECONDS',
    default: 30_000,
    doc: 'Seconds in-flight requests get to finish on SIGTERM/SIGINT before connections are cut.',
    parse: parseSecondsToMs,
  }),
  workers: setting<number | 'auto'>({
    env: 'CAIRN_WORKERS', flag: '--workers', arg: 'N|auto',
    default: 1,
    doc: 'Server processes sharing the port and the drives (auto: one per core). Background work runs in the first only.',
    parse: parseWorkers,
  }),
  hashThreads: setting<number>({
    env: 'CAIRN_HASH_THREADS', flag: '--hash-threads', arg: 'N',
    default: Math.max(1, Math.min(4, availableParallelism() - 1)),
    doc: 'Worker threads (per server process) that compute MD5/checksums of bodies stored in data files, and as many that open the SSE packages of large encrypted GETs (0: on the event loop; default cores - 1, 1..4).',
    parse: parseHashThreads,
  }),
  heapGrowth: setting<number>({
    env: 'CAIRN_HEAP_GROWTH', flag: '--heap-growth', arg: 'PERCENT',
    default: 200,
    doc: 'How far the JavaScript heap may grow past what the last full garbage collection kept before the next one starts, in percent (V8 heap growing factor 1 + PERCENT/100; 0: V8\'s own, ~40% under load). Body buffers in flight count against this room, so a low factor means a full collection every few dozen MiB received (see ARCHITECTURE.md "Garbage collection").',
    parse: parseHeapGrowth,
  }),
  inlineThreshold: setting<number>({
    env: 'CAIRN_INLINE_THRESHOLD', flag: '--inline-threshold', arg: 'BYTES',
    default: 64 * 1024,
    doc: 'Objects smaller than this many bytes are stored inline in the metadata record (LMDB) instead of a data dir (0..1MiB, e.g. 64KiB; see ARCHITECTURE.md "Inline threshold").',
    parse: parseInlineThreshold,
  }),
  scannerInterval: setting<number>({
    env: 'CAIRN_SCANNER_INTERVAL', flag: '--scanner-interval', arg: 'DURATION',
    default: 5 * 60_000,
    doc: 'Pause between two passes of the scanner, which compares every object record across drives, checks shard files exist with the right size and counts bucket usage (e.g. 5m, 1h); the first pass starts after this pause too, at most 60 s after start.',
    parse: parseDuration,
  }),
  scannerRate: setting<number>({
    env: 'CAIRN_SCANNER_RATE', flag: '--scanner-rate', arg: 'OBJECTS/S',
    default: 100,
    doc: 'Objects the scanner checks per second at most (0: unlimited).',
    parse: parseRate,
  }),
  ilmDay: setting<number>({
    env: 'CAIRN_ILM_DAY_SECONDS', flag: '--ilm-day-seconds', arg: 'SECONDS',
    default: 86_400_000,
    doc: 'Length of a lifecycle "day" in seconds (0 < s <= 86400; default 86400): lifecycle Days, due dates and x-amz-expiration count in such days, and the expiry worker visits often enough to act within two of them. Lower only to test lifecycle rules.',
    parse: parseSecondsToMs,
  }),
  ilmRate: setting<number>({
    env: 'CAIRN_ILM_RATE', flag: '--ilm-rate', arg: 'OBJECTS/S',
    default: 100,
    doc: 'Object versions and uploads the lifecycle expiry worker looks at per second at most (0: unlimited).',
    parse: parseRate,
  }),
  scrubInterval: setting<number>({
    env: 'CAIRN_SCRUB_INTERVAL', flag: '--scrub-interval', arg: 'DURATION|off',
    default: 7 * 86_400_000,
    doc: 'Bitrot scrub cycle: a deep pass reads and verifies every frame of every shard on every drive and rebuilds what fails (e.g. 30d, 6h; off disables it). The first pass of a new deployment is due one cycle after its first start (kept in the system bucket, so restarts do not move it).',
    parse: parseDurationOrOff,
  }),
  scrubRate: setting<number>({
    env: 'CAIRN_SCRUB_RATE', flag: '--scrub-rate', arg: 'MIB/S',
    default: 64,
    doc: 'Object data the scrub verifies per second at most, in MiB (0: unlimited), so foreground latency barely moves.',
    parse: parseRate,
  }),
  sweepInterval: setting<number>({
    env: 'CAIRN_SWEEP_INTERVAL', flag: '--sweep-interval', arg: 'DURATION',
    default: 60 * 60_000,
    doc: 'Pause between two sweeps of leftovers (staging files, unreferenced data dirs, abandoned part files).',
    parse: parseDuration,
  }),
  sweepGrace: setting<number>({
    env: 'CAIRN_SWEEP_GRACE', flag: '--sweep-grace', arg: 'DURATION',
    default: 60 * 60_000,
    doc: 'Age a leftover must reach before the sweeper removes it (never less than the longest upload you expect).',
    parse: parseDuration,
  }),
  fileMode: setting<number>({
    env: 'CAIRN_FILE_MODE', flag: '--file-mode', arg: 'OCTAL',
    default: 0o600,
    doc: 'Mode of every file Cairn writes on the drives (shard files, metadata, format record); default 0600: other local users cannot read stored data.',
    parse: parseMode(0o600),
  }),
  dirMode: setting<number>({
    env: 'CAIRN_DIR_MODE', flag: '--dir-mode', arg: 'OCTAL',
    default: 0o700,
    doc: 'Mode of every directory Cairn creates on the drives; default 0700.',
    parse: parseMode(0o700),
  }),
  fileIo: setting<'auto' | 'native' | 'node'>({
    env: 'CAIRN_FILE_IO', arg: 'auto|native|node',
    default: 'auto',
    doc: 'What writes shard files: native, the addon built at install (a directory fsync, and a file\'s fdatasync + close, one thread-pool job each); node, node:fs (one job per system call); auto, native when the addon loads, else node. Both write the same files.',
    parse: parseFileIo,
  }),
  dataCache: setting<'auto' | 'keep' | 'drop'>({
    env: 'CAIRN_DATA_CACHE', arg: 'auto|keep|drop',
    default: 'auto',
    doc: 'Whether shard files stay in the page cache once read or written: keep; drop (posix_fadvise DONTNEED after the read, or once the new file is synced; native file calls only); auto, drop while the process runs under a cgroup memory limit below the machine\'s memory (re-read every 5 s), else keep. Under a limit the page cache counts against it, and the metadata every request reads needs it more.',
    parse: parseDataCache,
  }),
  directWrites: setting<boolean>({
    env: 'CAIRN_DIRECT_WRITES', arg: 'on|off',
    default: true,
    doc: 'Whether new shard files are written with O_DIRECT, their whole 4 KiB blocks straight to the device instead of through the page cache (a file written in one call from 256 KiB, every file written in a stream; native file calls only; a file system that refuses O_DIRECT gets the buffered write). off: through the page cache.',
    parse: parseOnOff,
  }),
  logLevel: setting<LogLevel>({
    env: 'CAIRN_LOG_LEVEL', flag: '--log-level', arg: 'LEVEL',
    default: 'info',
    doc: 'Least severe log line written: debug (also one line per request), info (start, stop, failed requests), warn, error.',
    parse: parseLogLevel,
  }),
  healRetry: setting<number>({
    env: 'CAIRN_HEAL_RETRY', flag: '--heal-retry', arg: 'DURATION',
    default: 60_000,
    doc: 'Pause before a drive rebuild pass that left objects unhealed (or lost the drive meanwhile) is repeated.',
    parse: parseDuration,
  }),
  prometheusAuth: setting<'jwt' | 'public'>({
    env: 'CAIRN_PROMETHEUS_AUTH', flag: '--prometheus-auth', arg: 'jwt|public',
    default: 'jwt',
    doc: 'Who may scrape GET /metrics: jwt (a bearer token, printed by cairn admin prometheus token) or public (anyone).',
    parse: parsePrometheusAuth,
  }),
  certsDir: setting<string>({
    env: 'CAIRN_CERTS_DIR', flag: '--certs-dir', arg: 'DIR',
    default: join(homedir(), '.cairn', 'certs'),
    doc: 'TLS certificates: public.crt + private.key (or a Kubernetes Secret\'s tls.crt + tls.key), one subdirectory per extra certificate served by SNI, CAs/ for trusted CAs. With a certificate the server speaks HTTPS (TLS 1.2+), without plain HTTP. Changes are picked up without a restart.',
    parse: parseString,
  }),
  certsReloadInterval: setting<number>({
    env: 'CAIRN_CERTS_RELOAD_INTERVAL', flag: '--certs-reload-interval', arg: 'DURATION',
    default: 2_000,
    doc: 'How often the certificates directory is re-read for new certificates (a changed file or a Kubernetes Secret update).',
    parse: parseDuration,
  }),
  ...KMS_SETTINGS,
  auditDir: setting<string | undefined>({
    env: 'CAIRN_AUDIT_DIR', flag: '--audit-dir', arg: 'DIR',
    default: undefined,
    doc: 'Where the audit queues live (one directory per process and target; default: .cairn/audit/ on the first drive). Audit targets: CAIRN_AUDIT_WEBHOOK_ENDPOINT[_NAME], CAIRN_AUDIT_ELASTICSEARCH_URL[_NAME] (see the README).',
    parse: parseString,
  }),
  auditQueueSize: setting<number>({
    env: 'CAIRN_AUDIT_QUEUE_SIZE', flag: '--audit-queue-size', arg: 'RECORDS',
    default: 100_000,
    doc: 'Audit records each target\'s disk queue holds at most while the target is down or slow.',
    parse: parseRecordCount,
  }),
  auditQueueFull: setting<AuditQueueFullPolicy>({
    env: 'CAIRN_AUDIT_QUEUE_FULL', flag: '--audit-queue-full', arg: 'block|drop',
    default: 'block',
    doc: 'A full audit queue: block (records wait in memory for room, up to CAIRN_AUDIT_BLOCK_TIMEOUT, then are dropped) or drop (at once). Requests never wait; every drop is counted and logged.',
    parse: parseAuditQueueFull,
  }),
  auditBlockTimeout: setting<number>({
    env: 'CAIRN_AUDIT_BLOCK_TIMEOUT', flag: '--audit-block-timeout', arg: 'DURATION',
    default: 30_000,
    doc: 'How long a record waits for room in a full audit queue (block policy) before it is dropped.',
    parse: parseDuration,
  }),
  auditFsyncMs: setting<number>({
    env: 'CAIRN_AUDIT_FSYNC', flag: '--audit-fsync', arg: 'always|DURATION',
    default: 1000,
    doc: 'When audit queue appends reach the disk: always (fdatasync per appended batch) or at most this long after the write (default 1s, one fdatasync per interval). A process crash or SIGKILL loses nothing either way; a power cut can lose the last interval.',
    parse: parseAuditFsync,
  }),
  kmsSecretKey: setting<string | undefined>({
    env: 'CAIRN_KMS_SECRET_KEY', arg: 'NAME:BASE64KEY',
    default: undefined,
    secret: true,
    doc: 'Built-in KMS master key (32 bytes, base64) and its name, e.g. my-key:OSMM+vkKUTCvQs9YL/CVMIMt43HFhkUpqJxTmGl6rYw=. With it, SSE-S3 and SSE-KMS work (the named key is the default key); without any KMS they are refused (501 NotImplemented) and SSE-C still works.',
    parse: parseString,
  }),
  kmsSecretKeyFile: setting<string | undefined>({
    env: 'CAIRN_KMS_SECRET_KEY_FILE', arg: 'FILE',
    default: undefined,
    doc: 'A file holding the CAIRN_KMS_SECRET_KEY value (NAME:BASE64KEY; surrounding whitespace ignored), e.g. a mounted secret. Not together with CAIRN_KMS_SECRET_KEY.',
    parse: parseString,
  }),
  sseCipher: setting<'aes-256-gcm' | 'chacha20-poly1305' | undefined>({
    env: 'CAIRN_SSE_CIPHER', flag: '--sse-cipher', arg: 'aes-256-gcm|chacha20-poly1305',
    default: undefined,
    doc: 'Cipher of newly encrypted objects (each object records its own, so both stay readable). Default: aes-256-gcm when the CPU has AES instructions, else chacha20-poly1305.',
    parse: parseSseCipher,
  }),
  sseEngine: setting<'auto' | 'native' | 'openssl' | 'node'>({
    env: 'CAIRN_SSE_ENGINE', arg: 'auto|native|openssl|node',
    default: 'auto',
    doc: 'What seals and opens SSE packages: native, the addon built at install, with AES-256-GCM on its AVX-512 VAES code where the CPU has it (about 3x libcrypto here) and the rest on the system\'s libcrypto.so.3; openssl, the addon with both ciphers on libcrypto.so.3 (about 3x the speed of Node\'s bundled OpenSSL here); node, node:crypto; auto, native when the addon loads, else node. All write the same format.',
    parse: parseSseEngine,
  }),
  prometheusBucketMetrics: setting<boolean>({
    env: 'CAIRN_PROMETHEUS_BUCKET_METRICS', flag: '--prometheus-bucket-metrics', arg: 'on|off',
    default: true,
    doc: 'Per-bucket series on GET /metrics (objects, versions, bytes, size distribution per bucket): on, or off for deployments with very many buckets (the cluster-wide figures stay).',
    parse: parseOnOff,
  }),
  defaultBucketPublicAccessBlock: setting<boolean>({
    env: 'CAIRN_DEFAULT_BUCKET_PUBLIC_ACCESS_BLOCK', arg: 'on|off',
    default: true,
    doc: 'Block Public Access on new buckets (all four settings true, as AWS since April 2023): on, or off for the old default of no settings (public policies and ACLs work without delete-public-access-block first).',
    parse: parseOnOff,
  }),
  defaultObjectOwnership: setting<'BucketOwnerEnforced' | 'BucketOwnerPreferred' | 'ObjectWriter'>({
    env: 'CAIRN_DEFAULT_OBJECT_OWNERSHIP', arg: 'BucketOwnerEnforced|BucketOwnerPreferred|ObjectWriter',
    default: 'BucketOwnerEnforced',
    doc: 'Object Ownership of a bucket created without x-amz-object-ownership: BucketOwnerEnforced (ACLs disabled, as AWS since April 2023), or ObjectWriter / BucketOwnerPreferred for the older default where ACLs work.',
    parse: parseObjectOwnership,
  }),
} as const;

export type ConfigSchema = typeof CONFIG_SCHEMA;
export type ConfigKey = keyof ConfigSchema;

export type Config = {
  readonly [K in ConfigKey]: ConfigSchema[K] extends Setting<infer T> ? T : never;
};
