// Starts the servers under test on 127.0.0.1 (port 0) and stops them by PID.
//   cairn: node bin/cairn.js server --address 127.0.0.1:0 DRIVE...   (prints "S3-API: http://HOST:PORT")
//   bare:  bench/tools/bare-server.mjs --port 0 --dir DIR [--md5] [--no-fsync]  (the Node ceiling)
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const REPO_DIR = path.dirname(BENCH_DIR);
/** The command contract: `node <root>/bin/cairn.js server ...` (root: see cairn-build.mjs). */
export const cairnBin = (root = REPO_DIR) => path.join(root, 'bin', 'cairn.js');
export const BARE_BIN = path.join(BENCH_DIR, 'tools', 'bare-server.mjs');
export const BENCH_USER = 'cairnbench';
export const BENCH_PASSWORD = 'cairnbench-secret-key-0001';

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;

/**
 * Spawns a server and resolves once `urlPattern` (group 1 = URL) appears in its output.
 * Output goes to logFile. Rejects with the log tail if it exits or times out first.
 */
function spawnAndWait({ name, args, env, logFile, urlPattern, nodeArgs = [] }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, ...args], {
      cwd: REPO_DIR, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const log = createWriteStream(logFile);
    let seen = '';
    let done = false;
    const finish = (err, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) { if (child.exitCode === null) child.kill('SIGKILL'); reject(err); } else resolve(value);
    };
    const onData = (d) => {
      log.write(d);
      if (done) return;
      seen = (seen + d.toString()).slice(-8192);
      const m = urlPattern.exec(seen);
      if (m) finish(null, { name, pid: child.pid, url: m[1].replace('://0.0.0.0', '://127.0.0.1'), child, logFile });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => finish(new Error(`${name}: spawn failed: ${e.message}`)));
    child.on('exit', (code, sig) => finish(new Error(`${name} exited (${code ?? sig}) before listening:\n${seen.slice(-2000)}`)));
    const timer = setTimeout(() => finish(new Error(`${name}: not listening after ${START_TIMEOUT_MS / 1000}s:\n${seen.slice(-2000)}`)), START_TIMEOUT_MS);
  });
}

/** The bare Node ceiling: PUT streams to a temp file, fsync, rename; GET streams it. */
export async function startBare({ name, root, md5 = true, fsync = true }) {
  const dir = path.join(root, 'data');
  mkdirSync(dir, { recursive: true });
  const args = [BARE_BIN, '--port', '0', '--host', '127.0.0.1', '--dir', dir];
  if (md5) args.push('--md5');
  if (!fsync) args.push('--no-fsync');
  const s = await spawnAndWait({ name, args, env: {}, logFile: path.join(root, 'server.log'), urlPattern: /(http:\/\/127\.0\.0\.1:\d+)/ });
  return {
    ...s, kind: 'bare', drives: 1,
    durability: `${fsync ? 'fsync' : 'no fsync'} + rename per object${md5 ? ', MD5 ETag' : ''}`,
    accessKey: 'x', secretKey: 'x',
  };
}

export function cairnAvailable(root = REPO_DIR) {
  return existsSync(cairnBin(root)) && existsSync(path.join(root, 'dist', 'src', 'bin', 'cli.js'));
}

/** Cairn with `drives` fresh drive directories under root (or the given driveDirs). */
export async function startCairn({ name, root, drives, driveDirs, cairnRoot = REPO_DIR, nodeArgs = [], env = {}, serverArgs = [] }) {
  if (!cairnAvailable(cairnRoot)) throw new Error(`${cairnBin(cairnRoot)} or its dist/ is missing: build the server first (npm run build)`);
  const dirs = driveDirs ?? Array.from({ length: drives }, (_, i) => path.join(root, `drive${i + 1}`));
  for (const d of dirs) mkdirSync(d, { recursive: true });
  const args = [cairnBin(cairnRoot), 'server', '--address', '127.0.0.1:0', ...serverArgs, ...dirs];
  const s = await spawnAndWait({
    name, args, nodeArgs, logFile: path.join(root, `${name}.log`), urlPattern: /S3-API:\s*(https?:\/\/\S+)/,
    env: { CAIRN_ROOT_USER: BENCH_USER, CAIRN_ROOT_PASSWORD: BENCH_PASSWORD, CAIRN_SHUTDOWN_TIMEOUT: '5', ...env },
  });
  return { ...s, kind: 'cairn', serverArgs, drives: dirs.length, driveDirs: dirs, durability: cairnDurability(env, cairnRoot), accessKey: BENCH_USER, secretKey: BENCH_PASSWORD };
}

/**
 * Cairn's durability as configured for this run: an explicit CAIRN_FSYNC setting if given,
 * otherwise what the drive code does, read from its source so that the report cannot drift.
 */
export function cairnDurability(env, cairnRoot = REPO_DIR) {
  const explicit = env.CAIRN_FSYNC ?? process.env.CAIRN_FSYNC;
  if (explicit != null) return `CAIRN_FSYNC=${explicit}`;
  const read = (rel) => { try { return readFileSync(path.join(cairnRoot, rel), 'utf8'); } catch { return null; } };
  const meta = read('src/storage/drive/lmdb-meta-store.ts');
  const data = read('src/storage/drive/local-file-writer.ts');
  // Since file-io.ts the writer syncs through FileIo.syncClose: node:fs's datasync, or the
  // native addon's fdatasync; both must sync for the report to say so.
  const nodeIo = read('src/storage/drive/node-file-io.ts');
  const nativeIo = read('native/fileio/src/fileio.cc');
  const synced = data != null && (/\.(datasync|sync)\(/.test(data)
    || (/\.syncClose\(/.test(data) && (nodeIo == null || /\.datasync\(/.test(nodeIo)) && (nativeIo == null || /\bfdatasync\(/.test(nativeIo))));
  const parts = [];
  if (meta != null) parts.push(/noSync:\s*true/.test(meta) ? 'metadata LMDB noSync' : 'metadata LMDB synced commit');
  if (data != null) parts.push(synced ? 'data file fdatasync + directory fsync' : 'data without fsync');
  return parts.length ? parts.join(', ') : 'unknown (drive source not found)';
}

/** Stops a server by PID: SIGTERM, then SIGKILL after a grace period. Resolves on exit. */
export async function stopServer(s) {
  if (!s || !s.child || s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((r) => s.child.once('exit', r));
  process.kill(s.pid, 'SIGTERM');
  let t;
  const timeout = new Promise((r) => { t = setTimeout(() => r('timeout'), STOP_TIMEOUT_MS); });
  const how = await Promise.race([exited, timeout]);
  clearTimeout(t);
  if (how === 'timeout') {
    try { process.kill(s.pid, 'SIGKILL'); } catch { /* gone */ }
    await exited;
  }
}
