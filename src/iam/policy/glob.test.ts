import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatch, globOf, lowerGlob, matchWith, matcherOf } from './glob.js';
import { mulberry32 } from '../../../test/helpers/seeded-random.js';

test('glob: * spans anything (also nothing and slashes), ? exactly one character', () => {
  const m = (p: string, v: string): boolean => globMatch(globOf(p), v);
  assert.equal(m('a*b', 'ab'), true);
  assert.equal(m('a*b', 'a/x/b'), true);
  assert.equal(m('a?b', 'ab'), false);
  assert.equal(m('a?b', 'axb'), true);
  assert.equal(m('*', ''), true);
  assert.equal(m('', ''), true);
  assert.equal(m('', 'a'), false);
  assert.equal(m('a*a*a*a*b', 'a'.repeat(5000)), false);
  assert.equal(lowerGlob(globOf('S3:Get*')).text, 's3:get*');
});

test('glob: the fast matchers agree with the general loop on random patterns', () => {
  const r = mulberry32(0x61b);
  const alphabet = ['a', 'b', '/', '*', '?', ':'];
  const word = (n: number, chars: readonly string[]): string => Array.from({ length: Math.floor(r() * n) }, () => chars[Math.floor(r() * chars.length)]).join('');
  const modes = new Set<string>();
  for (let i = 0; i < 20000; i++) {
    const g = globOf(word(8, alphabet));
    const m = matcherOf(g);
    modes.add(m.mode);
    const v = word(10, ['a', 'b', '/', ':']);
    assert.equal(matchWith(m, v), globMatch(g, v), `pattern ${g.text} value ${v} (${m.mode})`);
  }
  assert.deepEqual([...modes].sort(), ['any', 'exact', 'glob', 'prefix', 'segments']);
});
