/**
 * Native Prometheus metrics end to end: a Cairn server process (4 drives, bearer-token auth),
 * the scrape job `cairn admin prometheus token` prints, and the real Prometheus server
 * (Debian `prometheus`) scraping it every second. After a known set of S3 requests, the
 * request counts Prometheus stored match them exactly; `promtool check metrics` finds nothing
 * to say about Cairn's output; a scrape without the token is 401. Every query of the Grafana
 * dashboard (deploy/grafana/) names only families Cairn serves and runs on the real server.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { bodyBytes, s3Failure, sdkClient } from '../helpers/s3-client.js';
import { requireTool, run, runOk, baseEnv } from '../helpers/tools.js';
import { repoRoot } from '../helpers/repo-root.js';
import { waitFor } from '../helpers/wait-for.js';
import { startPrometheus, type PrometheusServer } from './prometheus-server.js';

const CREDENTIALS = { accessKey: 'promadmin', secretKey: 'prom-admin-secret-1' };
const BUCKET = 'scraped';
const PUTS = 5;
const GETS = 3;

let server: CairnServer;
let s3: S3Client;
let prometheus: PrometheusServer | undefined;
let scrapeJob: string;
let served = '';

interface DashboardPanel { readonly title?: string; readonly targets?: readonly { readonly expr: string }[] }

/** The dashboard's queries with Grafana's variables given values a plain query accepts. */
async function dashboardQueries(): Promise<{ title: string; expr: string }[]> {
  const doc = JSON.parse(await readFile(join(repoRoot(), 'deploy', 'grafana', 'cairn-dashboard.json'), 'utf8')) as { panels: DashboardPanel[] };
  return doc.panels.flatMap((p) => (p.targets ?? []).map((t) => ({
    title: p.title ?? '',
    expr: t.expr.replaceAll('$__rate_interval', '1m').replaceAll('$job', '.*').replaceAll('$instance', '.*'),
  })));
}

function bearerOf(job: string): string {
  const m = /credentials: (\S+)/.exec(job);
  assert.ok(m, `no bearer token in:\n${job}`);
  return m[1]!;
}

/** Sum of the series of an instant query by operation and status class. */
async function requestCounts(p: PrometheusServer): Promise<Map<string, number>> {
  const rows = await p.query('sum by (operation, status_class) (cairn_requests_total{job="cairn",api="s3"})');
  return new Map(rows.map((r) => [`${r.labels['operation']} ${r.labels['status_class']}`, r.value]));
}

describe('Prometheus scrapes Cairn', () => {
  before(async () => {
    requireTool('prometheus');
    requireTool('promtool');
    server = await startServer({ drives: 4, credentials: CREDENTIALS });
    s3 = sdkClient(server);
    scrapeJob = await runOk(process.execPath, [serverEntry(), 'admin', 'prometheus', 'token'], {
      env: { ...baseEnv('/tmp'), CAIRN_ENDPOINT: server.endpoint, CAIRN_ROOT_USER: CREDENTIALS.accessKey, CAIRN_ROOT_PASSWORD: CREDENTIALS.secretKey },
      timeoutMs: 30_000,
    });
  });

  after(async () => {
    await prometheus?.stop();
    s3?.destroy();
    await server?.stop();
  });

  it('refuses a scrape without the bearer token, or with a token of other credentials', async () => {
    const bare = await fetch(`${server.endpoint}/metrics`);
    assert.equal(bare.status, 401);
    assert.match(bare.headers.get('www-authenticate') ?? '', /^Bearer/);
    const forged = await fetch(`${server.endpoint}/metrics`, { headers: { authorization: `Bearer ${bearerOf(scrapeJob).replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}` } });
    assert.equal(forged.status, 401);
  });

  it('serves the text format that promtool check metrics accepts without a remark', async () => {
    const res = await fetch(`${server.endpoint}/metrics`, { headers: { authorization: `Bearer ${bearerOf(scrapeJob)}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const body = await res.text();
    served = body;
    for (const family of ['cairn_requests_total', 'cairn_drive_online', 'cairn_process_resident_memory_bytes', 'cairn_build_info']) {
      assert.match(body, new RegExp(`^# TYPE ${family} `, 'm'));
    }
    const check = await run(requireTool('promtool'), ['check', 'metrics'], { env: baseEnv('/tmp'), input: body, timeoutMs: 30_000 });
    assert.equal(check.code, 0, `promtool: ${check.stdout}${check.stderr}`);
    assert.equal(`${check.stdout}${check.stderr}`, '', 'promtool has remarks');
  });

  it('stores request counts that match the requests made', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (let i = 0; i < PUTS; i++) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: `k${i}`, Body: `body ${i}` }));
    for (let i = 0; i < GETS; i++) assert.equal((await bodyBytes((await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `k${i}` }))).Body)).toString(), `body ${i}`);
    const missing = await s3Failure(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'absent' })));
    assert.equal(missing.status, 404);

    prometheus = await startPrometheus(`global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n${scrapeJob}`);
    const p = prometheus;
    await waitFor('the cairn target to be up', async () => (await p.query('up{job="cairn"}'))[0]?.value === 1, { timeoutMs: 60_000 });
    const counts = await waitFor('the request counts to be stored', async () => {
      const c = await requestCounts(p);
      return c.get('PutObject 2xx') === PUTS ? c : undefined;
    }, { timeoutMs: 60_000, intervalMs: 250 });
    assert.equal(counts.get('CreateBucket 2xx'), 1);
    assert.equal(counts.get('PutObject 2xx'), PUTS);
    assert.equal(counts.get('GetObject 2xx'), GETS);
    assert.equal(counts.get('HeadObject 4xx'), 1);
    assert.deepEqual([...counts.keys()].sort(), ['CreateBucket 2xx', 'GetObject 2xx', 'HeadObject 4xx', 'PutObject 2xx']);
    const errors = await p.query('cairn_request_errors_total{job="cairn",operation="HeadObject"}');
    assert.deepEqual(errors.map((e) => [e.labels['code'], e.value]), [['NoSuchKey', 1]]);
    const durations = await p.query('sum(cairn_request_duration_seconds_count{job="cairn",operation="PutObject"})');
    assert.equal(durations[0]?.value, PUTS);
    const online = await p.query('sum(cairn_drive_online{job="cairn"})');
    assert.equal(online[0]?.value, 4);
  });

  it('runs every query of the Grafana dashboard, on families Cairn serves', async () => {
    const p = prometheus;
    assert.ok(p && served !== '', 'runs after the scrape tests');
    const families = new Set([...served.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]!));
    const queries = await dashboardQueries();
    assert.ok(queries.length >= 30, `only ${queries.length} queries`);
    for (const { title, expr } of queries) {
      for (const [name] of expr.matchAll(/\bcairn_[a-z_]+/g)) {
        const family = name.replace(/_(bucket|sum|count)$/, '');
        assert.ok(families.has(family) || families.has(name), `panel "${title}" uses ${name}, which Cairn does not serve`);
      }
      await p.query(expr); // throws with Prometheus' message on a bad query
    }
    const drives = await p.query(queries.find((q) => q.title === 'Drives online')!.expr);
    assert.equal(drives[0]?.value, 4, 'the drives panel shows the 4 drives online');
  });
});
