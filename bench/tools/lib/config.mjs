// s3bench configuration: command-line parsing and the run config (shared by the CLI and its workers).
import { randomBytes } from 'node:crypto';

export const WORKLOADS = ['put', 'get', 'mixed', 'list', 'delete', 'multipart'];
export const UTILS = ['cleanup'];
export const VARIANTS = 16; // distinct bodies per size: slices of one random buffer at 4 KiB steps
export const VSTEP = 4096;
export const MAX_DURATION_S = 900; // bench/memory-cgroup.mjs runs 10 minutes
export const MAX_OPS = 10_000_000;

export const HELP = `s3bench <workload> [options]
workloads: ${WORKLOADS.join(', ')}
utility:   cleanup --bucket B [--key-prefix P] [--delete-bucket]   (delete objects under P, then the bucket)
  -e, --endpoint URL        http://127.0.0.1:9000 (path-style; env S3BENCH_ENDPOINT)
  -a, --access-key K        env AWS_ACCESS_KEY_ID or S3RVER
  -s, --secret-key S        env AWS_SECRET_ACCESS_KEY or S3RVER
      --region R            us-east-1
      --anonymous           send no Authorization header at all
      --payload MODE        unsigned (UNSIGNED-PAYLOAD, default) | signed (sha256 of body, cached per body)
  -z, --size N              object size: 4KiB, 64KiB, 1MiB, 64MiB ... (default 4KiB; multipart 64MiB)
  -c, --concurrency N       in-flight operations in total (default 16; multipart 4)
  -d, --duration T          measured time, e.g. 10s (default 10s, max ${MAX_DURATION_S}s)
  -w, --warmup T            unmeasured ramp before the window (default 1s; 0 for delete / --ops)
  -n, --ops N               stop after N ops in total (time is still capped by --duration or ${MAX_DURATION_S}s)
  -p, --procs N             client worker processes (default 1); concurrency is split across them
      --objects N           objects to prepare (get/mixed: min(1000, 512MiB/size) >= 2*c; list 10000; delete 5000)
      --bucket B            use bucket B (default: create s3bench-<rand> and delete it afterwards)
      --no-create-bucket    don't create the bucket (static servers, existing buckets)
      --no-prepare          get: objects <key-prefix><i> for i < --objects already exist (e.g. nginx files)
      --key-prefix P        key prefix of prepared objects (default <runid>-o)
      --no-cleanup          leave objects (and the created bucket) behind
      --prepare-if-missing  skip the prepare step when exactly --objects keys exist under --key-prefix
      --verify              get/mixed: compare every received byte with what was written
      --part-size N         multipart part size (default 8MiB)
      --part-concurrency N  parts in flight per multipart upload (default 1)
      --max-keys N          list page size (default 1000)
      --list-mode M         list: walk (page through all keys, check the count; default) | page (one page
                            from a random start-after) | dir (prefix=<random dir>/ + delimiter /) |
                            root (delimiter / at the top: common prefixes) | versions (one
                            ListObjectVersions page from a random key-marker) | uploads (one
                            ListMultipartUploads page from a random key-marker; prepare opens one
                            upload per key instead of putting objects); all but walk need --layout dirs
      --layout L            prepared key names: flat (<prefix><i>, default) | dirs (<prefix>d<i/1000>/o<i>,
                            zero-padded: 1,000 objects per directory, lexical order = numeric order)
      --prepare-concurrency N  PUTs in flight while preparing (default min(32, max(4, c)))
      --prepare-timeout T   give up preparing after T (default 600s)
      --progress            report prepare progress on stderr every 30 s
      --batch N             delete: keys per DeleteObjects request (default 1 = DeleteObject)
      --mix SPEC            mixed: get=45,head=30,put=15,delete=10
      --server-pid PIDS     comma-separated server PIDs (children included) to meter server CPU
      --label TEXT          stored in the JSON
      --out FILE            also write the JSON result to FILE
      --timeout T           per-request timeout (default 120s)
      --pretty              one-line human summary on stderr
Prints one JSON object on stdout. Errors = non-2xx, transport errors, short/incorrect bodies.`;

// ---------- arg parsing ----------
export function parseSize(v) {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)?\s*$/i.exec(String(v));
  if (!m) throw new Error(`bad size: ${v}`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2].toLowerCase()];
  return Math.round(parseFloat(m[1]) * mult);
}
export function parseDur(v) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(String(v));
  if (!m) throw new Error(`bad duration: ${v}`);
  return parseFloat(m[1]) * { ms: 1, s: 1000, m: 60000, h: 3600000 }[m[2] || 's'];
}
export const fmtSize = (n) => (n >= 1 << 20 && n % (1 << 20) === 0 ? `${n >> 20}MiB` : n >= 1024 && n % 1024 === 0 ? `${n >> 10}KiB` : `${n}B`);

export function parseArgs(argv) {
  const o = { _: [] };
  const alias = { e: 'endpoint', a: 'access-key', s: 'secret-key', z: 'size', c: 'concurrency', d: 'duration', w: 'warmup', n: 'ops', p: 'procs', h: 'help' };
  const flags = new Set(['progress', 'no-create-bucket', 'no-prepare', 'no-cleanup', 'verify', 'pretty', 'help', 'worker', 'anonymous', 'prepare-if-missing', 'delete-bucket']);
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    if (a.startsWith('-')) {
      a = a.replace(/^--?/, '');
      let val;
      if (a.includes('=')) [a, val] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
      a = alias[a] || a;
      if (flags.has(a)) { o[a] = true; continue; }
      if (val === undefined) val = argv[++i];
      if (val === undefined) throw new Error(`missing value for --${a}`);
      o[a] = val;
    } else o._.push(a);
  }
  return o;
}

function oneOf(name, v, allowed) {
  if (!allowed.includes(v)) throw new Error(`--${name} must be one of ${allowed.join(', ')}`);
  return v;
}

export function buildConfig(o) {
  const workload = o._[0];
  if (!WORKLOADS.includes(workload) && !UTILS.includes(workload)) throw new Error(`workload must be one of ${WORKLOADS.join(', ')}`);
  const size = parseSize(o.size ?? (workload === 'multipart' ? '64MiB' : '4KiB'));
  const concurrency = parseInt(o.concurrency ?? (workload === 'multipart' ? 4 : 16), 10);
  const procs = Math.max(1, Math.min(parseInt(o.procs ?? 1, 10), concurrency));
  const opsGiven = o.ops != null;
  let durationMs = o.duration != null ? parseDur(o.duration) : opsGiven ? MAX_DURATION_S * 1000 : 10000;
  durationMs = Math.min(durationMs, MAX_DURATION_S * 1000);
  const warmupMs = o.warmup != null ? parseDur(o.warmup) : opsGiven || workload === 'delete' ? 0 : 1000;
  let objects = o.objects != null ? parseInt(o.objects, 10) : null;
  if (objects == null) {
    if (workload === 'list') objects = 10000;
    else if (workload === 'delete') objects = 5000;
    else objects = Math.max(2 * concurrency, Math.min(1000, Math.floor((512 * 1024 * 1024) / Math.max(size, 1))));
  }
  const mix = { get: 45, head: 30, put: 15, delete: 10 };
  if (o.mix) {
    for (const k of Object.keys(mix)) mix[k] = 0;
    for (const part of String(o.mix).split(',')) {
      const [k, v] = part.split('=');
      if (!(k in mix)) throw new Error(`bad --mix op ${k}`);
      mix[k] = parseFloat(v);
    }
  }
  const runId = randomBytes(3).toString('hex');
  return {
    workload,
    endpoint: o.endpoint || process.env.S3BENCH_ENDPOINT || 'http://127.0.0.1:9000',
    accessKey: o['access-key'] ?? process.env.AWS_ACCESS_KEY_ID ?? 'S3RVER',
    secretKey: o['secret-key'] ?? process.env.AWS_SECRET_ACCESS_KEY ?? 'S3RVER',
    region: o.region || process.env.AWS_REGION || 'us-east-1',
    anonymous: !!o.anonymous,
    signedPayload: (o.payload || 'unsigned') === 'signed',
    size, concurrency, procs, durationMs, warmupMs,
    opsLimit: opsGiven ? Math.min(parseInt(o.ops, 10), MAX_OPS) : MAX_OPS,
    objects,
    bucket: o.bucket || `s3bench-${runId}`,
    bucketGiven: !!o.bucket,
    createBucket: !o['no-create-bucket'],
    prepare: !o['no-prepare'],
    prepareIfMissing: !!o['prepare-if-missing'],
    deleteBucket: !!o['delete-bucket'],
    keyPrefix: (o['key-prefix'] || `${runId}-o`).replace('{size}', String(size)),
    keyPrefixGiven: !!o['key-prefix'],
    cleanup: !o['no-cleanup'],
    verify: !!o.verify,
    partSize: parseSize(o['part-size'] || '8MiB'),
    partConcurrency: parseInt(o['part-concurrency'] || 1, 10),
    maxKeys: parseInt(o['max-keys'] || 1000, 10),
    listMode: oneOf('list-mode', o['list-mode'] || 'walk', ['walk', 'page', 'dir', 'root', 'versions', 'uploads']),
    layout: oneOf('layout', o.layout || 'flat', ['flat', 'dirs']),
    prepareConcurrency: o['prepare-concurrency'] ? parseInt(o['prepare-concurrency'], 10) : 0,
    prepareTimeoutMs: o['prepare-timeout'] ? parseDur(o['prepare-timeout']) : 600_000,
    progress: !!o.progress,
    batch: parseInt(o.batch || 1, 10),
    mix,
    serverPids: o['server-pid'] ? String(o['server-pid']).split(',').map((x) => parseInt(x, 10)).filter(Boolean) : [],
    label: o.label || null,
    out: o.out || null,
    timeoutMs: o.timeout ? parseDur(o.timeout) : 120000,
    pretty: !!o.pretty,
    runId,
  };
}
