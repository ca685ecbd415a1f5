/**
 * Logs an operator can use, through the built CLI: a 5xx is one structured line with the
 * cause; authentication failures are logged with the claimed access key (never the secret or
 * the signature), rate-limited; --log-level debug adds one line per request; stopping says
 * how many requests it drains and for how long.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { randomPayload } from '../helpers/files.js';
import { waitFor } from '../helpers/wait-for.js';

const servers: CairnServer[] = [];
after(async () => { for (const s of servers) await s.stop(); });

function logLines(server: CairnServer): Array<Record<string, unknown>> {
  return server.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('request logs', () => {
  it('a 5xx is logged with its request id and cause; auth failures with the access key only, rate-limited', async () => {
    const server = await startServer();
    servers.push(server);
    assert.equal((await signedRequest(server, { method: 'PUT', path: '/logs' })).status, 200);
    assert.equal((await signedRequest(server, { method: 'PUT', path: '/logs/big', body: randomPayload(3 * 1024 * 1024) })).status, 200);
    const data = join(server.drives[0]!, '.cairn', 'data');
    for (const fan of await readdir(data)) await rm(join(data, fan), { recursive: true });
    const failed = await signedRequest(server, { method: 'GET', path: '/logs/big' });
    assert.ok(failed.status >= 500, `status ${failed.status}`);
    const requestId = failed.headers['x-amz-request-id'];
    const line = await waitFor('the 5xx line', () => logLines(server).find((l) => l['msg'] === 'request failed' && l['requestId'] === requestId));
    assert.equal(line['level'], 'error');
    assert.equal(line['status'], failed.status);
    assert.equal(line['op'], 'GetObject');

    const wrongSecret = 'not-the-secret-0123456789';
    for (let i = 0; i < 25; i++) {
      const r = await signedRequest(server, { method: 'GET', path: '/logs', accessKey: server.accessKey, secretKey: wrongSecret });
      assert.equal(r.status, 403);
    }
    const refused = await waitFor('auth failure lines', () => {
      const l = logLines(server).filter((x) => x['msg'] === 'request refused');
      return l.length > 0 ? l : undefined;
    });
    assert.ok(refused.length <= 10, `${refused.length} lines for 25 failures in one window`);
    assert.equal(refused[0]!['accessKey'], server.accessKey);
    assert.equal(refused[0]!['level'], 'warn');
    assert.equal(refused[0]!['code'], 'SignatureDoesNotMatch');
    assert.ok(!server.output().includes(wrongSecret) && !server.output().includes('Signature='), 'a secret or signature was logged');
  });

  it('--log-level debug logs one line per request; stopping logs the drain and the stop', async () => {
    const server = await startServer({ args: ['--log-level', 'debug'] });
    servers.push(server);
    for (let i = 0; i < 3; i++) await signedRequest(server, { method: 'GET', path: '/' });
    const lines = await waitFor('3 request lines', () => {
      const l = logLines(server).filter((x) => x['msg'] === 'request' && x['op'] === 'ListBuckets');
      return l.length === 3 ? l : undefined;
    });
    assert.equal(lines[0]!['status'], 200);
    assert.ok(logLines(server).some((l) => l['msg'] === 'started'));
    await server.stop();
    assert.ok(logLines(server).some((l) => /^stopping: draining 0 requests, up to 30 s$/.test(String(l['msg']))), server.output());
    assert.ok(logLines(server).some((l) => l['msg'] === 'stopped'));
  });
});
