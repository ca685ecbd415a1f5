/**
 * The admin listener in front of an S3 listener, over node:http, with an in-memory
 * AdminBackend: what reaches the backend and what goes back on the wire (status, JSON
 * shapes, MinIO field names), including the 409 of a second heal, which a real server
 * finishes too fast to catch. Requests are signed with the independent test signer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  AdminBackend, BucketQuotaSetting, ClusterInfo, HealSequence, HealStartOptions, HealStatusReport, UsageReport,
} from '../../src/admin/admin-backend.js';
import { createAdminListener, withAdminApi } from '../../src/admin/admin-listener.js';
import { HttpServer } from '../../src/http/http-server.js';
import { RootOnlyAuthorizer } from '../../src/s3/pipeline/authorize.js';
import { silentLogger } from '../../src/s3/pipeline/logger.js';
import { rawRequest, type RawResponse } from '../helpers/raw-http.js';
import { presignPath, sha256Hex, signRequest } from '../helpers/sigv4-signer.js';

const ROOT = { accessKey: 'rootuser', secretKey: 'root-secret-123' };

const sequence = (over: Partial<HealSequence> = {}): HealSequence => ({
  clientToken: 'tok-1', state: 'running', done: false, deep: false, clientAddress: '10.0.0.9',
  started: '2026-01-01T00:00:00.000Z', objectsChecked: 3, objectsHealed: 1, shardsHealed: 2, recordsHealed: 0,
  unhealable: { items: [], omitted: 0 }, failures: [], ...over,
});

/** Answers from fixed documents and records what it was asked. */
class MemoryBackend implements AdminBackend {
  readonly starts: HealStartOptions[] = [];
  running: HealSequence | undefined;
  readonly quotas = new Map<string, number>([['photos', 0]]);
  usageFigure: UsageReport | undefined;

  async usage(): Promise<UsageReport | undefined> {
    return this.usageFigure;
  }

  async setBucketQuota(q: BucketQuotaSetting): Promise<'ok' | 'no-such-bucket'> {
    if (!this.quotas.has(q.bucket)) return 'no-such-bucket';
    this.quotas.set(q.bucket, q.quota);
    return 'ok';
  }

  async getBucketQuota(bucket: string): Promise<BucketQuotaSetting | 'no-such-bucket'> {
    const quota = this.quotas.get(bucket);
    return quota === undefined ? 'no-such-bucket' : { bucket, quota };
  }

  async info(): Promise<ClusterInfo> {
    const drive = (i: number, state: 'online' | 'offline' | 'healing') => ({
      endpoint: `/d${i + 1}`, setIndex: 0, driveIndex: i, state, totalBytes: 100, usedBytes: 10, freeBytes: 90,
    });
    return {
      deploymentId: 'dep-9', region: 'us-east-1', startedAt: '2026-01-01T00:00:00.000Z', uptimeSeconds: 61,
      sets: [{ index: 0, dataShards: 2, parityShards: 2, readQuorum: 2, writeQuorum: 3,
        drives: [drive(0, 'online'), drive(1, 'healing'), drive(2, 'offline'), drive(3, 'online')] }],
      capacity: { totalBytes: 300, usedBytes: 30, freeBytes: 270 },
      buckets: { value: 5 }, objects: { value: 42, asOf: '2026-01-01T00:01:00.000Z' },
      versions: { unknown: 'not counted' }, bytes: { unknown: 'not counted' },
    };
  }

  healStatus(): HealStatusReport {
    return {
      isHealthy: false, problems: ['drive /d2 is being rebuilt'], backgroundWorkers: true,
      drives: [{ endpoint: '/d1', setIndex: 0, driveIndex: 0, state: 'online' }, {
        endpoint: '/d2', setIndex: 0, driveIndex: 1, state: 'healing',
        rebuild: { phase: 'healing', state: 'running', attempt: 1, setsDone: 0, setsTotal: 1, shardsHealed: 3, objectsScanned: 7, objectsHealed: 6, objectsFailed: 0, started: 's', lastUpdate: 'u' },
      }],
      queue: { length: 0, dropped: 0, capacity: 10 },
      healed: { shards: 0, records: 0 }, unhealable: { items: [], omitted: 0 }, sequence: this.running,
    };
  }

  startHeal(opts: HealStartOptions): HealSequence | 'already-running' {
    this.starts.push(opts);
    if (this.running !== undefined && opts.force !== true) return 'already-running';
    this.running = sequence({ deep: opts.deep, clientAddress: opts.clientAddress ?? '' });
    return this.running;
  }

  healSequence(token: string): HealSequence | undefined {
    return token === this.running?.clientToken ? sequence({ state: 'failed', done: true, failures: ['bucket records: quorum'] }) : undefined;
  }
}

describe('admin listener', () => {
  const backend = new MemoryBackend();
  let http: HttpServer;
  let port = 0;

  before(async () => {
    const credentials = { secretFor: (k: string) => (k === ROOT.accessKey ? ROOT.secretKey : k === 'other' ? 'other-secret' : undefined) };
    const admin = createAdminListener({ backend, credentials, authorizer: new RootOnlyAuthorizer(ROOT.accessKey), logger: silentLogger, region: 'us-east-1' });
    const s3 = withAdminApi(async (_req, res) => { res.statusCode = 299; res.end('s3'); }, admin);
    http = new HttpServer({ host: '127.0.0.1', port: 0, listener: s3, logger: silentLogger });
    port = (await http.listen()).port;
  });
  after(() => http.close(1000));

  function call(method: string, path: string, opts: { body?: string; creds?: { accessKey: string; secretKey: string } } = {}): Promise<RawResponse> {
    const body = opts.body ?? '';
    const signed = signRequest({ method, path, host: `127.0.0.1:${port}`, payloadHash: sha256Hex(body) }, opts.creds ?? ROOT);
    return rawRequest({ port, method, path, headers: { ...signed.headers, 'content-length': Buffer.byteLength(body) }, body });
  }

  const json = (r: RawResponse): Record<string, unknown> => {
    assert.equal(r.headers['content-type'], 'application/json');
    return JSON.parse(r.text) as Record<string, unknown>;
  };

  it('serves info as a madmin InfoMessage with Cairn fields', async () => {
    const r = await call('GET', '/minio/admin/v3/info');
    assert.equal(r.status, 200);
    const doc = json(r);
    assert.equal(doc['deploymentID'], 'dep-9');
    assert.deepEqual(doc['buckets'], { count: 5 });
    assert.deepEqual(doc['objects'], { count: 42 });
    assert.deepEqual(doc['versions'], { count: 0, error: 'not counted' });
    assert.deepEqual(doc['backend'], { backendType: 'Erasure', onlineDisks: 3, offlineDisks: 1, standardSCParity: 2, totalSets: [1], totalDrivesPerSet: [4] });
    const server = (doc['servers'] as { endpoint: string; uptime: number; drives: { state: string; healing: boolean }[] }[])[0]!;
    assert.equal(server.endpoint, `127.0.0.1:${port}`);
    assert.deepEqual(server.drives.map((d) => [d.state, d.healing]), [['ok', false], ['ok', true], ['offline', false], ['ok', false]]);
    assert.deepEqual((doc['pools'] as Record<string, Record<string, unknown>>)['0']!['0'],
      { id: 0, rawUsage: 30, rawCapacity: 300, healDisks: 1, onlineDisks: 3, offlineDisks: 1, dataShards: 2, parityShards: 2 });
    assert.equal(doc['countsAsOf'], '2026-01-01T00:01:00.000Z');
  });

  it('serves the background heal status as a madmin BgHealState with heal_info of the drive being rebuilt', async () => {
    const doc = json(await call('POST', '/minio/admin/v3/background-heal/status'));
    assert.deepEqual(doc['HealDisks'], ['/d2']);
    assert.equal(doc['isHealthy'], false);
    const disks = (doc['sets'] as { disks: { heal_info?: Record<string, unknown> }[] }[])[0]!.disks;
    assert.equal(disks[0]!.heal_info, undefined);
    assert.deepEqual([disks[1]!.heal_info!['phase'], disks[1]!.heal_info!['items_healed'], disks[1]!.heal_info!['finished']], ['healing', 6, false]);
  });

  it('starts a heal from a HealOpts body, refuses a second one with 409 naming the running one, forceStart replaces it', async () => {
    const started = await call('POST', '/minio/admin/v3/heal/', { body: '{"recursive":true,"scanMode":2}' });
    assert.equal(started.status, 200);
    assert.deepEqual(json(started), { clientToken: 'tok-1', clientAddress: '127.0.0.1', startTime: '2026-01-01T00:00:00.000Z' });
    assert.deepEqual(backend.starts.at(-1), { deep: true, force: false, clientAddress: '127.0.0.1' });

    const again = await call('POST', '/minio/admin/v3/heal/', { body: '{"scanMode":1}' });
    assert.equal(again.status, 409);
    const err = json(again);
    assert.equal(err['Code'], 'XMinioHealAlreadyRunning');
    assert.match(String(err['Message']), /already running .*token is tok-1/);
    assert.equal(err['RequestId'], again.headers['x-amz-request-id']);

    const forced = await call('POST', '/minio/admin/v3/heal/?forceStart=true', { body: '{"scanMode":1}' });
    assert.equal(forced.status, 200);
    assert.deepEqual(backend.starts.at(-1), { deep: false, force: true, clientAddress: '127.0.0.1' });
  });

  it('answers a status by token as a madmin HealTaskStatus (a failed sequence is "stopped" with detail)', async () => {
    const doc = json(await call('POST', '/minio/admin/v3/heal/?clientToken=tok-1'));
    assert.deepEqual([doc['summary'], doc['state'], doc['detail'], doc['startTime'], doc['settings']],
      ['stopped', 'failed', 'bucket records: quorum', '2026-01-01T00:00:00.000Z', { recursive: true, scanMode: 1 }]);
    assert.equal(doc['shardsHealed'], 2);
    const unknown = await call('POST', '/minio/admin/v3/heal/?clientToken=nope');
    assert.deepEqual([unknown.status, json(unknown)['Code']], [400, 'XMinioHealNoSuchProcess']);
  });

  it('sets, reads and clears a bucket quota (madmin.BucketQuota bodies; 404s as MinIO)', async () => {
    const none = await call('GET', '/minio/admin/v3/get-bucket-quota?bucket=photos');
    assert.deepEqual([none.status, json(none)['Code']], [404, 'XMinioAdminNoSuchQuotaConfiguration']);
    const set = await call('PUT', '/minio/admin/v3/set-bucket-quota?bucket=photos', { body: '{"quota":10485760,"quotatype":"hard"}' });
    assert.equal(set.status, 200, set.text);
    assert.equal(backend.quotas.get('photos'), 10485760);
    const got = await call('GET', '/minio/admin/v3/get-bucket-quota?bucket=photos');
    assert.deepEqual(json(got), { bucket: 'photos', quota: 10485760, size: 10485760, quotatype: 'hard' });
    assert.equal((await call('PUT', '/minio/admin/v3/set-bucket-quota?bucket=photos', { body: '{"size":2048,"quotatype":"hard"}' })).status, 200);
    assert.equal(backend.quotas.get('photos'), 2048, 'newer madmin sends size');
    assert.equal((await call('PUT', '/minio/admin/v3/set-bucket-quota?bucket=photos', { body: '{"quota":0,"quotatype":"hard"}' })).status, 200);
    assert.equal(backend.quotas.get('photos'), 0, 'quota 0 clears it');
    const cases: [Promise<RawResponse>, number, string][] = [
      [call('PUT', '/minio/admin/v3/set-bucket-quota?bucket=nope', { body: '{"quota":1}' }), 404, 'NoSuchBucket'],
      [call('GET', '/minio/admin/v3/get-bucket-quota?bucket=nope'), 404, 'NoSuchBucket'],
      [call('PUT', '/minio/admin/v3/set-bucket-quota', { body: '{"quota":1}' }), 400, 'XMinioAdminInvalidArgument'],
      [call('PUT', '/minio/admin/v3/set-bucket-quota?bucket=photos', { body: '{"quota":1,"quotatype":"fifo"}' }), 400, 'XMinioAdminInvalidArgument'],
      [call('PUT', '/minio/admin/v3/set-bucket-quota?bucket=photos', { body: '{"quota":-5}' }), 400, 'XMinioAdminInvalidArgument'],
    ];
    for (const [pending, status, code] of cases) {
      const r = await pending;
      assert.deepEqual([r.status, json(r)['Code']], [status, code], r.text);
    }
  });

  it('serves the data usage as a madmin DataUsageInfo (zero time and an error before the first figure)', async () => {
    const before = json(await call('GET', '/minio/admin/v3/datausageinfo'));
    assert.equal(before['lastUpdate'], '0001-01-01T00:00:00Z');
    assert.match(String(before['error']), /not yet known/);
    const hist = { LESS_THAN_1024_B: 1, BETWEEN_1024_B_AND_64_KB: 2, BETWEEN_64_KB_AND_256_KB: 1, BETWEEN_1_MB_AND_10_MB: 1 };
    backend.usageFigure = {
      lastUpdate: '2026-01-01T00:05:00.000Z',
      buckets: {
        photos: { objects: 5, versions: 7, deleteMarkers: 1, totalBytes: 3000000, latestBytes: 2000000, sizeHistogram: hist },
        empty: { objects: 0, versions: 0, deleteMarkers: 0, totalBytes: 0, latestBytes: 0, sizeHistogram: {} },
      },
    };
    const doc = json(await call('GET', '/minio/admin/v3/datausageinfo'));
    assert.deepEqual([doc['lastUpdate'], doc['objectsCount'], doc['versionsCount'], doc['deleteMarkersCount'], doc['objectsTotalSize'], doc['bucketsCount']],
      ['2026-01-01T00:05:00.000Z', 5, 7, 1, 3000000, 2]);
    const photos = (doc['bucketsUsageInfo'] as Record<string, Record<string, unknown>>)['photos']!;
    assert.deepEqual([photos['size'], photos['objectsCount'], photos['objectsVersionsCount'], photos['deleteMarkersCount'], photos['latestSize']], [3000000, 5, 7, 1, 2000000]);
    assert.equal((photos['objectsSizesHistogram'] as Record<string, number>)['BETWEEN_1024B_AND_1_MB'], 3, 'the aggregate madmin sends');
    assert.deepEqual(doc['bucketsSizes'], { photos: 3000000, empty: 0 });
    assert.equal(doc['error'], undefined);
  });

  it('refuses what it must, with the right status and a JSON error', async () => {
    const cases: [Promise<RawResponse>, number, string][] = [
      [rawRequest({ port, method: 'GET', path: '/minio/admin/v3/info' }), 403, 'AccessDenied'],
      [call('GET', '/minio/admin/v3/info', { creds: { accessKey: 'other', secretKey: 'other-secret' } }), 403, 'AccessDenied'],
      [call('GET', '/minio/admin/v3/info', { creds: { accessKey: ROOT.accessKey, secretKey: 'wrong' } }), 403, 'SignatureDoesNotMatch'],
      [call('POST', '/minio/admin/v3/heal/', { body: '{"recursive":' }), 400, 'XMinioRequestBodyParse'],
      [call('POST', '/minio/admin/v3/heal/', { body: '{"dryRun":true}' }), 501, 'NotImplemented'],
      [call('PUT', '/minio/admin/v3/info'), 405, 'MethodNotAllowed'],
      [rawRequest({ port, method: 'GET', path: '/minio/admin/v9/whatever' }), 404, 'XCairnAdminUnknownAPI'],
      [call('POST', '/minio/admin/v3/heal/', { body: 'x'.repeat(70_000) }), 400, 'MaxMessageLengthExceeded'],
    ];
    for (const [pending, status, code] of cases) {
      const r = await pending;
      assert.deepEqual([r.status, json(r)['Code']], [status, code], r.text);
    }
    // A valid presigned URL is still refused: admin requests carry an Authorization header (as MinIO's).
    const path = presignPath({ method: 'GET', path: '/minio/admin/v3/info', host: `127.0.0.1:${port}`, expiresSeconds: 60 }, ROOT);
    const presigned = await rawRequest({ port, method: 'GET', path });
    assert.deepEqual([presigned.status, json(presigned)['Code']], [403, 'AccessDenied']);
  });

  it('sends everything else to the S3 listener, and nothing under /minio/admin/', async () => {
    const s3 = await rawRequest({ port, method: 'GET', path: '/minio/other' });
    assert.deepEqual([s3.status, s3.text], [299, 's3']);
    const escaped = await rawRequest({ port, method: 'GET', path: '/minio/%61dmin/v3/nope' });
    assert.equal(escaped.status, 404);
  });
});
