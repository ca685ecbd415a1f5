import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from './config-error.js';
import { parseDuration, parseDurationOrOff, parseRate } from './duration.js';

test('durations: units, bare seconds, off, and refusals naming the setting', () => {
  assert.equal(parseDuration('250ms', 'X'), 250);
  assert.equal(parseDuration('90', 'X'), 90_000);
  assert.equal(parseDuration('90s', 'X'), 90_000);
  assert.equal(parseDuration('30m', 'X'), 1_800_000);
  assert.equal(parseDuration('6h', 'X'), 21_600_000);
  assert.equal(parseDuration('30d', 'X'), 2_592_000_000);
  assert.equal(parseDuration(' 1.5h ', 'X'), 5_400_000);
  assert.equal(parseDurationOrOff('off', 'X'), 0);
  assert.equal(parseDurationOrOff('OFF', 'X'), 0);
  assert.equal(parseDurationOrOff('7d', 'X'), 604_800_000);
  for (const bad of ['', '0', '-1s', '5w', 'abc', '1e3s', '99999d']) {
    assert.throws(() => parseDuration(bad, 'CAIRN_SCRUB_INTERVAL'), (e: unknown) => e instanceof ConfigError && /CAIRN_SCRUB_INTERVAL/.test(e.message), bad);
  }
  assert.equal(parseRate('0', 'X'), 0);
  assert.equal(parseRate('64', 'X'), 64);
  assert.throws(() => parseRate('-1', 'CAIRN_SCRUB_RATE'), ConfigError);
  assert.throws(() => parseRate('fast', 'CAIRN_SCRUB_RATE'), ConfigError);
});
