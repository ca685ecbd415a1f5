import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { waitFor } from '../../../test/helpers/wait-for.js';
import { AuditLane } from '../audit-lane.js';
import { DurableQueue } from '../queue/durable-queue.js';
import { DeliveryError } from './audit-target.js';
import { PIPELINE_DEPTH, WebhookTarget } from './webhook-target.js';

const signal = new AbortController().signal;
const quiet = { info(): void {}, warn(): void {}, error(): void {} };

/** A webhook receiver that stores `{"i":N}` records and refuses the ones `refuse` names (each once). */
class Receiver {
  readonly stored: number[] = [];
  readonly sockets = new Set<Socket>();
  refuse = new Set<number>();
  #server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      void text(req).then((body) => {
        this.sockets.add(req.socket);
        const i = (JSON.parse(body) as { i: number }).i;
        if (this.refuse.delete(i)) { res.writeHead(503, { 'content-length': 4 }); res.end('busy'); return; }
        this.stored.push(i);
        res.writeHead(200, { 'content-length': 0 });
        res.end();
      });
    });
    await new Promise<void>((r) => this.#server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server!.address() as AddressInfo).port}/hook`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise((r) => this.#server?.close(r));
  }
}

const records = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, k) => `{"i":${from + k}}`);

describe('WebhookTarget at batch size 1 (pipelined POSTs)', () => {
  const receiver = new Receiver();
  before(() => receiver.start());
  after(() => receiver.stop());

  it('POSTs several records at once on one connection, in order', async () => {
    receiver.stored.length = 0;
    receiver.sockets.clear();
    const t = new WebhookTarget({ name: 'w', endpoint: receiver.url, authToken: undefined, batchSize: 1 });
    try {
      assert.equal(t.perDelivery, PIPELINE_DEPTH);
      assert.deepEqual(await t.send(records(1, 16), signal), { rejected: 0, retried: 0 });
      assert.deepEqual(receiver.stored, Array.from({ length: 16 }, (_, k) => k + 1));
      assert.equal(receiver.sockets.size, 1);
    } finally { t.close(); }
  });

  it('a refused record: DeliveryError naming how many records before it were stored', async () => {
    receiver.stored.length = 0;
    receiver.refuse = new Set([3]);
    const t = new WebhookTarget({ name: 'w', endpoint: receiver.url, authToken: undefined, batchSize: 1 });
    try {
      const err = await t.send(records(1, 5), signal).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof DeliveryError);
      assert.deepEqual([err.status, err.delivered], [503, 2]);
      assert.deepEqual(receiver.stored, [1, 2, 4, 5], 'pipelined: the records after the refused one were sent too');
    } finally { t.close(); }
  });

  it('an unreachable receiver: nothing delivered', async () => {
    const t = new WebhookTarget({ name: 'w', endpoint: 'http://127.0.0.1:1/hook', authToken: undefined, batchSize: 1 });
    try {
      const err = await t.send(records(1, 3), signal).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof DeliveryError);
      assert.equal(err.delivered, 0);
      assert.match(err.message, /ECONNREFUSED/);
    } finally { t.close(); }
  });

  it('batch size above 1: one NDJSON POST per delivery, no pipelining', () => {
    const t = new WebhookTarget({ name: 'w', endpoint: receiver.url, authToken: undefined, batchSize: 50 });
    assert.equal(t.perDelivery, 50);
    t.close();
  });
});

describe('a lane delivering through a pipelined webhook', () => {
  const receiver = new Receiver();
  let dir: string;
  before(() => receiver.start());
  after(() => receiver.stop());
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'cairn-webhook-lane-')); receiver.stored.length = 0; });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it('records stored before a refused one are acknowledged (never sent again); the refused one and those after it are sent again in order', async () => {
    const queue = new DurableQueue({ dir, maxRecords: 1000 });
    await queue.open();
    const target = new WebhookTarget({ name: 'w', endpoint: receiver.url, authToken: undefined, batchSize: 1 });
    const lane = new AuditLane({ target, queue, policy: 'block', blockTimeoutMs: 60_000, logger: quiet, retryMinMs: 5, retryMaxMs: 10 });
    receiver.refuse = new Set([3, 40]);
    // Pushed before the sender starts: whole pipelines of PIPELINE_DEPTH records.
    for (const r of records(1, 50)) lane.push(r, `R${r}`);
    await lane.settled();
    lane.start();
    await waitFor('every record stored', () => new Set(receiver.stored).size === 50 && lane.stats().queueLength === 0);
    await lane.close();
    const count = (i: number): number => receiver.stored.filter((x) => x === i).length;
    assert.deepEqual([count(1), count(2), count(39), count(41)], [1, 1, 1, 2], 'acknowledged records are not sent again; those after a refusal are');
    const last = new Map<number, number>();
    receiver.stored.forEach((x, at) => last.set(x, at));
    const order = [...last.entries()].sort((a, b) => a[1] - b[1]).map(([x]) => x);
    assert.deepEqual(order, Array.from({ length: 50 }, (_, k) => k + 1), 'the last delivery of each record is in order');
    assert.equal(lane.stats().sent, 50);
  });
});
