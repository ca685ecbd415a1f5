import { test } from 'node:test';
import assert from 'node:assert/strict';
import { currentExpiry, dueAfter, keyActions, ruleMatches, tagsOf, uploadAbortDue, type VersionFacts } from './evaluate.js';
import {
  decodeLifecycleConfiguration, encodeLifecycleConfiguration, type LifecycleConfiguration, type LifecycleRule,
} from './lifecycle-config.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 15, 10, 30); // 2026-01-15 10:30 UTC

function rule(partial: Partial<LifecycleRule> & Pick<LifecycleRule, 'scope'>): LifecycleRule {
  return { id: 'r', enabled: true, ...partial };
}

test('dueAfter: start + days, rounded up to the next midnight UTC (or the next multiple of a short day)', () => {
  const cases: Array<[number, number, number, number]> = [
    [T0, 3, DAY, Date.UTC(2026, 0, 19)],
    [Date.UTC(2026, 0, 15), 1, DAY, Date.UTC(2026, 0, 17)], // exactly midnight: still the next one
    [Date.UTC(2026, 0, 15, 23, 59, 59), 1, DAY, Date.UTC(2026, 0, 17)],
    [10_500, 1, 2000, 14_000],
    [10_000, 2, 2000, 16_000],
  ];
  for (const [start, days, dayMs, want] of cases) assert.equal(dueAfter(start, days, dayMs), want, `${start} + ${days}`);
});

test('ruleMatches: prefix, tags, sizes, And, disabled (table)', () => {
  const obj = { key: 'logs/2026/a.txt', size: 1000, tags: { env: 'dev', team: 'x' } };
  const cases: Array<[string, LifecycleRule, boolean]> = [
    ['legacy prefix', rule({ scope: { kind: 'prefix', prefix: 'logs/' } }), true],
    ['legacy prefix other', rule({ scope: { kind: 'prefix', prefix: 'img/' } }), false],
    ['empty filter', rule({ scope: { kind: 'filter', filter: { kind: 'all' } } }), true],
    ['filter prefix', rule({ scope: { kind: 'filter', filter: { kind: 'prefix', prefix: 'logs/2026' } } }), true],
    ['tag match', rule({ scope: { kind: 'filter', filter: { kind: 'tag', tag: { key: 'env', value: 'dev' } } } }), true],
    ['tag other value', rule({ scope: { kind: 'filter', filter: { kind: 'tag', tag: { key: 'env', value: 'prod' } } } }), false],
    ['greater than (strict)', rule({ scope: { kind: 'filter', filter: { kind: 'greaterThan', size: 1000 } } }), false],
    ['greater than', rule({ scope: { kind: 'filter', filter: { kind: 'greaterThan', size: 999 } } }), true],
    ['less than (strict)', rule({ scope: { kind: 'filter', filter: { kind: 'lessThan', size: 1000 } } }), false],
    ['less than', rule({ scope: { kind: 'filter', filter: { kind: 'lessThan', size: 1001 } } }), true],
    ['and all hold', rule({ scope: { kind: 'filter', filter: { kind: 'and', prefix: 'logs/', tags: [{ key: 'env', value: 'dev' }, { key: 'team', value: 'x' }], greaterThan: 10, lessThan: 5000 } } }), true],
    ['and one tag missing', rule({ scope: { kind: 'filter', filter: { kind: 'and', tags: [{ key: 'env', value: 'dev' }, { key: 'owner', value: 'y' }] } } }), false],
    ['and size out', rule({ scope: { kind: 'filter', filter: { kind: 'and', prefix: 'logs/', tags: [], lessThan: 500 } } }), false],
    ['disabled', rule({ enabled: false, scope: { kind: 'filter', filter: { kind: 'all' } } }), false],
  ];
  for (const [name, r, want] of cases) assert.equal(ruleMatches(r, obj), want, name);
});

test('currentExpiry: earliest of the matching Days/Date rules, with its rule id', () => {
  const config: LifecycleConfiguration = {
    rules: [
      rule({ id: 'ten', scope: { kind: 'prefix', prefix: '' }, expiration: { kind: 'days', days: 10 } }),
      rule({ id: 'two', scope: { kind: 'filter', filter: { kind: 'prefix', prefix: 'tmp/' } }, expiration: { kind: 'days', days: 2 } }),
      rule({ id: 'date', scope: { kind: 'filter', filter: { kind: 'prefix', prefix: 'old/' } }, expiration: { kind: 'date', date: Date.UTC(2026, 0, 16) } }),
      rule({ id: 'marker', scope: { kind: 'filter', filter: { kind: 'all' } }, expiration: { kind: 'deleteMarker', enabled: true } }),
      rule({ id: 'off', enabled: false, scope: { kind: 'filter', filter: { kind: 'all' } }, expiration: { kind: 'days', days: 1 } }),
    ],
  };
  const at = (key: string) => currentExpiry(config, { key, size: 1, tags: {}, mtime: T0 }, DAY);
  assert.deepEqual(at('a'), { at: Date.UTC(2026, 0, 26), ruleId: 'ten' });
  assert.deepEqual(at('tmp/a'), { at: Date.UTC(2026, 0, 18), ruleId: 'two' });
  assert.deepEqual(at('old/a'), { at: Date.UTC(2026, 0, 16), ruleId: 'date' });
  assert.equal(currentExpiry({ rules: [config.rules[3]!] }, { key: 'a', size: 1, tags: {}, mtime: T0 }, DAY), undefined);
});

function v(versionId: string, mtime: number, opts: Partial<VersionFacts> = {}): VersionFacts {
  return { key: 'k', size: 10, tags: {}, versionId, isDeleteMarker: false, mtime, etag: `e-${versionId}`, ...opts };
}

test('keyActions: current, noncurrent (from the successor\'s mtime, NewerNoncurrentVersions kept), delete markers (table)', () => {
  const all = { kind: 'filter', filter: { kind: 'all' } } as const;
  const expire2: LifecycleConfiguration = { rules: [rule({ id: 'x', scope: all, expiration: { kind: 'days', days: 2 } })] };
  const noncurrent1: LifecycleConfiguration = { rules: [rule({ id: 'n', scope: all, noncurrent: { days: 1 } })] };
  const keep2: LifecycleConfiguration = { rules: [rule({ id: 'n2', scope: all, noncurrent: { days: 1, newer: 2 } })] };
  const eodm: LifecycleConfiguration = { rules: [rule({ id: 'm', scope: all, expiration: { kind: 'deleteMarker', enabled: true } })] };
  const d = (n: number): number => Date.UTC(2026, 0, n, 12);
  const cases: Array<[string, LifecycleConfiguration, VersionFacts[], number, string[]]> = [
    ['current not yet due', expire2, [v('a', d(1))], d(3), []],
    ['current due', expire2, [v('a', d(1))], Date.UTC(2026, 0, 4), ['expireCurrent:a:x']],
    ['noncurrent counts from the successor', noncurrent1, [v('c', d(10)), v('b', d(2)), v('a', d(1))], Date.UTC(2026, 0, 4),
      ['expireNoncurrent:a:n']],
    ['noncurrent all due', noncurrent1, [v('c', d(10)), v('b', d(2)), v('a', d(1))], Date.UTC(2026, 0, 12), ['expireNoncurrent:b:n', 'expireNoncurrent:a:n']],
    ['newest two noncurrent kept', keep2, [v('d', d(4)), v('c', d(3)), v('b', d(2)), v('a', d(1))], d(20), ['expireNoncurrent:a:n2']],
    ['lone delete marker removed', eodm, [v('m', d(1), { isDeleteMarker: true, size: 0 })], d(1), ['removeDeleteMarker:m:m']],
    ['marker with versions behind it stays', eodm, [v('m', d(2), { isDeleteMarker: true }), v('a', d(1))], d(30), []],
    ['marker and Days: cleared once due', expire2, [v('m', d(1), { isDeleteMarker: true, size: 0 })], Date.UTC(2026, 0, 4), ['removeDeleteMarker:m:x']],
    ['tag filter on a version without the tag', { rules: [rule({ id: 't', scope: { kind: 'filter', filter: { kind: 'tag', tag: { key: 'a', value: 'b' } } }, expiration: { kind: 'days', days: 1 } })] },
      [v('a', d(1))], d(30), []],
  ];
  for (const [name, config, versions, now, want] of cases) {
    const got = keyActions(config, versions, { now, dayMs: DAY }).map((a) => `${a.kind}:${a.versionId}:${a.ruleId}`);
    assert.deepEqual(got, want, name);
  }
});

test('uploadAbortDue: by prefix and initiation time; rules without the action or disabled never abort', () => {
  const config: LifecycleConfiguration = {
    rules: [
      rule({ id: 'off', enabled: false, scope: { kind: 'prefix', prefix: '' }, abortUploadDays: 1 }),
      rule({ id: 'up', scope: { kind: 'filter', filter: { kind: 'prefix', prefix: 'big/' } }, abortUploadDays: 1 }),
    ],
  };
  assert.equal(uploadAbortDue(config, { key: 'big/x', initiated: T0 }, { now: Date.UTC(2026, 0, 17), dayMs: DAY }), 'up');
  assert.equal(uploadAbortDue(config, { key: 'big/x', initiated: T0 }, { now: Date.UTC(2026, 0, 16, 23), dayMs: DAY }), undefined);
  assert.equal(uploadAbortDue(config, { key: 'small/x', initiated: T0 }, { now: Date.UTC(2027, 0, 1), dayMs: DAY }), undefined);
});

test('tagsOf reads the stored x-amz-tagging form', () => {
  assert.deepEqual(tagsOf('a=1&b%20c=d%26e'), { a: '1', 'b c': 'd&e' });
  assert.deepEqual(tagsOf(undefined), {});
});

test('the stored document round-trips every rule form; garbage is refused', () => {
  const config: LifecycleConfiguration = {
    rules: [
      rule({ id: 'a', scope: { kind: 'prefix', prefix: 'p/' }, expiration: { kind: 'days', days: 3 } }),
      rule({ id: 'b', enabled: false, scope: { kind: 'filter', filter: { kind: 'and', prefix: 'q', tags: [{ key: 'k', value: 'v' }], greaterThan: 1, lessThan: 9 } }, noncurrent: { days: 2, newer: 3 } }),
      rule({ id: 'c', scope: { kind: 'filter', filter: { kind: 'tag', tag: { key: 'k', value: '' } } }, expiration: { kind: 'date', date: Date.UTC(2030, 0, 1) } }),
      rule({ id: 'd', scope: { kind: 'filter', filter: { kind: 'all' } }, expiration: { kind: 'deleteMarker', enabled: true }, abortUploadDays: 7 }),
      rule({ id: 'e', scope: { kind: 'filter', filter: { kind: 'lessThan', size: 5 } }, expiration: { kind: 'days', days: 1 } }),
    ],
  };
  assert.deepEqual(decodeLifecycleConfiguration(encodeLifecycleConfiguration(config)), config);
  assert.throws(() => decodeLifecycleConfiguration(Buffer.from('<LifecycleConfiguration/>')), /corrupt lifecycle/);
  assert.throws(() => decodeLifecycleConfiguration(Buffer.from('{"format":2,"rules":[]}')), /unknown format/);
  assert.throws(() => decodeLifecycleConfiguration(Buffer.from('{"format":1,"rules":[{"id":"x","enabled":true,"scope":{"kind":"nope"}}]}')), /scope kind/);
});
