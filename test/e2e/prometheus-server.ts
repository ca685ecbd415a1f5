/**
 * The real Prometheus server (Debian package `prometheus`) for the metrics e2e test: started
 * on 127.0.0.1 port 0 with a temporary config file and data directory, its port read from its
 * "Listening on" log line, queried through its HTTP API, stopped by PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baseEnv, requireTool } from '../helpers/tools.js';
import { waitFor } from '../helpers/wait-for.js';

export interface PrometheusServer {
  readonly url: string;
  readonly pid: number;
  /** The value of every series an instant query returns, with its labels. */
  query(promql: string): Promise<{ labels: Record<string, string>; value: number }[]>;
  output(): string;
  stop(): Promise<void>;
}

const LISTENING = /msg="Listening on" address=(127\.0\.0\.1:\d+)/;

export async function startPrometheus(config: string): Promise<PrometheusServer> {
  const bin = requireTool('prometheus');
  const dir = await mkdtemp(join(tmpdir(), 'cairn-prometheus-'));
  await writeFile(join(dir, 'prometheus.yml'), config);
  const child: ChildProcess = spawn(bin, [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`,
    '--web.listen-address=127.0.0.1:0',
  ], { env: baseEnv(dir), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => { out += c.toString('utf8'); });
  child.stderr?.on('data', (c: Buffer) => { out += c.toString('utf8'); });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const address = await waitFor('prometheus to listen', () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited ${child.exitCode}:\n${out}`);
      return LISTENING.exec(out)?.[1];
    }, { timeoutMs: 30_000 });
    const url = `http://${address}`;
    await waitFor('prometheus to be ready', async () => (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok === true, { timeoutMs: 30_000 });
    return {
      url,
      pid: child.pid!,
      output: () => out,
      stop,
      async query(promql) {
        const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
        const doc = await res.json() as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
        if (doc.status !== 'success') throw new Error(`query ${promql} failed: ${doc.error ?? res.status}`);
        return (doc.data?.result ?? []).map((r) => ({ labels: r.metric, value: Number(r.value[1]) }));
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
