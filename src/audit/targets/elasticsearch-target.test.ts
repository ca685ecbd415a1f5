import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FakeElasticsearch } from '../../../test/helpers/fake-elasticsearch.js';
import { DeliveryError } from './audit-target.js';
import { bulkBody, ElasticsearchTarget } from './elasticsearch-target.js';

const rec = (i: number): string => JSON.stringify({ requestID: `REQ${i}`, api: { name: 'GetObject', statusCode: 200 }, chain: { seq: i } });
const recs = (n: number): string[] => Array.from({ length: n }, (_, i) => rec(i + 1));

describe('ElasticsearchTarget against the in-repo _bulk server', () => {
  let es: FakeElasticsearch;
  const warnings: { msg: string; fields: Record<string, unknown> }[] = [];
  const target = (extra: Partial<ConstructorParameters<typeof ElasticsearchTarget>[0]> = {}): ElasticsearchTarget => new ElasticsearchTarget({
    name: 'elasticsearch', url: es.url, index: 'cairn-audit', username: 'elastic', password: 'changeme', apiKey: undefined,
    batchSize: 100, retryMinMs: 5, retryMaxMs: 20, warn: (msg, fields) => warnings.push({ msg, fields }), ...extra,
  });
  const signal = new AbortController().signal;

  before(async () => { es = await FakeElasticsearch.start({ authorization: `Basic ${Buffer.from('elastic:changeme').toString('base64')}` }); });
  after(async () => { await es.stop(); });
  beforeEach(() => {
    es.docs.clear(); es.bulkSizes.length = 0; es.actions.length = 0; warnings.length = 0;
    es.failItem = () => undefined; es.failRequest = () => undefined;
  });

  it('writes the documented NDJSON: an index action with _id = requestID before each record, newline-terminated', () => {
    const body = bulkBody('cairn-audit', [rec(1), rec(2)]);
    assert.equal(body, `{"index":{"_index":"cairn-audit","_id":"REQ1"}}\n${rec(1)}\n{"index":{"_index":"cairn-audit","_id":"REQ2"}}\n${rec(2)}\n`);
  });

  it('stores a batch in one request, and a redelivery replaces instead of duplicating', async () => {
    const t = target();
    assert.deepEqual(await t.send(recs(5), signal), { rejected: 0, retried: 0 });
    assert.deepEqual(await t.send(recs(5), signal), { rejected: 0, retried: 0 });
    assert.equal(es.docs.size, 5);
    assert.deepEqual(es.bulkSizes, [5, 5]);
    assert.equal(es.docs.get('cairn-audit/REQ3')?.version, 2);
    assert.deepEqual(es.docs.get('cairn-audit/REQ3')?.source, JSON.parse(rec(3)));
  });

  it('partial failure: only the 429/503 items are sent again, until they are stored', async () => {
    const failures = new Map([['REQ2', 2], ['REQ4', 1]]); // REQ2 fails twice (429), REQ4 once (503)
    es.failItem = (a) => {
      const left = failures.get(a.id ?? '') ?? 0;
      if (left === 0) return undefined;
      failures.set(a.id!, left - 1);
      return a.id === 'REQ2' ? 429 : 503;
    };
    const r = await target().send(recs(5), signal);
    assert.deepEqual(r, { rejected: 0, retried: 3 });
    assert.equal(es.docs.size, 5);
    assert.deepEqual(es.bulkSizes, [5, 2, 1]);
    assert.deepEqual(es.actions.slice(5).map((a) => a.id), ['REQ2', 'REQ4', 'REQ2']);
  });

  it('a 4xx item (mapping error) is rejected for good: logged, counted, not retried', async () => {
    es.failItem = (a) => (a.id === 'REQ3' ? 400 : undefined);
    const r = await target().send(recs(4), signal);
    assert.deepEqual(r, { rejected: 1, retried: 0 });
    assert.equal(es.docs.size, 3);
    assert.deepEqual(es.bulkSizes, [4]);
    assert.equal(warnings.length, 1);
    assert.match(String(warnings[0]!.fields['error']), /mapper_parsing_exception/);
  });

  it('a whole request answered 429/5xx, a refused login or no server fails the delivery', async () => {
    es.failRequest = () => 503;
    await assert.rejects(target().send(recs(2), signal), (e: unknown) => e instanceof DeliveryError && e.status === 503);
    es.failRequest = () => undefined;
    await assert.rejects(target({ password: 'wrong-one' }).send(recs(1), signal), (e: unknown) => e instanceof DeliveryError && e.status === 401);
    await assert.rejects(target({ url: 'http://127.0.0.1:1' }).send(recs(1), signal), DeliveryError);
    assert.equal(es.docs.size, 0);
  });

  it('sends an API key as Authorization: ApiKey', async () => {
    const keyed = await FakeElasticsearch.start({ authorization: 'ApiKey aWQ6a2V5' });
    try {
      await target({ url: `${keyed.url}/`, username: undefined, password: undefined, apiKey: 'aWQ6a2V5' }).send(recs(2), signal);
      assert.equal(keyed.docs.size, 2);
    } finally {
      await keyed.stop();
    }
  });
});
