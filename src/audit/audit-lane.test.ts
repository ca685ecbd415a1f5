import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../test/helpers/wait-for.js';
import { AuditLane } from './audit-lane.js';
import type { AuditLogger } from './audit-types.js';
import { DurableQueue } from './queue/durable-queue.js';
import { DeliveryError, type AuditTarget, type DeliveryResult } from './targets/audit-target.js';

/** A target that stores what it gets while `up`, and fails while down. */
class ScriptedTarget implements AuditTarget {
  readonly name = 'scripted';
  readonly batchSize = 2;
  up = true;
  readonly stored: string[] = [];
  attempts = 0;
  async send(records: readonly string[]): Promise<DeliveryResult> {
    this.attempts++;
    if (!this.up) throw new DeliveryError('down');
    this.stored.push(...records);
    return { rejected: 0, retried: 0 };
  }
  close(): void { /* no connection */ }
}

class MemoryLogger implements AuditLogger {
  readonly lines: { level: string; msg: string; fields: Record<string, unknown> | undefined }[] = [];
  info(msg: string, fields?: Record<string, unknown>): void { this.lines.push({ level: 'info', msg, fields }); }
  warn(msg: string, fields?: Record<string, unknown>): void { this.lines.push({ level: 'warn', msg, fields }); }
  error(msg: string, fields?: Record<string, unknown>): void { this.lines.push({ level: 'error', msg, fields }); }
}

describe('AuditLane', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'cairn-audit-lane-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const lane = async (opts: { policy: 'block' | 'drop'; max: number; blockTimeoutMs?: number; target: ScriptedTarget; logger: MemoryLogger; now?: () => number }): Promise<AuditLane> => {
    const queue = new DurableQueue({ dir, maxRecords: opts.max });
    await queue.open();
    const l = new AuditLane({ target: opts.target, queue, policy: opts.policy, blockTimeoutMs: opts.blockTimeoutMs ?? 60_000, logger: opts.logger, retryMinMs: 5, retryMaxMs: 10, ...(opts.now ? { now: opts.now } : {}) });
    l.start();
    return l;
  };
  const push = (l: AuditLane, from: number, to: number): void => { for (let i = from; i <= to; i++) l.push(`{"i":${i}}`, `R${i}`); };

  it('delivers in order, also after the target was down for a while', async () => {
    const target = new ScriptedTarget();
    const logger = new MemoryLogger();
    target.up = false;
    const l = await lane({ policy: 'block', max: 100, target, logger });
    push(l, 1, 7);
    await waitFor('failed attempts', () => target.attempts >= 3);
    assert.equal(l.stats().queueLength, 7);
    target.up = true;
    await waitFor('all stored', () => target.stored.length === 7);
    assert.deepEqual(target.stored, Array.from({ length: 7 }, (_, k) => `{"i":${k + 1}}`));
    const s = l.stats();
    assert.equal(s.sent, 7);
    assert.ok(s.failed >= 2);
    assert.deepEqual(s.dropped, { queue_full: 0, rejected: 0 });
    await waitFor('queue drained', () => l.stats().queueLength === 0);
    assert.equal(logger.lines.filter((x) => x.msg.includes('unreachable')).length, 1, 'down is logged once');
    await l.close();
  });

  it('drop policy: records that do not fit are dropped at once, counted and logged', async () => {
    const target = new ScriptedTarget();
    target.up = false;
    const logger = new MemoryLogger();
    const l = await lane({ policy: 'drop', max: 3, target, logger });
    push(l, 1, 3);
    await l.settled();
    push(l, 4, 5);
    await l.settled();
    assert.equal(l.stats().dropped.queue_full, 2);
    const drop = logger.lines.find((x) => x.msg === 'audit records dropped');
    assert.equal(drop?.fields?.['firstRequestId'], 'R4');
    target.up = true;
    await waitFor('stored', () => target.stored.length === 3);
    assert.deepEqual(target.stored, ['{"i":1}', '{"i":2}', '{"i":3}']);
    await l.close();
  });

  it('block policy: records wait for room and get in once the target catches up', async () => {
    const target = new ScriptedTarget();
    target.up = false;
    const logger = new MemoryLogger();
    const l = await lane({ policy: 'block', max: 3, target, logger });
    push(l, 1, 6);
    await l.settled();
    assert.equal(l.stats().queueLength, 6, 'three in the queue, three waiting');
    target.up = true;
    await waitFor('stored', () => target.stored.length === 6);
    assert.deepEqual(target.stored.map((x) => (JSON.parse(x) as { i: number }).i), [1, 2, 3, 4, 5, 6]);
    assert.equal(l.stats().dropped.queue_full, 0);
    await l.close();
  });

  it('block policy: a record waiting longer than the block timeout is dropped (counted, logged)', async () => {
    const target = new ScriptedTarget();
    target.up = false;
    const logger = new MemoryLogger();
    const l = await lane({ policy: 'block', max: 2, blockTimeoutMs: 30, target, logger });
    push(l, 1, 4);
    await waitFor('timed-out records dropped', () => l.stats().dropped.queue_full === 2);
    assert.match(String(logger.lines.find((x) => x.msg === 'audit records dropped')?.fields?.['reason']), /block timeout/);
    target.up = true;
    await waitFor('stored', () => target.stored.length === 2);
    assert.deepEqual(target.stored, ['{"i":1}', '{"i":2}']);
    await l.close();
  });

  it('tells whether a delivery waits for its answer, and when the answer came', async () => {
    const target = new ScriptedTarget();
    let answer: () => void = () => {};
    const send = target.send.bind(target);
    target.send = async (records) => { await new Promise<void>((resolve) => { answer = resolve; }); return send(records); };
    const l = await lane({ policy: 'block', max: 100, target, logger: new MemoryLogger() });
    assert.equal(l.sending, false);
    await l.answered(); // none in flight: at once
    push(l, 1, 2);
    await waitFor('delivery in flight', () => l.sending);
    let came = false;
    const answered = l.answered().then(() => { came = true; });
    await new Promise(setImmediate); // a full event-loop turn: the held send cannot have answered
    assert.equal(came, false, 'no answer yet');
    answer();
    await answered;
    assert.equal(l.sending, false);
    assert.deepEqual(target.stored, ['{"i":1}', '{"i":2}']);
    await l.close();
  });
});
