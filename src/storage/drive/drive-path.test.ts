import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { resolveDrivePath, validateDrivePath } from './drive-path.js';

const ROOT = '/srv/d1/.cairn';

/** What resolveDrivePath must equal: validateDrivePath's answer (error message included), joined. */
function reference(path: string): string | { error: string } {
  try {
    return join(ROOT, ...validateDrivePath(path));
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function resolved(path: string): string | { error: string } {
  try {
    return resolveDrivePath(ROOT, path);
  } catch (err) {
    return { error: (err as Error).message };
  }
}

test('resolveDrivePath answers as join(root, ...validateDrivePath(path)), errors included', () => {
  const cases = [
    'b/k/data/part.1', 'b/k/data/', 'x', 'x/', 'tmp/abc', 'a.b/..c/...', '.hidden/x', 'x/.y', 'metadata/x', 'meta', 'meta/x', 'meta/',
    'format.json', 'format.json.tmp', 'format.jso/x', 'x/format.json', '', '/', '/abs', 'a//b', 'a//', '//', 'a/./b', 'a/../b', '..', '.',
    './a', 'a/..', 'a\\b', 'a\u0000b', 'é/ü', '\u{1f600}/x', 'a'.repeat(341), 'a'.repeat(342), 'a'.repeat(1024), 'a'.repeat(1025),
    'é'.repeat(512), 'é'.repeat(513), `${'a/'.repeat(300)}z`,
  ];
  for (const p of cases) assert.deepEqual(resolved(p), reference(p), JSON.stringify(p).slice(0, 60));
  // Random paths over the characters that matter.
  const alphabet = ['a', 'b', '/', '.', '\\', '\u0000', 'é', 'meta', 'format.json', '\u{1f600}'];
  let seed = 7;
  const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
  for (let i = 0; i < 20_000; i++) {
    let p = '';
    const n = rnd(12);
    for (let j = 0; j < n; j++) p += alphabet[rnd(alphabet.length)];
    assert.deepEqual(resolved(p), reference(p), JSON.stringify(p));
  }
});
