/**
 * Shared by the `cairn admin kms` e2e suites: the real CLI process against a real server
 * process, /metrics scraped (public: these servers run with CAIRN_PROMETHEUS_AUTH=public) and
 * checked by promtool.
 */
import assert from 'node:assert/strict';
import { serverEntry, type CairnServer } from '../helpers/server.js';
import { baseEnv, requireTool, run, type RunResult } from '../helpers/tools.js';

export const KMS_CREDENTIALS = { accessKey: 'kmsadmin', secretKey: 'kms-admin-secret-1' };

/** Server environment every KMS suite uses: public metrics, a fast probe. */
export const KMS_SERVER_ENV = { CAIRN_PROMETHEUS_AUTH: 'public', CAIRN_KMS_PROBE_INTERVAL: '300ms' };

export function kmsAdmin(server: CairnServer, args: readonly string[]): Promise<RunResult> {
  return run(process.execPath, [serverEntry(), 'admin', ...args], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8',
      CAIRN_ROOT_USER: KMS_CREDENTIALS.accessKey, CAIRN_ROOT_PASSWORD: KMS_CREDENTIALS.secretKey, CAIRN_ENDPOINT: server.endpoint,
    },
    timeoutMs: 60_000,
  });
}

/** The exit code is `code`; the output for the message. */
export function exits(r: RunResult, code: number): void {
  assert.equal(r.code, code, `exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
}

export async function scrape(server: CairnServer): Promise<string> {
  const res = await fetch(`${server.endpoint}/metrics`);
  assert.equal(res.status, 200);
  return res.text();
}

/** The value of one series of the exposition (`name{labels}` exactly as rendered), undefined when absent. */
export function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

export async function promtoolAccepts(body: string): Promise<void> {
  const check = await run(requireTool('promtool'), ['check', 'metrics'], { env: baseEnv('/tmp'), input: body, timeoutMs: 30_000 });
  assert.equal(check.code, 0, `promtool: ${check.stdout}${check.stderr}`);
  assert.equal(`${check.stdout}${check.stderr}`, '', 'promtool has remarks');
}
