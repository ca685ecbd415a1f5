/**
 * Audit with `--workers 2` and two targets named by suffix: a webhook (`_HOOK`) and the
 * in-repo fake Elasticsearch `_bulk` server. Each worker process has its own queue directory
 * and chain (never shared); every request lands once in Elasticsearch under `_id` = request
 * id and once at the webhook; the Elasticsearch export (hits with `_source`, through
 * `cairn admin audit verify -`) verifies as intact chains.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FakeElasticsearch } from '../helpers/fake-elasticsearch.js';
import { startServer, serverEntry, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { waitFor } from '../helpers/wait-for.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';

function verifyStdin(input: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [serverEntry(), 'admin', 'audit', 'verify', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
  child.stdin.end(input);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

describe('audit: --workers 2, webhook + Elasticsearch targets', () => {
  const receiver = new WebhookReceiver();
  let es: FakeElasticsearch;
  let server: CairnServer;

  before(async () => {
    await receiver.start();
    es = await FakeElasticsearch.start({ authorization: `Basic ${Buffer.from('elastic:es-pass-1').toString('base64')}` });
    server = await startServer({
      args: ['--workers', '2'],
      env: {
        CAIRN_AUDIT_WEBHOOK_ENDPOINT_HOOK: receiver.url,
        CAIRN_AUDIT_WEBHOOK_BATCH_SIZE_HOOK: '10',
        CAIRN_AUDIT_ELASTICSEARCH_URL: es.url,
        CAIRN_AUDIT_ELASTICSEARCH_INDEX: 'cairn-audit-test',
        CAIRN_AUDIT_ELASTICSEARCH_USERNAME: 'elastic',
        CAIRN_AUDIT_ELASTICSEARCH_PASSWORD: 'es-pass-1',
      },
    });
  });

  after(async () => {
    await server?.stop();
    await es?.stop();
    await receiver.stop();
  });

  it('every request once in each target, one chain per worker, all intact', async () => {
    const ids: string[] = [];
    const bucket = await signedRequest(server, { method: 'PUT', path: '/multi' });
    ids.push(bucket.headers['x-amz-request-id'] as string);
    for (let i = 0; i < 30; i++) {
      const res = await signedRequest(server, { method: 'PUT', path: `/multi/k${i}`, body: `v${i}` });
      assert.equal(res.status, 200);
      ids.push(res.headers['x-amz-request-id'] as string);
    }
    await waitFor('all records in Elasticsearch and at the webhook', () => es.docs.size >= ids.length && receiver.records.length >= ids.length, { timeoutMs: 60_000 });

    const nodeDirs = (await readdir(join(server.drives[0]!, '.cairn', 'audit'))).sort();
    assert.equal(nodeDirs.length, 2, nodeDirs.join(','));
    assert.deepEqual(nodeDirs.map((d) => d.replace(/^.*-(w\d)$/, '$1')), ['w0', 'w1']);
    for (const d of nodeDirs) {
      assert.deepEqual((await readdir(join(server.drives[0]!, '.cairn', 'audit', d))).filter((f) => f !== 'chain.json' && f !== 'chain.json.tmp').sort(), ['elasticsearch', 'webhook-hook']);
    }

    assert.deepEqual([...es.docs.values()].map((d) => d.id).sort(), [...ids].sort(), 'ES: _id = request id, each once');
    assert.ok([...es.docs.values()].every((d) => d.index === 'cairn-audit-test' && d.version === 1));
    const hooked = receiver.records.map((r) => r['requestID'] as string);
    assert.equal(hooked.length, ids.length, 'webhook: no duplicate');
    assert.deepEqual([...hooked].sort(), [...ids].sort());

    const exportLines = [...es.docs.values()].map((d) => JSON.stringify({ _index: d.index, _id: d.id, _source: d.source })).join('\n');
    const verified = await verifyStdin(exportLines);
    assert.equal(verified.code, 0, verified.out);
    assert.match(verified.out, /ok: every chain is intact/);
  });
});
