/**
 * The metrics endpoint in one process over real sockets: a listener that traces its requests
 * as the S3 pipeline does (s3/pipeline/request-events.ts) behind withMetricsEndpoint, and a
 * MetricsService whose deployment sources are test doubles. Shows the request families
 * counting what was sent, HEAD and public mode, and that a scrape never waits on a drive: with
 * a cluster-info call that never returns, the endpoint still answers at once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClusterInfo, HealStatusReport, UsageReport } from '../../src/admin/admin-backend.js';
import { MetricsService, prometheusToken, withMetricsEndpoint, type DeploymentSources, type PrometheusAuthMode } from '../../src/metrics/index.js';
import type { S3RequestListener } from '../../src/s3/pipeline.js';
import { RequestTrace } from '../../src/s3/pipeline/request-events.js';

const ROOT = { accessKey: 'metricsroot', secretKey: 'metrics-secret-1' };

const HEAL: HealStatusReport = {
  isHealthy: true, problems: [], backgroundWorkers: true, drives: [],
  queue: { length: 2, dropped: 0, capacity: 100 }, healed: { shards: 7, records: 1 }, unhealable: { items: [], omitted: 0 },
};

const INFO: ClusterInfo = {
  deploymentId: 'd', region: 'us-east-1', startedAt: new Date(0).toISOString(), uptimeSeconds: 1,
  sets: [{ index: 0, dataShards: 2, parityShards: 2, readQuorum: 2, writeQuorum: 3, drives: [0, 1, 2, 3].map((i) => ({
    endpoint: `/d${i}`, setIndex: 0, driveIndex: i, state: i === 3 ? 'offline' as const : 'online' as const,
    totalBytes: i === 3 ? 0 : 1000, usedBytes: i === 3 ? 0 : 400, freeBytes: i === 3 ? 0 : 600,
  })) }],
  capacity: { totalBytes: 3000, usedBytes: 1200, freeBytes: 1800 },
  buckets: { value: 3 }, objects: { unknown: 'no scanner pass yet' }, versions: { unknown: 'x' }, bytes: { unknown: 'x' },
};

/** Answers like a tiny S3: /ok is GetObject 200 with 5 bytes, anything else NoSuchKey 404. */
const fakeS3: S3RequestListener = async (req, res) => {
  const trace = RequestTrace.open(req, res, 's3');
  trace?.operation('GetObject');
  req.resume();
  trace?.firstByte();
  if (req.url === '/ok') {
    res.setHeader('content-length', 5);
    res.end('hello');
  } else {
    trace?.error('NoSuchKey');
    res.statusCode = 404;
    res.end();
  }
};

async function serve(listener: S3RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => { void listener(req, res, { expectContinue: false }); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const hist = (small: number, mid: number): Record<string, number> => ({ LESS_THAN_1024_B: small, BETWEEN_1_MB_AND_10_MB: mid });
const USAGE: UsageReport = {
  lastUpdate: '2026-01-01T00:00:10.000Z',
  buckets: {
    logs: { objects: 3, versions: 4, deleteMarkers: 1, totalBytes: 5000, latestBytes: 4000, sizeHistogram: hist(2, 1) },
    'we"ird': { objects: 1, versions: 1, deleteMarkers: 0, totalBytes: 10, latestBytes: 10, sizeHistogram: hist(1, 0) },
  },
};

describe('GET /metrics', () => {
  let releaseInfo: (info: ClusterInfo) => void = () => undefined;
  let metrics: MetricsService;
  const servers: Server[] = [];
  const start = async (auth: PrometheusAuthMode): Promise<string> => {
    const s = await serve(withMetricsEndpoint(fakeS3, { auth, root: ROOT, render: () => metrics.render() }));
    servers.push(s.server);
    return s.url;
  };

  before(() => {
    const sources: DeploymentSources = {
      info: () => new Promise<ClusterInfo>((resolve) => { releaseInfo = resolve; }),
      healStatus: () => HEAL,
      driveHealth: () => [{ endpoint: '/d0', online: true, consecutiveFailures: 1, failedProbes: 0 }],
      usage: async () => USAGE,
      driveIo: () => [{
        endpoint: '/d0', bounds: [0.001, 0.01],
        kinds: [{ kind: 'read', buckets: [4, 6], count: 7, sumSeconds: 0.5, errors: 2, inFlight: 1 }],
      }],
    };
    metrics = new MetricsService({ deployment: sources, version: '9.9.9', refreshMs: 60_000 });
  });

  after(async () => {
    releaseInfo(INFO);
    await metrics.stop();
    for (const s of servers) await new Promise((r) => s.close(r));
  });

  it('answers at once while the cluster info is still being read (never waits on a drive)', async () => {
    const url = await start('public');
    const t0 = performance.now();
    const res = await fetch(`${url}/metrics`);
    const body = await res.text();
    assert.equal(res.status, 200);
    assert.ok(performance.now() - t0 < 1000, 'the scrape waited');
    assert.match(body, /^# TYPE cairn_drive_online gauge$/m);
    assert.doesNotMatch(body, /^cairn_drive_online\{/m, 'no drive figures before the first refresh');
    assert.match(body, /^cairn_build_info\{version="9\.9\.9",node_version="v[\d.]+"\} 1$/m);
  });

  it('counts requests by operation and status class, errors by code, bytes sent', async () => {
    const url = await start('public');
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${url}/ok`)).status, 200);
    assert.equal((await fetch(`${url}/missing`)).status, 404);
    const body = await (await fetch(`${url}/metrics`)).text();
    assert.match(body, /^cairn_requests_total\{api="s3",operation="GetObject",status_class="2xx"\} 3$/m);
    assert.match(body, /^cairn_requests_total\{api="s3",operation="GetObject",status_class="4xx"\} 1$/m);
    assert.match(body, /^cairn_request_errors_total\{api="s3",operation="GetObject",code="NoSuchKey"\} 1$/m);
    assert.match(body, /^cairn_request_sent_bytes_total\{api="s3",operation="GetObject"\} 15$/m);
    assert.match(body, /^cairn_request_duration_seconds_count\{api="s3",operation="GetObject"\} 4$/m);
    assert.match(body, /^cairn_requests_in_flight\{api="s3"\} 0$/m);
  });

  it('shows drives, quorum health and capacity once the background refresh has them', async () => {
    const url = await start('public');
    const refreshed = metrics.refreshed();
    releaseInfo(INFO);
    await refreshed;
    const body = await (await fetch(`${url}/metrics`)).text();
    assert.match(body, /^cairn_drive_online\{set="0",drive="3",endpoint="\/d3"\} 0$/m);
    assert.match(body, /^cairn_erasure_set_online_drives\{set="0"\} 3$/m);
    assert.match(body, /^cairn_erasure_set_write_quorum_healthy\{set="0"\} 1$/m);
    assert.match(body, /^cairn_cluster_capacity_raw_free_bytes 1800$/m);
    assert.match(body, /^cairn_cluster_buckets 3$/m);
    assert.doesNotMatch(body, /^cairn_cluster_objects /m, 'an unknown count is absent, not 0');
    assert.match(body, /^cairn_heal_queue_length 2$/m);
    assert.match(body, /^cairn_heal_shards_healed_total 7$/m);
    assert.match(body, /^cairn_drive_consecutive_failures\{endpoint="\/d0"\} 1$/m);
    assert.match(body, /^cairn_bucket_objects\{bucket="logs"\} 3$/m);
    assert.match(body, /^cairn_bucket_versions\{bucket="logs"\} 4$/m);
    assert.match(body, /^cairn_bucket_delete_markers\{bucket="logs"\} 1$/m);
    assert.match(body, /^cairn_bucket_size_bytes\{bucket="logs"\} 5000$/m);
    assert.match(body, /^cairn_bucket_latest_size_bytes\{bucket="we\\"ird"\} 10$/m, 'label values escaped');
    assert.match(body, /^cairn_bucket_object_size_distribution\{bucket="logs",range="BETWEEN_1_MB_AND_10_MB"\} 1$/m);
    assert.match(body, /^cairn_cluster_object_size_distribution\{range="LESS_THAN_1024_B"\} 3$/m);
    assert.doesNotMatch(body, /^cairn_bucket_object_size_distribution\{bucket="we\\"ird",range="BETWEEN_1_MB_AND_10_MB"\}/m, 'an empty range has no series per bucket');
    assert.match(body, /^cairn_usage_last_update_timestamp_seconds 1767225610$/m);
    const live = (text: string): string => text.replace(/^cairn_process_.*$/gm, ''); // CPU and memory move between two calls
    assert.equal(live(Buffer.concat(metrics.renderChunks().chunks).toString('utf8')), live(metrics.render()), 'the byte chunks are the same document');
  });

  it('leaves the per-bucket series out when told to, keeping the cluster-wide distribution', async () => {
    const sources: DeploymentSources = {
      info: async () => INFO, healStatus: () => HEAL, usage: async () => USAGE, driveHealth: () => [], driveIo: () => [],
    };
    const quiet = new MetricsService({ deployment: sources, version: '1', refreshMs: 60_000, bucketMetrics: false });
    try {
      await quiet.refreshed();
      const body = quiet.render();
      assert.doesNotMatch(body, /^cairn_bucket_/m);
      assert.match(body, /^cairn_cluster_object_size_distribution\{range="LESS_THAN_1024_B"\} 3$/m);
    } finally {
      await quiet.stop();
    }
  });

  it('renders the drives\' I/O counters live: latency histogram, errors, in flight', async () => {
    const url = await start('public');
    const body = await (await fetch(`${url}/metrics`)).text();
    assert.match(body, /^# TYPE cairn_drive_io_latency_seconds histogram$/m);
    assert.match(body, /^cairn_drive_io_latency_seconds_bucket\{endpoint="\/d0",kind="read",le="0\.001"\} 4$/m);
    assert.match(body, /^cairn_drive_io_latency_seconds_bucket\{endpoint="\/d0",kind="read",le="0\.01"\} 6$/m);
    assert.match(body, /^cairn_drive_io_latency_seconds_bucket\{endpoint="\/d0",kind="read",le="\+Inf"\} 7$/m);
    assert.match(body, /^cairn_drive_io_latency_seconds_sum\{endpoint="\/d0",kind="read"\} 0\.5$/m);
    assert.match(body, /^cairn_drive_io_errors_total\{endpoint="\/d0",kind="read"\} 2$/m);
    assert.match(body, /^cairn_drive_io_in_flight\{endpoint="\/d0",kind="read"\} 1$/m);
  });

  it('needs the bearer token in jwt mode; HEAD has no body; other paths pass through', async () => {
    const url = await start('jwt');
    assert.equal((await fetch(`${url}/metrics`)).status, 401);
    const auth = { authorization: `Bearer ${prometheusToken(ROOT, Date.now())}` };
    const ok = await fetch(`${url}/metrics?x=1`, { headers: auth });
    assert.equal(ok.status, 200);
    const head = await fetch(`${url}/metrics`, { method: 'HEAD', headers: auth });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    assert.equal((await fetch(`${url}/metrics/`)).status, 404, '/metrics/ is an S3 path (the bucket "metrics")');
    assert.equal((await fetch(`${url}/metrics`, { method: 'PUT', body: 'x' })).status, 404, 'PUT /metrics is S3 CreateBucket');
  });
});
