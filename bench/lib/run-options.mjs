// Command-line options of `npm run bench` (bench/run.mjs).

export const ALL_SERVERS = ['cairn-1d', 'cairn-4d', 'cairn-1d-w2', 'ceiling'];
/** Servers that run only the rows marked `workers: true` (small-object, CPU-bound) and no memory workloads. */
export const WORKERS_SERVERS = new Set(['cairn-1d-w2']);

export const USAGE = `npm run bench -- [options]
  --quick                 ~2 minute run: 1 round, short runs, smaller objects and a 10,000-object big listing
  --only REGEX            run only workloads whose label matches (labels: put-4KiB-c1 ... list-1M-root,
                          mem-put, mem-idle, e.g. --only '^get-4KiB')
  --servers LIST          comma-separated subset of ${ALL_SERVERS.join(',')} (default all)
  --rounds N              runs per server and workload, alternating A B A B (default 2; quick 1)
  --duration S            measured seconds per run (default 5; quick 1)
  --warmup S              unmeasured seconds before each run (default 1; quick 0.3)
  --warmup-run S          before a timed workload's measured rounds, one unmeasured run of S
                          seconds on each server, so no round measures a server whose code for
                          that workload is still being compiled (default 8; quick 0; 0 = none);
                          a fixed-count row (64 MiB, multipart) runs once whole, unmeasured
  --big-list-objects N    objects in the big listing bucket (default 1000000; quick 10000)
  --repopulate            populate the big listing bucket again even if bench/.cache has it
  --mem-put-size SIZE     size of each of the 32 concurrent PUTs (default 256MiB; quick 16MiB)
  --idle-connections N    idle keep-alive connections to hold (default 1000)
  --profile               also profile Cairn (1 drive) with node --cpu-prof on one workload
  --profile-row LABEL     the workload to profile (default put-4KiB-c16; implies --profile)
  --source head|worktree  Cairn to run: a private build of the committed HEAD (default; git archive
                          into a temp dir) or the working tree as it is, built in place
  --no-build              with --source worktree: do not run tsc first
  --no-fio                skip the raw disk measurement
  --out DIR               where results go (default bench/results)
  --note TEXT             added to the conditions line of the report
  -h, --help`;

const FLAGS = new Set(['quick', 'repopulate', 'profile', 'no-build', 'no-fio', 'help']);

export function parseRunOptions(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    if (a === '-h') a = '--help';
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    let name = a.slice(2);
    let val;
    const eq = name.indexOf('=');
    if (eq >= 0) { val = name.slice(eq + 1); name = name.slice(0, eq); }
    if (FLAGS.has(name)) { o[name] = true; continue; }
    if (!USAGE.includes(`--${name} `)) throw new Error(`unknown option --${name}`);
    if (val === undefined) val = argv[++i];
    if (val === undefined) throw new Error(`missing value for --${name}`);
    o[name] = val;
  }
  const quick = !!o.quick;
  const num = (name, def, min, max) => {
    if (o[name] == null) return def;
    const v = Number(o[name]);
    if (!Number.isFinite(v) || v < min || v > max) throw new Error(`--${name} must be a number in [${min}, ${max}]`);
    return v;
  };
  const servers = o.servers ? o.servers.split(',').map((s) => s.trim()).filter(Boolean) : ALL_SERVERS;
  for (const s of servers) if (!ALL_SERVERS.includes(s)) throw new Error(`unknown server ${s} (${ALL_SERVERS.join(', ')})`);
  let only = null;
  if (o.only) { try { only = new RegExp(o.only); } catch (e) { throw new Error(`--only: ${e.message}`); } }
  return {
    help: !!o.help,
    quick,
    mode: quick ? 'quick' : 'full',
    only,
    servers,
    rounds: Math.round(num('rounds', quick ? 1 : 2, 1, 10)),
    durationS: num('duration', quick ? 1 : 5, 0.5, 60),
    warmupS: num('warmup', quick ? 0.3 : 1, 0, 30),
    warmupRunS: num('warmup-run', quick ? 0 : 8, 0, 60),
    bigListObjects: Math.round(num('big-list-objects', quick ? 10_000 : 1_000_000, 1000, 10_000_000)),
    repopulate: !!o.repopulate,
    memPutSize: o['mem-put-size'] ?? (quick ? '16MiB' : '256MiB'),
    idleConnections: Math.round(num('idle-connections', 1000, 1, 10_000)),
    profile: !!o.profile || o['profile-row'] != null,
    profileRow: o['profile-row'] ?? 'put-4KiB-c16',
    build: !o['no-build'],
    source: oneOf('source', o.source ?? 'head', ['head', 'worktree']),
    fio: !o['no-fio'],
    out: o.out ?? null,
    note: o.note ?? '',
  };
}

function oneOf(name, v, allowed) {
  if (!allowed.includes(v)) throw new Error(`--${name} must be one of ${allowed.join(', ')}`);
  return v;
}

export const selected = (opts, label) => !opts.only || opts.only.test(label);
