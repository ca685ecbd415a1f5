import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DriveFullError, DriveOfflineError, DrivePathError, FileNotFoundError } from '../../errors/domain-errors.js';
import { DriveHealthTracker } from './drive-health-tracker.js';

/** A probe whose verdict the test sets, counting its calls. */
function scriptedProbe(): { probe: () => Promise<void>; calls: () => number; setFailing(err: Error | undefined): void } {
  let failing: Error | undefined;
  let calls = 0;
  return {
    probe: async () => { calls++; if (failing) throw failing; },
    calls: () => calls,
    setFailing(err) { failing = err; },
  };
}

/** Let settled probe promises run their handlers (setImmediate is not mocked). */
const settle = () => new Promise<void>((r) => setImmediate(r));

const offline = (msg = 'EIO') => new DriveOfflineError('/d', { cause: new Error(msg) });

test('tracker: three DriveOfflineErrors in a row take the drive offline; calls are then refused with the last cause', () => {
  const p = scriptedProbe();
  const t = new DriveHealthTracker({ endpoint: '/d', probe: p.probe, recheckMs: 60_000, now: () => 1234 });
  try {
    t.failed(offline('one'));
    t.failed(offline('two'));
    assert.equal(t.isOnline(), true);
    assert.equal(t.snapshot().consecutiveFailures, 2);
    t.failed(offline('three'));
    assert.equal(t.isOnline(), false);
    assert.throws(() => t.check(), (e) => e instanceof DriveOfflineError && /three/.test(String((e.cause as Error).cause)));
    const h = t.snapshot();
    assert.equal(h.online, false);
    assert.equal(h.offlineSince, 1234);
    assert.equal(h.lastErrorAt, 1234);
    assert.match(h.lastError ?? '', /drive offline: \/d: three/);
  } finally { t.close(); }
});

test('tracker: a success resets the count; not-found, full, path and foreign errors neither count nor reset', async () => {
  const p = scriptedProbe();
  const t = new DriveHealthTracker({ endpoint: '/d', probe: p.probe, recheckMs: 60_000 });
  try {
    t.failed(offline());
    t.failed(offline());
    t.succeeded();
    assert.equal(t.snapshot().consecutiveFailures, 0);
    for (let i = 0; i < 10; i++) {
      t.failed(new FileNotFoundError('x'));
      t.failed(new DriveFullError('/d'));
      t.failed(new DrivePathError('../x', 'escapes'));
      t.failed(new RangeError('bad offset'));
    }
    assert.equal(t.isOnline(), true);
    assert.equal(t.snapshot().consecutiveFailures, 0);
    await settle();
    assert.equal(p.calls(), 1, 'one probe for the two counted failures (one at a time), none for the others');
  } finally { t.close(); }
});

test('tracker: a failure whose probe fails takes the drive offline at once (a vanished drive)', async () => {
  const p = scriptedProbe();
  const t = new DriveHealthTracker({ endpoint: '/d', probe: p.probe, recheckMs: 60_000 });
  try {
    p.setFailing(new Error('root vanished'));
    t.failed(offline());
    assert.equal(t.isOnline(), true, 'one failure is below the threshold');
    await settle();
    assert.equal(t.isOnline(), false, 'the failed probe took it offline');
    assert.match(t.snapshot().lastError ?? '', /root vanished/);
    assert.equal(t.snapshot().consecutiveFailures, 1);
  } finally { t.close(); }
});

test('tracker: offline, it is probed every recheckMs; failed probes keep it offline, the first passing one brings it back', async (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout'] });
  const p = scriptedProbe();
  const t = new DriveHealthTracker({ endpoint: '/d', probe: p.probe, recheckMs: 1000 });
  try {
    p.setFailing(new Error('still broken'));
    for (let i = 0; i < 3; i++) t.failed(offline());
    assert.equal(t.isOnline(), false);
    await settle();
    const afterFailures = p.calls();
    ctx.mock.timers.tick(999);
    await settle();
    assert.equal(p.calls(), afterFailures, 'no probe before the recheck delay');
    ctx.mock.timers.tick(1);
    await settle();
    assert.equal(p.calls(), afterFailures + 1);
    assert.equal(t.snapshot().failedProbes, 1);
    ctx.mock.timers.tick(1000);
    await settle();
    assert.equal(t.snapshot().failedProbes, 2);
    assert.equal(t.isOnline(), false);
    p.setFailing(undefined);
    ctx.mock.timers.tick(1000);
    await settle();
    assert.equal(t.isOnline(), true);
    const h = t.snapshot();
    assert.deepEqual([h.consecutiveFailures, h.failedProbes, h.offlineSince], [0, 0, undefined]);
    t.check();
  } finally { t.close(); }
});

test('tracker: a probe started while online cannot bring back a drive that went offline meanwhile', async (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout'] });
  let release: () => void = () => undefined;
  let calls = 0;
  const probe = () => { calls++; return new Promise<void>((r) => { release = r; }); };
  const t = new DriveHealthTracker({ endpoint: '/d', probe, recheckMs: 1000 });
  try {
    t.failed(offline());          // starts a probe that hangs
    t.failed(offline());          // no second probe while one runs
    t.failed(offline());          // threshold: offline
    await settle();
    assert.equal(calls, 1);
    release();                    // the stale probe passes
    await settle();
    assert.equal(t.isOnline(), false, 'only a probe after the recheck delay may bring it back');
    ctx.mock.timers.tick(1000);   // the recheck probe
    await settle();
    assert.equal(calls, 2);
    release();
    await settle();
    assert.equal(t.isOnline(), true);
  } finally { t.close(); }
});

test('tracker: close stops probing and refuses calls', async (ctx) => {
  ctx.mock.timers.enable({ apis: ['setTimeout'] });
  const p = scriptedProbe();
  const t = new DriveHealthTracker({ endpoint: '/d', probe: p.probe, recheckMs: 1000 });
  p.setFailing(new Error('down'));
  for (let i = 0; i < 3; i++) t.failed(offline());
  await settle();
  t.close();
  const before = p.calls();
  ctx.mock.timers.tick(10_000);
  await settle();
  assert.equal(p.calls(), before);
  assert.throws(() => t.check(), DriveOfflineError);
  assert.equal(t.isOnline(), false);
});

test('tracker: options are checked', () => {
  const probe = async () => undefined;
  assert.throws(() => new DriveHealthTracker({ endpoint: '/d', probe, maxConsecutiveFailures: 0 }), RangeError);
  assert.throws(() => new DriveHealthTracker({ endpoint: '/d', probe, recheckMs: 0 }), RangeError);
});
