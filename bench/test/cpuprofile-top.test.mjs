import { test } from 'node:test';
import assert from 'node:assert/strict';
import { topSelfTime } from '../lib/cpuprofile-top.mjs';

test('self time per function and file from samples and time deltas, idle left out', () => {
  const profile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
      { id: 2, callFrame: { functionName: 'putObject', url: 'file:///repo/dist/src/object/put.js', lineNumber: 9 } },
      { id: 3, callFrame: { functionName: 'md5', url: 'file:///repo/node_modules/x/md5.js', lineNumber: 0 } },
      { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    ],
    samples: [2, 3, 3, 3, 1, 4, 4],
    timeDeltas: [1000, 1000, 1000, 1000, 0, 5000, 5000],
  };
  const t = topSelfTime([profile], { repoDir: '/repo' });
  assert.equal(t.total_ms, 4);
  assert.deepEqual(t.top[0], { name: 'md5 node_modules/x/md5.js:1', pct: 75, ms: 3 });
  assert.deepEqual(t.top[1], { name: 'putObject dist/src/object/put.js:10', pct: 25, ms: 1 });
  assert.equal(t.files[0].file, 'node_modules/x/md5.js');
});
