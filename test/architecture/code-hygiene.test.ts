/**
 * Code hygiene over src/ and test/ (code-hygiene.ts): no `any`, no focused or silently skipped
 * tests, no file over the size cap. The first test pins each check on made-up text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';
import { listTsFiles } from './import-scan.js';
import { checkHygiene, MAX_FILE_LINES } from './code-hygiene.js';
import { formatViolation } from './layering-rules.js';

const rules = (file: string, text: string): string[] => checkHygiene(file, text).map((v) => v.rule);

test('hygiene checks: each kind of finding is reported, and only those', () => {
  assert.deepEqual(rules('src/a.ts', 'const x = y as any;'), ['any-type']);
  assert.deepEqual(rules('src/a.ts', 'function f(a: any[]): void {}'), ['any-type']);
  assert.deepEqual(rules('src/a.ts', 'const m = new Map<string, any>();'), ['any-type']);
  assert.deepEqual(rules('src/a.ts', "const s = 'as any'; // : any\nconst u: unknown = 1;"), []);
  assert.deepEqual(rules('test/a.test.ts', "test.only('x', () => {});"), ['focused-test']);
  assert.deepEqual(rules('test/a.test.ts', "describe('x', { only: true }, () => {});"), ['focused-test']);
  assert.deepEqual(rules('test/a.test.ts', "it.skip('x', () => {});"), ['silent-skip']);
  assert.deepEqual(rules('test/a.test.ts', "test.todo('x');"), ['silent-skip']);
  assert.deepEqual(rules('test/a.test.ts', "test('x', { skip: true }, () => {});"), ['silent-skip']);
  assert.deepEqual(rules('test/a.test.ts', "test('x', { skip: '' }, () => {});"), ['silent-skip']);
  assert.deepEqual(rules('test/a.test.ts', "test('x', { skip: 'aws cli not installed' }, () => {});"), []);
  assert.deepEqual(rules('test/a.test.ts', "test('x', { skip: hasCli ? false : 'no cli' }, () => {});"), []);
  assert.deepEqual(rules('test/a.test.ts', "test('x', () => { assert.ok(/a/.test('a')); });"), []);
  assert.deepEqual(rules('src/a.ts', 'x;\n'.repeat(MAX_FILE_LINES)), []);
  assert.deepEqual(rules('src/a.ts', 'x;\n'.repeat(MAX_FILE_LINES + 1)), ['file-size']);
});

test('src/ and test/ pass the hygiene checks', () => {
  const root = repoRoot();
  const files = [...listTsFiles(root, 'src'), ...listTsFiles(root, 'test')];
  assert.ok(files.length > 200, `expected src and test, found ${files.length} files`);
  const found = files.flatMap((f) => checkHygiene(f, readFileSync(join(root, f), 'utf8')));
  assert.deepEqual(found.map(formatViolation), []);
});
