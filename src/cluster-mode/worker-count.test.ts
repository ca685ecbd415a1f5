import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_WORKERS, resolveWorkerCount } from './worker-count.js';
import { parseWorkers } from '../config/parsers.js';
import { ConfigError } from '../config/index.js';

test('auto is one worker per core', () => {
  assert.equal(resolveWorkerCount('auto', 2), 2);
  assert.equal(resolveWorkerCount('auto', 16), 16);
  assert.equal(resolveWorkerCount('auto', 0), 1);
});

test('a count is taken as given, within bounds', () => {
  assert.equal(resolveWorkerCount(1, 8), 1);
  assert.equal(resolveWorkerCount(3, 2), 3);
  assert.equal(resolveWorkerCount(100_000, 2), MAX_WORKERS);
});

test('--workers parses counts and auto, refuses anything else with a ConfigError', () => {
  assert.equal(parseWorkers('4', '--workers'), 4);
  assert.equal(parseWorkers(' AUTO ', '--workers'), 'auto');
  for (const bad of ['0', '-1', '1.5', 'two', '', '257', '1e3']) {
    assert.throws(() => parseWorkers(bad, '--workers'), ConfigError, bad);
  }
});
