import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../../test/helpers/wait-for.js';
import type { RequestEndEvent } from '../s3/pipeline/request-events.js';
import type { AuditLogger } from './audit-types.js';
import { verifyChainLines } from './chain-verify.js';
import { encodeRecordFields } from './record-fields.js';
import { SealingLanes } from './sealing-lanes.js';
import type { AuditTarget, DeliveryResult } from './targets/audit-target.js';

/** Stores what it gets; while `hold` is set, each delivery waits for `release()`. */
class HeldTarget implements AuditTarget {
  readonly name = 'held';
  readonly batchSize = 1;
  readonly perDelivery = 16;
  readonly stored: string[] = [];
  hold = false;
  /** A delivery waits for release(). */
  held = false;
  #release: () => void = () => {};
  release(): void { this.held = false; this.#release(); }
  async send(records: readonly string[]): Promise<DeliveryResult> {
    if (this.hold) { this.held = true; await new Promise<void>((resolve) => { this.#release = resolve; }); }
    this.stored.push(...records);
    return { rejected: 0, retried: 0 };
  }
  close(): void { /* no connection */ }
}

const logged: { msg: string; fields: Record<string, unknown> | undefined }[] = [];
const logger: AuditLogger = { info() {}, warn() {}, error(msg, fields) { logged.push({ msg, fields }); } };

function event(i: number): RequestEndEvent {
  return {
    api: 's3', operation: 'GetObject', statusCode: 200, errorCode: undefined, completed: true, rxBytes: 0, txBytes: 4096,
    ttfbSeconds: 0.0001, durationSeconds: 0.0002, startedAtMs: 1_764_000_000_000 + i, requestId: `R${i}`, accessKey: 'AK',
    bucket: 'b', object: `k,${i}\n`, remoteAddress: '127.0.0.1', userAgent: 'ua', requestHost: 'h', requestPath: `/b/k${i}`, method: 'GET',
  };
}

describe('SealingLanes', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'cairn-sealing-lanes-')); logged.length = 0; });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const open = (target: HeldTarget): Promise<SealingLanes> => SealingLanes.open(
    { dir, node: 'n-w0', queueSize: 100, policy: 'block', blockTimeoutMs: 5000, retryMinMs: 5, retryMaxMs: 10 }, 'dep-1', [target], logger);

  it('seals encoded fields into one chain, saves its head at close and goes on from it', async () => {
    const target = new HeldTarget();
    let lanes = await open(target);
    for (let i = 1; i <= 3; i++) lanes.push(encodeRecordFields(event(i), 'root'), `R${i}`);
    await waitFor('3 stored', () => target.stored.length === 3);
    await lanes.close();
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'n-w0', 'chain.json'), 'utf8')), {
      seq: 3, hash: (JSON.parse(target.stored[2]!) as { chain: { hash: string } }).chain.hash,
    });
    lanes = await open(target);
    lanes.push(encodeRecordFields(event(4), ''), 'R4');
    await waitFor('4 stored', () => target.stored.length === 4);
    await lanes.close();
    const records = target.stored.map((t) => JSON.parse(t) as { requestID: string; account: string; api: { object: string }; chain: { seq: number } });
    assert.deepEqual(records.map((r) => [r.requestID, r.chain.seq, r.api.object]), [['R1', 1, 'k,1\n'], ['R2', 2, 'k,2\n'], ['R3', 3, 'k,3\n'], ['R4', 4, 'k,4\n']]);
    assert.equal(records[3]!.account, '');
    assert.deepEqual(verifyChainLines(target.stored).problems, []);
  });

  it('logs and skips fields it cannot read, and seals the next record as the next link', async () => {
    const target = new HeldTarget();
    const lanes = await open(target);
    lanes.push('{"not":"fields"}', 'BAD');
    lanes.push(encodeRecordFields(event(1), 'root'), 'R1');
    await waitFor('1 stored', () => target.stored.length === 1);
    await lanes.close();
    assert.equal(logged[0]?.msg, 'audit record not sealed');
    assert.equal(logged[0]?.fields?.['requestId'], 'BAD');
    assert.equal((JSON.parse(target.stored[0]!) as { chain: { seq: number } }).chain.seq, 1);
  });

  it('answered(ms): at once with no delivery in flight, at the answer, or after ms when none comes', async () => {
    const target = new HeldTarget();
    const lanes = await open(target);
    await lanes.answered(60_000);
    target.hold = true;
    lanes.push(encodeRecordFields(event(1), 'root'), 'R1');
    await waitFor('a delivery in flight', () => target.held);
    const t0 = performance.now();
    await lanes.answered(40);
    assert.ok(performance.now() - t0 >= 35, 'waited for the bound');
    assert.equal(target.stored.length, 0);
    const answered = lanes.answered(60_000);
    target.hold = false;
    target.release();
    await answered;
    assert.equal(target.stored.length, 1);
    await lanes.close();
  });
});
