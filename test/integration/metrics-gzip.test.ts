/**
 * GET /metrics compressed: a scraper that accepts gzip (Prometheus does) gets the document as
 * gzip members, the large bucket block compressed once per scanner figure in the thread pool
 * and the small families compressed per scrape; one that does not gets the plain text. Both
 * decode to the same document.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, get, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import type { ClusterInfo, HealStatusReport, UsageReport } from '../../src/admin/admin-backend.js';
import { acceptsGzip, MetricsService, withMetricsEndpoint, type DeploymentSources } from '../../src/metrics/index.js';
import type { S3RequestListener } from '../../src/s3/pipeline.js';

const BUCKETS = 2000;
const USAGE: UsageReport = {
  lastUpdate: '2026-01-01T00:00:10.000Z',
  buckets: Object.fromEntries(Array.from({ length: BUCKETS }, (_, i) => [`bucket-${i}`, {
    objects: i, versions: i + 1, deleteMarkers: 0, totalBytes: 1000 * i, latestBytes: 900 * i, sizeHistogram: { LESS_THAN_1024_B: i },
  }])),
};
const INFO: ClusterInfo = {
  deploymentId: 'd', region: 'us-east-1', startedAt: new Date(0).toISOString(), uptimeSeconds: 1, sets: [],
  capacity: { totalBytes: 1, usedBytes: 0, freeBytes: 1 }, buckets: { value: BUCKETS }, objects: { value: 1 }, versions: { value: 1 }, bytes: { value: 1 },
};
const HEAL: HealStatusReport = { isHealthy: true, problems: [], backgroundWorkers: false, drives: [], healed: { shards: 0, records: 0 }, unhealable: { items: [], omitted: 0 } };

const notS3: S3RequestListener = async (_req, res) => { res.statusCode = 404; res.end(); };
const live = (text: string): string => text.replace(/^cairn_process_.*$/gm, ''); // CPU and memory move between two calls

function rawGet(url: string, headers: Record<string, string>): Promise<{ res: IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ res, body: Buffer.concat(parts) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('GET /metrics with gzip', () => {
  let metrics: MetricsService;
  let server: Server;
  let url: string;

  before(async () => {
    const sources: DeploymentSources = { info: async () => INFO, healStatus: () => HEAL, usage: async () => USAGE, driveHealth: () => [], driveIo: () => [] };
    metrics = new MetricsService({ deployment: sources, version: '1', refreshMs: 60_000 });
    await metrics.refreshed();
    const listener = withMetricsEndpoint(notS3, { auth: 'public', root: { accessKey: 'a', secretKey: 'b' }, render: (accepts) => metrics.renderChunks(accepts) });
    server = createServer((req, res) => { void listener(req, res, { expectContinue: false }); });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    // The bucket block is compressed in the background after the refresh: wait for it.
    for (const until = Date.now() + 30_000; metrics.renderChunks({ gzip: true }).encoding !== 'gzip';) {
      if (Date.now() > until) throw new Error('the bucket block was never compressed');
      await new Promise((r) => setTimeout(r, 10));
    }
  });

  after(async () => {
    server.close();
    await metrics.stop();
  });

  it('the gzip members decode to the plain document', () => {
    const gz = metrics.renderChunks({ gzip: true });
    const plain = metrics.renderChunks();
    assert.equal(plain.encoding, 'identity');
    const text = gunzipSync(Buffer.concat(gz.chunks)).toString('utf8');
    assert.equal(live(text), live(Buffer.concat(plain.chunks).toString('utf8')));
    assert.equal(live(text), live(metrics.render()));
    assert.ok(Buffer.concat(gz.chunks).length * 5 < Buffer.concat(plain.chunks).length, 'much smaller');
  });

  it('answers gzip to a scraper that accepts it, plain text otherwise', async () => {
    const zipped = await rawGet(url, { 'accept-encoding': 'gzip' });
    assert.equal(zipped.res.statusCode, 200);
    assert.equal(zipped.res.headers['content-encoding'], 'gzip');
    assert.equal(zipped.res.headers.vary, 'Accept-Encoding');
    assert.equal(Number(zipped.res.headers['content-length']), zipped.body.length);
    const text = gunzipSync(zipped.body).toString('utf8');
    assert.match(text, /^cairn_bucket_objects\{bucket="bucket-1999"\} 1999$/m);
    const variants: Record<string, string>[] = [{}, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'gzip;q=0, br' }];
    for (const headers of variants) {
      const plain = await rawGet(url, headers);
      assert.equal(plain.res.headers['content-encoding'], undefined, JSON.stringify(headers));
      assert.equal(live(plain.body.toString('utf8')), live(text));
    }
    const viaFetch = await (await fetch(url)).text(); // fetch asks for gzip and decodes the members
    assert.equal(live(viaFetch), live(text));
  });

  it('reads Accept-Encoding as RFC 9110 says', () => {
    assert.equal(acceptsGzip('gzip'), true);
    assert.equal(acceptsGzip('deflate, GZIP;q=0.5'), true);
    assert.equal(acceptsGzip('x-gzip'), true);
    assert.equal(acceptsGzip('*'), true);
    assert.equal(acceptsGzip('gzip;q=0'), false);
    assert.equal(acceptsGzip('gzip;q=0, *'), false);
    assert.equal(acceptsGzip('identity'), false);
    assert.equal(acceptsGzip(''), false);
    assert.equal(acceptsGzip(undefined), false);
  });
});
