// The big listing bucket (1,000,000 objects by default): populated once through the S3 API
// with many concurrent small PUTs into a Cairn drive kept under bench/.cache/, keyed by the
// on-disk format versions and the object count, and reused by later runs.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR, REPO_DIR, startCairn, stopServer } from './servers.mjs';
import { runS3bench, lastJson } from './s3bench-runner.mjs';
import { BIG_LIST_BUCKET, BIG_LIST_PREFIX } from './matrix.mjs';

export const CACHE_DIR = path.join(BENCH_DIR, '.cache');
const POPULATE_CONCURRENCY = 64;
const POPULATE_TIMEOUT_S = 3 * 3600;

/** "object1-bucket1-..." from every `export const X_VERSION = N` under src/storage/format/. */
export function formatVersionKey(dir = path.join(REPO_DIR, 'src', 'storage', 'format')) {
  const parts = [];
  let files = [];
  try { files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort(); } catch { return 'unknown'; }
  for (const f of files) {
    const src = readFileSync(path.join(dir, f), 'utf8');
    for (const m of src.matchAll(/export const ([A-Z_]*?)_?RECORD_VERSION\s*=\s*(\d+)/g)) {
      parts.push(`${m[1].toLowerCase().replace(/_/g, '') || 'record'}${m[2]}`);
    }
  }
  return parts.length ? parts.join('-') : 'unknown';
}

export function cachePaths(objects, fmtKey = formatVersionKey()) {
  const root = path.join(CACHE_DIR, `biglist-fmt-${fmtKey}-n${objects}`);
  return { root, drive: path.join(root, 'drive1'), marker: path.join(root, 'populated.json') };
}

/**
 * Starts Cairn (1 drive) on the cached big-listing drive, populating it first if needed.
 * Returns {server, populate: {objects, seconds, objects_per_s, cached, date}}.
 * The server must be stopped by the caller (stopServer).
 */
export async function openBigList({ objects, repopulate = false, cairnRoot = REPO_DIR, log }) {
  const p = cachePaths(objects, formatVersionKey(path.join(cairnRoot, 'src', 'storage', 'format')));
  let marker = null;
  if (!repopulate && existsSync(p.marker)) {
    try { marker = JSON.parse(readFileSync(p.marker, 'utf8')); } catch { marker = null; }
    if (marker && marker.objects !== objects) marker = null;
  }
  if (!marker) {
    rmSync(p.root, { recursive: true, force: true });
    mkdirSync(p.drive, { recursive: true });
  }
  const server = await startCairn({ name: 'cairn-1d-biglist', root: p.root, driveDirs: [p.drive], cairnRoot });
  if (marker) return { server, populate: { ...marker, cached: true } };
  try {
    log(`populating ${objects} objects into ${p.drive} (once; cached for later runs)`);
    // prepare = the populate; the short root listing after it checks that every directory is there
    const args = ['list', '-z', '64B', '-c', '1', '--objects', String(objects), '--layout', 'dirs', '--list-mode', 'root',
      '--bucket', BIG_LIST_BUCKET, '--key-prefix', BIG_LIST_PREFIX, '--no-cleanup',
      '--prepare-concurrency', String(POPULATE_CONCURRENCY), '--prepare-timeout', `${POPULATE_TIMEOUT_S}s`, '--progress',
      '-d', '1s', '-w', '0s', '-e', server.url, '-a', server.accessKey, '-s', server.secretKey];
    const r = await runS3bench(args, (POPULATE_TIMEOUT_S + 120) * 1000, (line) => log(`  ${line}`));
    const j = lastJson(r.stdout);
    if (!j || j.errors || !j.prepare) throw new Error(`populate failed: ${j ? JSON.stringify(j.error_samples ?? j) : r.stderr.slice(-800)}`);
    const seconds = j.prepare.seconds;
    const info = { objects, seconds, objects_per_s: Math.round(objects / seconds), date: new Date().toISOString(), concurrency: POPULATE_CONCURRENCY };
    writeFileSync(p.marker, JSON.stringify(info, null, 1) + '\n');
    return { server, populate: { ...info, cached: false } };
  } catch (e) {
    await stopServer(server);
    rmSync(p.root, { recursive: true, force: true });
    throw e;
  }
}
