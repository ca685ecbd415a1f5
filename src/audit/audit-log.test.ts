import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../test/helpers/wait-for.js';
import { WebhookReceiver } from '../../test/helpers/webhook-receiver.js';
import { RequestTrace } from '../s3/pipeline/request-events.js';
import { AuditLog } from './audit-log.js';
import { verifyChainLines } from './chain-verify.js';
import { WebhookTarget } from './targets/webhook-target.js';

const SIGNATURE = 'f0e4c2f76c58916ec258f246851bea091d14d4247a2fc3e18694461b1816e13b';
const TOKEN = 'FQoGZXIvYXdzEXAMPLESESSIONTOKEN';
const SSEC_KEY = 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

/** A server whose requests are traced the way the S3 pipeline does it. */
async function tracedServer(): Promise<Server> {
  let n = 0;
  const server = createServer((req, res) => {
    const trace = RequestTrace.open(req, res, 's3');
    trace?.requestId(`REQ${String(++n).padStart(4, '0')}`);
    trace?.operation('PutObject');
    trace?.target('photos', 'cat.jpg');
    trace?.accessKey('AKIAEXAMPLE');
    req.resume();
    req.on('end', () => {
      trace?.firstByte();
      res.setHeader('content-length', 2);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function send(server: Server, path: string): Promise<void> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port, method: 'PUT', path,
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=${SIGNATURE}`,
        'x-amz-security-token': TOKEN,
        'x-amz-server-side-encryption-customer-key': SSEC_KEY,
        'x-amz-server-side-encryption-customer-key-md5': 'bWQ1',
        'user-agent': 'audit-test/1.0',
        'content-length': 5,
      },
    }, (res) => { res.resume(); res.on('end', resolve); });
    req.on('error', reject);
    req.end('hello');
  });
}

for (const where of ['this thread', 'an audit thread'] as const) describe(`AuditLog, lanes on ${where}`, () => {
  let dir: string;
  let receiver: WebhookReceiver;
  let server: Server;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cairn-audit-log-'));
    receiver = new WebhookReceiver();
    await receiver.start();
    server = await tracedServer();
  });
  afterEach(async () => {
    server.close();
    await receiver.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const open = (): Promise<AuditLog> => AuditLog.open({
    dir, node: 'test-w0', deploymentId: 'dep-1', accountOf: (k) => (k === 'AKIAEXAMPLE' ? 'root' : ''),
    ...(where === 'this thread'
      ? { targets: [new WebhookTarget({ name: 'webhook', endpoint: receiver.url, authToken: 'sekrit', batchSize: 3 })] }
      : { targetConfigs: [{ kind: 'webhook' as const, name: 'webhook', endpoint: receiver.url, authToken: 'sekrit', batchSize: 3 }] }),
    queueSize: 1000, policy: 'block', blockTimeoutMs: 5000, logger: { info() {}, warn() {}, error() {} }, retryMinMs: 5, retryMaxMs: 20,
  });

  it('one record per request with MinIO field names, and no secret of the request in it', async () => {
    const log = await open();
    await send(server, `/photos/cat.jpg?X-Amz-Signature=${SIGNATURE}&X-Amz-Security-Token=${TOKEN}`);
    await waitFor('record', () => receiver.records.length === 1);
    await log.close();
    const r = receiver.records[0]!;
    assert.equal(r['version'], '1');
    assert.equal(r['deploymentid'], 'dep-1');
    assert.equal(r['requestID'], 'REQ0001');
    assert.equal(r['trigger'], 'incoming');
    assert.equal(r['userAgent'], 'audit-test/1.0');
    assert.equal(r['requestPath'], '/photos/cat.jpg');
    assert.match(String(r['requestHost']), /^127\.0\.0\.1:\d+$/);
    assert.equal(r['remotehost'], '127.0.0.1');
    assert.equal(r['accessKey'], 'AKIAEXAMPLE');
    assert.equal(r['account'], 'root');
    assert.equal(r['errorCode'], '');
    assert.ok(!Number.isNaN(Date.parse(String(r['time']))));
    const api = r['api'] as Record<string, unknown>;
    assert.deepEqual({ ...api, timeToFirstByte: undefined, timeToResponse: undefined }, {
      name: 'PutObject', bucket: 'photos', object: 'cat.jpg', status: 'OK', statusCode: 200, rx: 5, tx: 2, timeToFirstByte: undefined, timeToResponse: undefined,
    });
    assert.match(String(api['timeToResponse']), /^\d+ns$/);
    const text = JSON.stringify(r);
    for (const secret of [SIGNATURE, TOKEN, SSEC_KEY, SECRET, 'AWS4-HMAC-SHA256', 'Signature', 'sekrit']) assert.ok(!text.includes(secret), `record carries ${secret}`);
    assert.equal(receiver.authorizations[0], 'Bearer sekrit');
  });

  it('the chain continues across a restart and verifies', async () => {
    let log = await open();
    for (let i = 0; i < 4; i++) await send(server, '/photos/cat.jpg');
    await waitFor('first 4', () => receiver.records.length === 4);
    await log.close();
    log = await open();
    for (let i = 0; i < 3; i++) await send(server, '/photos/cat.jpg');
    await waitFor('all 7', () => receiver.records.length === 7);
    await log.close();
    const seqs = receiver.records.map((r) => (r['chain'] as { seq: number }).seq);
    assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6, 7]);
    const report = verifyChainLines(receiver.records.map((r) => JSON.stringify(r)));
    assert.deepEqual(report.problems, []);
    assert.deepEqual(report.chains, [{ chain: 'dep-1/test-w0', records: 7, firstSeq: 1, lastSeq: 7 }]);
  });

  it('counts what it sent and what waits: settled() leaves nothing on its way', async () => {
    const log = await open();
    for (let i = 0; i < 5; i++) await send(server, '/photos/cat.jpg');
    await log.settled();
    await waitFor('5 records delivered', () => receiver.records.length === 5);
    await waitFor('stats show them sent', () => log.stats()[0]?.sent === 5);
    assert.deepEqual(log.stats().map((t) => ({ target: t.target, queueLength: t.queueLength, dropped: t.dropped })), [{ target: 'webhook', queueLength: 0, dropped: { queue_full: 0, rejected: 0 } }]);
    await log.close();
  });
});
