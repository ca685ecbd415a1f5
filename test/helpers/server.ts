/**
 * Spawns the built Cairn server (`node bin/cairn.js server --address 127.0.0.1:0 DRIVE...`) as a
 * child process with fresh mkdtemp drives and known root credentials, waits for the
 * `S3-API: http://HOST:PORT` line, and hands back the endpoint. stop() kills the child by PID
 * and removes the drives. A safety timer kills a server that a test forgot to stop, and an
 * exit hook kills it if the test process dies first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStuckTree, descendantPids, killAll } from './process-tree.js';
import { repoRoot } from './repo-root.js';

export interface CairnServer {
  /** http://127.0.0.1:PORT (https:// when the server found certificates) */
  readonly endpoint: string;
  /** The first `S3-API:` URL exactly as the server printed it. */
  readonly printedUrl: string;
  /** Where the server wrote the generated root credentials (generatedCredentials on a first start). */
  readonly credentialsFile?: string;
  readonly host: string;
  readonly port: number;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region: string;
  readonly drives: readonly string[];
  readonly pid: number;
  /** Everything the server printed so far (stdout + stderr), for failure messages. */
  output(): string;
  /** True while the child process is running. */
  isRunning(): boolean;
  /** Resolves when the process has exited (by itself or by a signal). */
  exited(): Promise<{ code: number | null; signal: string | null }>;
  stop(): Promise<void>;
}

export interface StartServerOptions {
  /** Number of fresh drive directories (1, or 4 for erasure coding). Default 1. */
  readonly drives?: number;
  /**
   * Existing drive directories to serve instead of fresh ones (restart and drive-loss tests).
   * The caller owns them: stop() leaves them in place.
   */
  readonly drivePaths?: readonly string[];
  /** Fixed root credentials (a restart must present the same ones). */
  readonly credentials?: { readonly accessKey: string; readonly secretKey: string };
  /**
   * Set no CAIRN_ROOT_* variables: the server generates credentials and prints them once as
   * `RootUser:` / `RootPass:`, which are parsed (the README's first-start path). With
   * `credentials` also given (a restart), nothing is parsed and those are used.
   */
  readonly generatedCredentials?: boolean;
  /** Extra environment variables for the server. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for the S3-API line. Default 30 s. */
  readonly startTimeoutMs?: number;
  /** Safety net: the server is killed after this long even if stop() is never called. Default 20 min. */
  readonly maxLifetimeMs?: number;
  /** `--address` value. Default 127.0.0.1:0. */
  readonly address?: string;
  /** Extra `server` flags (before the drives), e.g. ['--workers', '2']. */
  readonly args?: readonly string[];
  /** Run the server as this user (the test runs as root); its working directory is then /. */
  readonly user?: { readonly uid: number; readonly gid: number };
}

const S3_API_LINE = /S3-API:\s*(https?:\/\/(\[[^\]]+\]|[^\s:/]+):(\d+))/;
const GENERATED_CREDENTIALS = /RootUser:\s*(\S+)\s*\n\s*RootPass:\s*(\S+)/;
/** Output is not a terminal here: the generated pair goes to a 0600 file the server names. */
const CREDENTIALS_FILE_LINE = /they are in (\S+) \(mode 0600\)/;
const OUTPUT_CAP = 256 * 1024;
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      if (child.pid !== undefined && child.exitCode === null) {
        try { process.kill(child.pid, 'SIGKILL'); } catch { /* already gone */ }
      }
    }
  });
}

/** The server's entry point; fails with a clear message when the project is not built. */
export function serverEntry(): string {
  const entry = join(repoRoot(), 'bin', 'cairn.js');
  if (!existsSync(entry)) {
    throw new Error(`server entry ${entry} not found: run "npm run build" (bin/cairn.js is the command contract)`);
  }
  return entry;
}

export async function startServer(options: StartServerOptions = {}): Promise<CairnServer> {
  const driveCount = options.drivePaths?.length ?? options.drives ?? 1;
  if (!Number.isInteger(driveCount) || driveCount < 1 || driveCount > 32) {
    throw new RangeError(`drives must be an integer in 1..32, got ${driveCount}`);
  }
  const entry = serverEntry();
  const base = await mkdtemp(join(tmpdir(), 'cairn-e2e-'));
  const drives: string[] = [];
  if (options.drivePaths) {
    drives.push(...options.drivePaths);
  } else {
    for (let i = 1; i <= driveCount; i++) {
      const dir = join(base, `drive${i}`);
      await mkdir(dir);
      drives.push(dir);
    }
  }
  let accessKey = options.credentials?.accessKey ?? 'cairnadmin';
  let secretKey = options.credentials?.secretKey ?? `cairn-${randomBytes(12).toString('hex')}`;
  const { child, output: currentOutput, exited } = spawnServer({ entry, base, drives, options, accessKey, secretKey });
  const output = (): string => currentOutput();

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    clearTimeout(safety);
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      // Workers (--workers N) are the server's own children: a worker stuck in a synchronous
      // call survives its primary's SIGKILL and would keep the output pipes open, so the
      // tree is killed too when the server does not stop by itself.
      const pid = child.pid;
      let tree = descendantPids(pid);
      try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
      const killTimer = setTimeout(() => {
        tree = [...new Set([...tree, ...descendantPids(pid)])];
        if (child.exitCode === null) killAll([pid]);
        killAll(tree);
      }, 5000);
      await exited;
      clearTimeout(killTimer);
    }
    await rm(base, { recursive: true, force: true, maxRetries: 3 });
  };
  const safety = setTimeout(() => { void stop(); }, options.maxLifetimeMs ?? 20 * 60_000);
  safety.unref();

  let match: RegExpExecArray | null;
  let credentialsFile: string | undefined;
  try {
    match = await waitForLine(child, output, S3_API_LINE, options.startTimeoutMs ?? 30_000);
    if (options.generatedCredentials && !options.credentials) {
      credentialsFile = (await waitForLine(child, output, CREDENTIALS_FILE_LINE, 10_000))[1]!;
      const creds = GENERATED_CREDENTIALS.exec(await readFile(credentialsFile, 'utf8'));
      if (creds === null) throw new Error(`no RootUser/RootPass in ${credentialsFile}`);
      accessKey = creds[1]!;
      secretKey = creds[2]!;
    }
  } catch (err) {
    await stop();
    throw err;
  }
  const host = match[2]!.replace(/^\[|\]$/g, '');
  const port = Number(match[3]);
  return {
    endpoint: `${match[1]!.startsWith('https:') ? 'https' : 'http'}://127.0.0.1:${port}`,
    printedUrl: match[1]!,
    ...(credentialsFile !== undefined ? { credentialsFile } : {}),
    host,
    port,
    accessKey,
    secretKey,
    region: 'us-east-1',
    drives,
    pid: child.pid!,
    output,
    isRunning: () => child.exitCode === null && child.signalCode === null,
    exited: () => exited,
    stop,
  };
}

interface SpawnArgs {
  readonly entry: string;
  readonly base: string;
  readonly drives: readonly string[];
  readonly options: StartServerOptions;
  readonly accessKey: string;
  readonly secretKey: string;
}

interface Spawned {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
}

function spawnServer(a: SpawnArgs): Spawned {
  const { options } = a;
  const rootEnv: Record<string, string> = options.generatedCredentials
    ? {}
    : { CAIRN_ROOT_USER: a.accessKey, CAIRN_ROOT_PASSWORD: a.secretKey };
  const argv = [a.entry, 'server', '--address', options.address ?? '127.0.0.1:0', ...(options.args ?? []), ...a.drives];
  const child = spawn(process.execPath, argv, {
    cwd: options.user ? '/' : a.base,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: options.user ? '/' : a.base,
      LANG: 'C.UTF-8',
      ...rootEnv,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.user ? { uid: options.user.uid, gid: options.user.gid } : {}),
  });
  installExitHook();
  live.add(child);
  let output = '';
  const append = (chunk: Buffer): void => {
    if (output.length < OUTPUT_CAP) output += chunk.toString('utf8');
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => { live.delete(child); resolve({ code, signal }); }));
  return { child, output: () => output, exited };
}

/**
 * Runs `cairn server` on the given drives expecting it to refuse to start: resolves with its
 * exit code and output once it exited; fails if it prints an S3-API line (it started) or
 * runs longer than `startTimeoutMs` (default 30 s). The drives are the caller's.
 */
export async function refusedStart(drivePaths: readonly string[], options: StartServerOptions = {}): Promise<{ code: number | null; output: string }> {
  const base = await mkdtemp(join(tmpdir(), 'cairn-e2e-'));
  try {
    const { child, output, exited } = spawnServer({
      entry: serverEntry(), base, drives: drivePaths, options,
      accessKey: options.credentials?.accessKey ?? 'cairnadmin', secretKey: options.credentials?.secretKey ?? 'cairn-refused-secret',
    });
    const started = waitForLine(child, output, S3_API_LINE, options.startTimeoutMs ?? 30_000).then(() => 'started' as const, () => 'no' as const);
    const how = await Promise.race([exited, started]);
    if (how === 'started' || how === 'no') {
      try { process.kill(child.pid!, 'SIGKILL'); } catch { /* gone */ }
      await exited;
      throw new Error(`cairn server did not refuse to start (${how === 'started' ? 'it started' : 'timed out'}):\n${output()}`);
    }
    return { code: how.code, output: output() };
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

function waitForLine(child: ChildProcess, output: () => string, line: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const m = line.exec(output());
      if (m) { cleanup(); resolve(m); }
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(new Error(`cairn server exited (code ${code}, signal ${signal}) before printing ${line.source}:\n${output()}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      const threads = child.pid === undefined ? '' : describeStuckTree(child.pid);
      reject(new Error(`cairn server printed no ${line.source} line within ${timeoutMs} ms:\n${output()}\nits threads:\n${threads}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout!.off('data', check);
      child.stderr!.off('data', check);
      child.off('exit', onExit);
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', onExit);
    check();
  });
}
