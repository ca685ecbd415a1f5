/**
 * Bucket usage end to end: a real server (4 drives, EC 2+2) whose scanner runs every second
 * (CAIRN_SCANNER_INTERVAL=1s), objects written inline and to data dirs, a versioned bucket
 * with two versions and a delete marker. The figures of the admin API (datausageinfo, info),
 * /metrics and `cairn admin usage` are exact; drive I/O shows up on /metrics, and promtool
 * check metrics has no remark on a page with every bucket and drive I/O family; after a restart
 * whose scanner waits 60 s, the stored figure is served at once.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataUsageInfoDocument, InfoDocument } from '../../src/admin/wire-types.js';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { encodeKeyPath } from '../helpers/sigv4-signer.js';
import { randomPayload } from '../helpers/files.js';
import { baseEnv, requireTool, run, type RunResult } from '../helpers/tools.js';
import { waitFor } from '../helpers/wait-for.js';

const CREDENTIALS = { accessKey: 'usageadmin', secretKey: 'usage-admin-secret-1' };
const KiB = 1024;
/** Plain bucket: two inline objects, one data-dir object, one object of 0 bytes. */
const PLAIN: [string, number][] = [['a', 100], ['b', 2000], ['c', 300 * KiB], ['empty', 0]];
const VERSIONING_ON = '<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>';

let base: string;
let drives: string[];
let server: CairnServer;

function start(env: Readonly<Record<string, string>>): Promise<CairnServer> {
  return startServer({ drivePaths: drives, credentials: CREDENTIALS, env: { CAIRN_PROMETHEUS_AUTH: 'public', ...env } });
}

function admin(args: readonly string[]): Promise<RunResult> {
  return run(process.execPath, [serverEntry(), 'admin', ...args], {
    env: { ...baseEnv('/tmp'), CAIRN_ROOT_USER: CREDENTIALS.accessKey, CAIRN_ROOT_PASSWORD: CREDENTIALS.secretKey, CAIRN_ENDPOINT: server.endpoint },
    timeoutMs: 60_000,
  });
}

async function usageDoc(): Promise<DataUsageInfoDocument> {
  const r = await admin(['usage', '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as DataUsageInfoDocument;
}

async function put(path: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<void> {
  const r = await signedRequest(server, { method: 'PUT', path, body, headers });
  assert.equal(r.status, 200, r.text);
}

before(async () => {
  base = await mkdtemp(join(tmpdir(), 'cairn-usage-'));
  drives = [1, 2, 3, 4].map((i) => join(base, `d${i}`));
  for (const d of drives) await mkdir(d);
  server = await start({ CAIRN_SCANNER_INTERVAL: '1s' });
  for (const b of ['plain', 'versioned', 'idle']) await put(`/${b}`, '');
  for (const [key, size] of PLAIN) await put(encodeKeyPath('plain', key), randomPayload(size));
  await put('/versioned?versioning', VERSIONING_ON);
  await put(encodeKeyPath('versioned', 'doc'), randomPayload(10));
  await put(encodeKeyPath('versioned', 'doc'), randomPayload(70 * KiB));
  await put(encodeKeyPath('versioned', 'gone'), randomPayload(5));
  const del = await signedRequest(server, { method: 'DELETE', path: encodeKeyPath('versioned', 'gone') });
  assert.equal(del.status, 204, del.text);
});

after(async () => {
  await server?.stop();
  await rm(base, { recursive: true, force: true, maxRetries: 3 });
});

describe('bucket usage', () => {
  let figure: DataUsageInfoDocument;

  it('is counted exactly by the scanner and served as datausageinfo', async () => {
    // A pass that started after the writes: the one whose figure includes every object.
    figure = await waitFor('a scanner figure with every object', async () => {
      const doc = await usageDoc();
      return doc.objectsCount === 5 && doc.deleteMarkersCount === 1 ? doc : undefined;
    }, { timeoutMs: 60_000, intervalMs: 500 });
    const plain = figure.bucketsUsageInfo['plain']!;
    assert.deepEqual([plain.objectsCount, plain.objectsVersionsCount, plain.deleteMarkersCount, plain.size, plain.latestSize],
      [4, 4, 0, 100 + 2000 + 300 * KiB, 100 + 2000 + 300 * KiB]);
    assert.deepEqual([plain.objectsSizesHistogram['LESS_THAN_1024_B'], plain.objectsSizesHistogram['BETWEEN_1024_B_AND_64_KB'],
      plain.objectsSizesHistogram['BETWEEN_256_KB_AND_512_KB'], plain.objectsSizesHistogram['BETWEEN_1024B_AND_1_MB']], [2, 1, 1, 2]);
    const versioned = figure.bucketsUsageInfo['versioned']!;
    assert.deepEqual([versioned.objectsCount, versioned.objectsVersionsCount, versioned.deleteMarkersCount, versioned.size, versioned.latestSize],
      [1, 3, 1, 10 + 70 * KiB + 5, 70 * KiB], 'doc: 2 versions; gone: a version under a delete marker');
    assert.deepEqual(figure.bucketsUsageInfo['idle'], {
      size: 0, objectsCount: 0, objectsVersionsCount: 0, deleteMarkersCount: 0, latestSize: 0,
      objectsSizesHistogram: { ...Object.fromEntries(Object.keys(plain.objectsSizesHistogram).map((k) => [k, 0])) },
    }, 'an empty bucket is listed with zeros');
    assert.equal(figure.bucketsCount, 3, 'the system bucket is not a bucket');
    assert.equal(figure.objectsTotalSize, plain.size + versioned.size);
    assert.equal(figure.versionsCount, 7);
    assert.equal(figure.deleteMarkersCount, 1);
  });

  it('shows in cairn admin info and usage (text)', async () => {
    const info = await admin(['info', '--json']);
    const doc = JSON.parse(info.stdout) as InfoDocument;
    assert.deepEqual([doc.objects, doc.versions, doc.usage], [{ count: 5 }, { count: 7 }, { size: figure.objectsTotalSize }]);
    const text = await admin(['usage']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^ {2}3 buckets, 5 objects, 7 versions, 1 delete markers, 372\.\d KiB$/m);
    assert.match(text.stdout, /^ {2}plain\s+4\s+4\s+0\s+302\.\d KiB$/m);
    assert.match(text.stdout, /^ {2}versioned\s+1\s+3\s+1\s+70\.\d KiB$/m);
  });

  it('is on /metrics per bucket, with the size distribution; drive I/O is counted', async () => {
    const body = await (await fetch(`${server.endpoint}/metrics`)).text();
    const value = (re: RegExp): number => Number(re.exec(body)?.[1] ?? NaN);
    await waitFor('the usage figure on /metrics', async () => /^cairn_bucket_objects\{bucket="plain"\} 4$/m.test(await (await fetch(`${server.endpoint}/metrics`)).text()), { timeoutMs: 30_000 });
    const fresh = await (await fetch(`${server.endpoint}/metrics`)).text();
    assert.match(fresh, /^cairn_bucket_versions\{bucket="versioned"\} 3$/m);
    assert.match(fresh, /^cairn_bucket_delete_markers\{bucket="versioned"\} 1$/m);
    assert.match(fresh, new RegExp(`^cairn_bucket_size_bytes\\{bucket="plain"\\} ${100 + 2000 + 300 * KiB}$`, 'm'));
    assert.match(fresh, /^cairn_bucket_object_size_distribution\{bucket="plain",range="LESS_THAN_1024_B"\} 2$/m);
    assert.match(fresh, /^cairn_bucket_objects\{bucket="idle"\} 0$/m);
    for (const d of drives) {
      const esc = d.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      assert.ok(value(new RegExp(`^cairn_drive_io_latency_seconds_count\\{endpoint="${esc}",kind="meta_write"\\} (\\d+)$`, 'm')) > 0, `meta writes of ${d}`);
      assert.ok(value(new RegExp(`^cairn_drive_io_latency_seconds_count\\{endpoint="${esc}",kind="write"\\} (\\d+)$`, 'm')) > 0, `shard writes of ${d}`);
      assert.equal(value(new RegExp(`^cairn_drive_io_errors_total\\{endpoint="${esc}",kind="read"\\} (\\d+)$`, 'm')), 0);
    }
    const check = await run(requireTool('promtool'), ['check', 'metrics'], { env: baseEnv('/tmp'), input: fresh, timeoutMs: 30_000 });
    assert.equal(`${check.stdout}${check.stderr}`, '', 'promtool has remarks on the bucket and drive I/O families');
    assert.equal(check.code, 0);
  });

  it('survives a restart: the stored figure is served before the scanner\'s first pass', async () => {
    await server.stop();
    server = await start({ CAIRN_SCANNER_INTERVAL: '1h' }); // first pass in 60 s
    const doc = await usageDoc();
    assert.equal(doc.lastUpdate <= new Date().toISOString(), true);
    assert.deepEqual([doc.objectsCount, doc.versionsCount, doc.objectsTotalSize], [5, 7, figure.objectsTotalSize]);
    const body = await waitFor('the stored figure on /metrics', async () => {
      const text = await (await fetch(`${server.endpoint}/metrics`)).text();
      return /^cairn_bucket_objects\{bucket="plain"\} 4$/m.test(text) ? text : undefined;
    }, { timeoutMs: 30_000 });
    assert.match(body, /^cairn_cluster_objects 5$/m);
  });
});
