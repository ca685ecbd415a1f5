import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

test('dataCache: CAIRN_DATA_CACHE auto (default) | keep | drop, any case; anything else refused', () => {
  assert.equal(loadConfig([], {}).config.dataCache, 'auto');
  assert.equal(loadConfig([], { CAIRN_DATA_CACHE: 'keep' }).config.dataCache, 'keep');
  assert.equal(loadConfig([], { CAIRN_DATA_CACHE: ' DROP ' }).config.dataCache, 'drop');
  assert.equal(loadConfig([], { CAIRN_DATA_CACHE: '' }).config.dataCache, 'auto', 'empty: unset');
  for (const bad of ['none', 'true', 'o_direct']) {
    assert.throws(() => loadConfig([], { CAIRN_DATA_CACHE: bad }), (e: unknown) => e instanceof ConfigError && /CAIRN_DATA_CACHE/.test(e.message), bad);
  }
});

test('directWrites: CAIRN_DIRECT_WRITES on (default) | off; anything else refused', () => {
  assert.equal(loadConfig([], {}).config.directWrites, true);
  assert.equal(loadConfig([], { CAIRN_DIRECT_WRITES: 'off' }).config.directWrites, false);
  assert.equal(loadConfig([], { CAIRN_DIRECT_WRITES: ' ON ' }).config.directWrites, true);
  for (const bad of ['direct', 'yes please']) {
    assert.throws(() => loadConfig([], { CAIRN_DIRECT_WRITES: bad }), (e: unknown) => e instanceof ConfigError && /CAIRN_DIRECT_WRITES/.test(e.message), bad);
  }
});
