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
/**
 * The focus and skip modifiers the fixtures below are made of, joined at run time: this file
 * holds no focused or skipped test call itself, so a scan of the sources for them finds none here.
 */
const ONLY = ['on', 'ly'].join('');
const SKIP = ['sk', 'ip'].join('');
const TODO = ['to', 'do'].join('');

test('hygiene checks: each kind of finding is reported, and only those', () => {
  assert.deepEqual(rules('src/a.ts', 'const x = y as any;'), ['any-type']);
  assert.deepEqual(rules('src/a.ts', 'function f(a: any[]): void {}'), ['any-type']);
  assert.deepEqual(rules('src/a.ts', 'const m = new Map<string, any>();'), ['any-type']);
  assert.deepEqual(rules('src/a.ts', "const s = 'as any'; // : any\nconst u: unknown = 1;"), []);
  assert.deepEqual(rules('test/a.test.ts', `test.${ONLY}('x', () => {});`), ['focused-test']);
  assert.deepEqual(rules('test/a.test.ts', `describe('x', { ${ONLY}: true }, () => {});`), ['focused-test']);
  assert.deepEqual(rules('test/a.test.ts', `it.${SKIP}('x', () => {});`), ['silent-skip']);
  assert.deepEqual(rules('test/a.test.ts', `test.${TODO}('x');`), ['silent-skip']);
  assert.deepEqual(rules('test/a.test.ts', `test('x', { ${SKIP}: true }, () => {});`), ['silent-skip']);
  assert.deepEqual(rules('test/a.test.ts', `test('x', { ${SKIP}: '' }, () => {});`), ['silent-skip']);
  assert.deepEqual(rules('test/a.test.ts', `test('x', { ${SKIP}: 'aws cli not installed' }, () => {});`), []);
  assert.deepEqual(rules('test/a.test.ts', `test('x', { ${SKIP}: hasCli ? false : 'no cli' }, () => {});`), []);
  assert.deepEqual(rules('test/a.test.ts', "test('x', () => { assert.ok(/a/.test('a')); });"), []);
  assert.deepEqual(rules('src/a.ts', 'x;\n'.repeat(MAX_FILE_LINES)), []);
  assert.deepEqual(rules('src/a.ts', 'x;\n'.repeat(MAX_FILE_LINES + 1)), ['file-size']);
  assert.deepEqual(rules('src/a.ts', 'const r = { a: 1, get body() { return b; } };'), ['literal-accessor']);
  assert.deepEqual(rules('src/a.ts', 'f({ set x(v: number) { y = v; } });'), ['literal-accessor']);
  assert.deepEqual(rules('src/a.ts', 'class R { get body(): number { return 1; } }'), []);
  assert.deepEqual(rules('test/a.test.ts', 'const r = { get body() { return b; } };'), []);
});

test('contract checks: duck-typed stream properties and callbacks typed from the ObjectLayer are reported', () => {
  // duck-typed-stream (src/ only): a property attached to a stream, or probed for on one.
  const releasable = "function f(s: Readable, pool: Pool) { return Object.assign(s, { releaseChunk: pool.release }); }";
  assert.deepEqual(rules('src/object/get-object.ts', releasable), ['duck-typed-stream']);
  assert.deepEqual(rules('src/a.ts', 'const b = Object.assign(Readable.from([]), { tag: 1 });'), ['duck-typed-stream']);
  assert.deepEqual(rules('src/a.ts', 'const s = set.readShards(o); Object.assign(s, { x: 1 });'), ['duck-typed-stream']);
  assert.deepEqual(rules('src/a.ts', 'Object.assign(body, { x: 1 });'), ['duck-typed-stream']);
  assert.deepEqual(rules('src/a.ts', 'Object.assign(out.body as Readable, { x: 1 });'), ['duck-typed-stream']);
  assert.deepEqual(rules('src/a.ts', 'const r = (body as Readable & { releaseChunk?: unknown }).releaseChunk;'), ['duck-typed-stream']);
  assert.deepEqual(rules('src/a.ts', 'const r = (x as Readable & { releaseChunk?: Release }).releaseChunk;'), ['duck-typed-stream']);
  assert.deepEqual(rules('src/a.ts', 'interface P { releaseChunk?: unknown }'), ['duck-typed-stream']);
  assert.deepEqual(rules('src/a.ts', "throw Object.assign(new Error('x'), { code: 'EIO' });"), []);
  assert.deepEqual(rules('src/a.ts', 'Object.assign(headers, await extraHeaders());'), []);
  assert.deepEqual(rules('src/a.ts', 'readonly releaseChunk?: (chunk: Buffer) => void;'), []);
  assert.deepEqual(rules('test/a.test.ts', 'Object.assign(body, { x: 1 });'), []);
  // layer-callback: object/ never hands itself an ObjectLayer method as a callback.
  assert.deepEqual(rules('src/object/multipart/a.ts', 'export type GetObjectFn = (b: string) => Promise<R>;'), ['layer-callback']);
  assert.deepEqual(rules('src/object/a.ts', "type P = Parameters<ObjectLayer['copyObjectPart']>[0];"), ['layer-callback']);
  assert.deepEqual(rules('src/object/multipart/a.ts', "import type { ObjectLayer } from '../object-layer.js';"), ['layer-callback']);
  assert.deepEqual(rules('src/object/object-layer.ts', "type P = ObjectLayer['getObject'];"), []);
  assert.deepEqual(rules('src/object/erasure-object-layer.ts', 'class E implements ObjectLayer {}'), []);
  assert.deepEqual(rules('src/s3/handlers/a.ts', "type P = ObjectLayer['getObject'];"), []);
});

test('src/ and test/ pass the hygiene checks', () => {
  const root = repoRoot();
  const files = [...listTsFiles(root, 'src'), ...listTsFiles(root, 'test')];
  assert.ok(files.length > 200, `expected src and test, found ${files.length} files`);
  const found = files.flatMap((f) => checkHygiene(f, readFileSync(join(root, f), 'utf8')));
  assert.deepEqual(found.map(formatViolation), []);
});
