/**
 * The console port (`--console-address`) on a real server process: GET/HEAD /metrics answer
 * there with the same document and the same auth rules as on the S3 port (401 without the
 * bearer token unless CAIRN_PROMETHEUS_AUTH=public), and nothing else is served there (no S3
 * API: 404). The server prints the port as a `Console:` line after its `S3-API:` line.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { prometheusToken } from '../../src/metrics/index.js';
import { startServer, type CairnServer } from '../helpers/server.js';

const CONSOLE_LINE = /Console:\s*(http:\/\/127\.0\.0\.1:\d+)/;

async function withConsole(env: Record<string, string>, args: readonly string[] = []): Promise<{ server: CairnServer; consoleUrl: string }> {
  const server = await startServer({ args: ['--console-address', '127.0.0.1:0', ...args], env });
  const m = CONSOLE_LINE.exec(server.output());
  if (m === null) { await server.stop(); throw new Error(`no Console: line in\n${server.output()}`); }
  return { server, consoleUrl: m[1]! };
}

describe('console port: /metrics', () => {
  const servers: CairnServer[] = [];
  after(async () => { for (const s of servers) await s.stop(); });

  it('public mode: the Prometheus document, HEAD, and 404 for every other path', async () => {
    const { server, consoleUrl } = await withConsole({ CAIRN_PROMETHEUS_AUTH: 'public' });
    servers.push(server);
    assert.notEqual(consoleUrl, server.endpoint);
    const res = await fetch(`${consoleUrl}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    assert.match(text, /^# HELP cairn_/m);
    assert.match(text, /^cairn_build_info\{/m);
    const head = await fetch(`${consoleUrl}/metrics`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
    for (const [method, path] of [['GET', '/'], ['PUT', '/bucket'], ['GET', '/minio/admin/v3/info'], ['POST', '/metrics']] as const) {
      const other = await fetch(`${consoleUrl}${path}`, { method });
      assert.equal(other.status, 404, `${method} ${path}`);
      await other.arrayBuffer();
    }
    // The S3 port still serves /metrics too.
    assert.equal((await fetch(`${server.endpoint}/metrics`)).status, 200);
  });

  it('token mode: 401 without the bearer token, 200 with the root token', async () => {
    const { server, consoleUrl } = await withConsole({});
    servers.push(server);
    const refused = await fetch(`${consoleUrl}/metrics`);
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('www-authenticate') ?? '', /^Bearer/);
    await refused.arrayBuffer();
    const token = prometheusToken({ accessKey: server.accessKey, secretKey: server.secretKey }, Date.now());
    const ok = await fetch(`${consoleUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    assert.match(await ok.text(), /^cairn_build_info\{/m);
  });

  it('--workers 2: the primary prints the shared console port and every worker answers there', async () => {
    const { server, consoleUrl } = await withConsole({ CAIRN_PROMETHEUS_AUTH: 'public' }, ['--workers', '2']);
    servers.push(server);
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${consoleUrl}/metrics`, { headers: { connection: 'close' } });
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^cairn_build_info\{/m);
    }
  });
});
