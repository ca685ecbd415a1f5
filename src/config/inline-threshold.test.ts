import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_INLINE_THRESHOLD } from '../object/index.js';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

test('inlineThreshold: default is the object layer default; flag > env; bytes or KiB/MiB, 0..1MiB', () => {
  assert.equal(loadConfig([], {}).config.inlineThreshold, DEFAULT_INLINE_THRESHOLD);
  assert.equal(loadConfig([], { CAIRN_INLINE_THRESHOLD: '16384' }).config.inlineThreshold, 16_384);
  assert.equal(loadConfig(['--inline-threshold', '32KiB'], { CAIRN_INLINE_THRESHOLD: '16384' }).config.inlineThreshold, 32_768);
  assert.equal(loadConfig(['--inline-threshold', '1MiB'], {}).config.inlineThreshold, 1_048_576);
  assert.equal(loadConfig(['--inline-threshold', '0'], {}).config.inlineThreshold, 0);
  for (const bad of ['-1', '2MiB', '1048577', '64k', 'lots', '']) {
    assert.throws(() => loadConfig(['--inline-threshold', bad], {}), (e: unknown) => e instanceof ConfigError && /inline-threshold/.test(e.message), bad);
  }
});
