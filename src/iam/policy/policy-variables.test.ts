import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate, resolveTemplate } from './policy-variables.js';

const keys = new Map<string, readonly string[]>([['aws:username', ['al*ce']], ['aws:tagkeys', ['a', 'b']]]);
const resolve = (p: string): string | undefined => resolveTemplate(parseTemplate(p, true), keys)?.text;

test('variables: substitution, defaults, escapes, multi-valued keys, malformed text', () => {
  assert.equal(resolve('home/${aws:username}/*'), 'home/al*ce/*');
  assert.equal(resolve('home/${AWS:UserName}/'), 'home/al*ce/');
  assert.equal(resolve('${aws:userid}'), undefined);
  assert.equal(resolve("${aws:userid, 'none'}"), 'none');
  assert.equal(resolve("${ aws:userid , 'a''b' }"), "a'b");
  assert.equal(resolve('${aws:TagKeys}'), undefined, 'a multi-valued key does not resolve');
  assert.equal(resolve('${*}${?}${$}'), '*?$');
  assert.equal(resolve('${foo'), '${foo');
  assert.equal(resolve('${a b}x'), '${a b}x');
  assert.equal(resolve("${aws:userid, '${aws:username}'}"), '${aws:username}', 'one pass only');
  assert.equal(resolveTemplate(parseTemplate('${aws:username}', false), keys)?.text, '${aws:username}');
});

test('variables: substituted text is literal, the pattern around it keeps its wildcards', () => {
  const g = resolveTemplate(parseTemplate('a/${aws:username}/*', true), keys)!;
  assert.deepEqual([...g.kinds].map(String).join(''), '000000002');
});
