import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { ConfigError } from './config-error.js';
import { loadConfig, settingsHelp } from './load-config.js';

test('hashThreads: default cores - 1 within 1..4; flag > env; 0..16 only', () => {
  assert.equal(loadConfig([], {}).config.hashThreads, Math.max(1, Math.min(4, availableParallelism() - 1)));
  assert.equal(loadConfig([], { CAIRN_HASH_THREADS: '0' }).config.hashThreads, 0);
  assert.equal(loadConfig(['--hash-threads', '16'], { CAIRN_HASH_THREADS: '2' }).config.hashThreads, 16);
  for (const raw of ['17', '-1', '1.5', 'two', '', ' ', '100']) {
    assert.throws(() => loadConfig(['--hash-threads', raw], {}), (e: unknown) => e instanceof ConfigError && /0\.\.16/.test(e.message), raw);
  }
  assert.throws(() => loadConfig([], { CAIRN_HASH_THREADS: 'x' }), (e: unknown) => e instanceof ConfigError && /CAIRN_HASH_THREADS/.test(e.message));
  assert.match(settingsHelp(), /--hash-threads N/);
});
