/**
 * External tools used by the e2e suites (AWS CLI, rclone, s3cmd, python3 + boto3, Prometheus) and a
 * runner for them: clean environment (no user config leaks in), bounded run time, collected
 * output. A missing tool is a failure that names the Debian package to install, never a skip.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ToolSpec {
  readonly bin: string;
  readonly debPackage: string;
  /** Extra probe: arguments that must exit 0 (e.g. python3 -c "import boto3"). */
  readonly probe?: readonly string[];
}

export const TOOLS = {
  /** Debian's AWS CLI, not a pyenv or pip shim. */
  aws: { bin: '/usr/bin/aws', debPackage: 'awscli', probe: ['--version'] },
  rclone: { bin: '/usr/bin/rclone', debPackage: 'rclone', probe: ['version'] },
  s3cmd: { bin: '/usr/bin/s3cmd', debPackage: 's3cmd', probe: ['--version'] },
  boto3: { bin: '/usr/bin/python3', debPackage: 'python3-boto3', probe: ['-c', 'import boto3, botocore'] },
  /** The Prometheus server and its checker (Debian package prometheus). */
  prometheus: { bin: '/usr/bin/prometheus', debPackage: 'prometheus', probe: ['--version'] },
  promtool: { bin: '/usr/bin/promtool', debPackage: 'prometheus', probe: ['--version'] },
} as const satisfies Record<string, ToolSpec>;

export type ToolName = keyof typeof TOOLS;

/** The tool's path, or a thrown Error naming the package to install. */
export function requireTool(name: ToolName): string {
  return checkTool(name, TOOLS[name]);
}

/** requireTool for any spec (unit-testable with a missing binary). */
export function checkTool(name: string, spec: ToolSpec): string {
  const hint = `apt-get install -y ${spec.debPackage}`;
  if (!existsSync(spec.bin)) {
    throw new Error(`${name}: ${spec.bin} is missing; install it with: ${hint} (see .ci/run)`);
  }
  if (spec.probe) {
    const r = spawnSync(spec.bin, spec.probe, { timeout: 30_000, encoding: 'utf8', env: baseEnv('/tmp') });
    if (r.status !== 0) {
      throw new Error(`${name}: "${spec.bin} ${spec.probe.join(' ')}" failed (${r.status}): ${r.stderr}; install it with: ${hint}`);
    }
  }
  return spec.bin;
}

/** A minimal environment: PATH, a fresh HOME and UTF-8; nothing from the caller's AWS setup. */
export function baseEnv(home: string): Record<string, string> {
  return {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TMPDIR: process.env.TMPDIR ?? '/tmp',
  };
}

export interface RunResult {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly input?: string | Buffer;
  /** Killed (by PID) after this long. Default 120 s. */
  readonly timeoutMs?: number;
}

const OUTPUT_CAP = 4 * 1024 * 1024;

export function run(bin: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      env: { ...options.env },
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { if (stdout.length < OUTPUT_CAP) stdout += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { if (stderr.length < OUTPUT_CAP) stderr += c.toString('utf8'); });
    const timeoutMs = options.timeoutMs ?? 120_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ }
      }
    }, timeoutMs);
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new Error(`${bin} ${args.join(' ')} timed out after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
        return;
      }
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => { /* the tool may exit without reading stdin */ });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs and asserts exit code 0, returning stdout; the error message carries both streams. */
export async function runOk(bin: string, args: readonly string[], options: RunOptions): Promise<string> {
  const r = await run(bin, args, options);
  if (r.code !== 0) {
    throw new Error(`${bin} ${args.join(' ')} exited ${r.code ?? r.signal}\nstdout: ${r.stdout.slice(0, 4000)}\nstderr: ${r.stderr.slice(0, 4000)}`);
  }
  return r.stdout;
}
