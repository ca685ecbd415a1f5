/**
 * The streaming multipart/form-data reader (RFC 7578): every split of the body into chunks
 * gives the same form, hostile inputs get AWS's errors, and a 1 GiB file streams through in
 * bounded memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { isS3Error } from '../../errors/s3-error.js';
import { dispositionParams, formBoundary, readMultipartForm } from './multipart-form.js';

const BOUNDARY = 'XyZ--boundary';
const LIMIT = { boundary: BOUNDARY, maxPreDataBytes: 20 * 1024 };
const code = (want: string) => (e: unknown) => isS3Error(e) && e.code === want;

function form(fields: Array<[string, string]>, file?: string): Buffer {
  let s = 'preamble to ignore\r\n';
  for (const [n, v] of fields) s += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${n}"\r\n\r\n${v}\r\n`;
  if (file !== undefined) s += `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a \\"b\\".txt"\r\nContent-Type: text/plain\r\n\r\n${file}\r\n`;
  return Buffer.from(`${s}--${BOUNDARY}\r\nContent-Disposition: form-data; name="after"\r\n\r\nignored\r\n--${BOUNDARY}--\r\n`);
}

function chunked(buf: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false });
}

test('every chunk size (1 byte to whole) reads the same fields and file, boundaries split anywhere', async () => {
  const file = `line1\r\n--${BOUNDARY.slice(0, 5)} not a delimiter\r\n-\r\nend`;
  const body = form([['key', 'uploads/${filename}'], ['Content-Type', 'text/plain'], ['empty', '']], file);
  for (const size of [1, 2, 3, 7, 16, 17, 64, body.length]) {
    const f = await readMultipartForm(chunked(body, size), LIMIT);
    assert.deepEqual(f.fields, [{ name: 'key', value: 'uploads/${filename}' }, { name: 'content-type', value: 'text/plain' }, { name: 'empty', value: '' }], `size ${size}`);
    assert.equal(f.file.filename, 'a "b".txt');
    assert.equal(f.file.contentType, 'text/plain');
    assert.equal((await buffer(f.file.stream)).toString(), file, `size ${size}`);
  }
});

test('an empty file and a file that is all CR/LF and dashes', async () => {
  for (const file of ['', '\r\n', '--\r\n--', `\r\n-${'-'.repeat(BOUNDARY.length)}`]) {
    const f = await readMultipartForm(chunked(form([['key', 'k']], file), 3), LIMIT);
    assert.equal((await buffer(f.file.stream)).toString(), file, JSON.stringify(file));
  }
});

test('hostile inputs: no boundary, no file, truncated body, junk, too many bytes before the file', async () => {
  await assert.rejects(readMultipartForm(chunked(Buffer.from('no delimiter at all'), 4), LIMIT), code('MalformedPOSTRequest'));
  await assert.rejects(readMultipartForm(chunked(form([['key', 'k']]), 5), LIMIT), code('IncorrectNumberOfFilesInPostRequest'));
  await assert.rejects(readMultipartForm(chunked(form([['key', 'k']]).subarray(0, 60), 5), LIMIT), code('MalformedPOSTRequest'));
  await assert.rejects(readMultipartForm(chunked(Buffer.from(`--${BOUNDARY}junk\r\n`), 5), LIMIT), code('MalformedPOSTRequest'));
  await assert.rejects(readMultipartForm(chunked(Buffer.from(`--${BOUNDARY}\r\nno colon here\r\n\r\nv\r\n--${BOUNDARY}--`), 5), LIMIT), code('MalformedPOSTRequest'));
  await assert.rejects(readMultipartForm(chunked(Buffer.from(`--${BOUNDARY}\r\nContent-Type: x\r\n\r\nv\r\n--${BOUNDARY}--`), 5), LIMIT), code('MalformedPOSTRequest'));
  // A field over the limit, headers that never end, a preamble that never ends: all stop at the limit.
  await assert.rejects(readMultipartForm(chunked(form([['key', 'k'], ['big', 'x'.repeat(21 * 1024)]], 'f'), 1000), LIMIT), code('MaxPostPreDataLengthExceededError'));
  await assert.rejects(readMultipartForm(chunked(Buffer.from(`--${BOUNDARY}\r\nX-H: ${'h'.repeat(30 * 1024)}`), 1000), LIMIT), code('MaxPostPreDataLengthExceededError'));
  await assert.rejects(readMultipartForm(chunked(Buffer.alloc(30 * 1024, 0x61), 1000), LIMIT), code('MaxPostPreDataLengthExceededError'));
});

test('a file cut before its delimiter fails its stream with MalformedPOSTRequest', async () => {
  const body = form([['key', 'k']], 'content');
  const cut = body.subarray(0, body.indexOf('content') + 4);
  const f = await readMultipartForm(chunked(cut, 3), LIMIT);
  await assert.rejects(buffer(f.file.stream), code('MalformedPOSTRequest'));
});

test('formBoundary: multipart/form-data only (412 PreconditionFailed otherwise), quoted or bare boundary', () => {
  assert.equal(formBoundary('multipart/form-data; boundary=abc'), 'abc');
  assert.equal(formBoundary('Multipart/Form-Data; charset=utf-8; boundary="a b:c"'), 'a b:c');
  assert.throws(() => formBoundary('application/x-www-form-urlencoded'), code('PreconditionFailed'));
  assert.throws(() => formBoundary(undefined), code('PreconditionFailed'));
  assert.throws(() => formBoundary('multipart/form-data'), code('MalformedPOSTRequest'));
  assert.throws(() => formBoundary(`multipart/form-data; boundary=${'b'.repeat(71)}`), code('MalformedPOSTRequest'));
});

test('dispositionParams: quoted with escapes, bare, case-insensitive names', () => {
  const p = dispositionParams('form-data; NAME="x-amz-meta-a"; filename=plain.txt');
  assert.equal(p.get('name'), 'x-amz-meta-a');
  assert.equal(p.get('filename'), 'plain.txt');
});

test('a 1 GiB file streams through with bounded memory', async () => {
  const MiB = 1024 * 1024;
  const total = 1024 * MiB;
  const block = Buffer.alloc(MiB, 0x2d); // dashes: the delimiter search sees near-misses everywhere
  const head = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="key"\r\n\r\nk\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="big"\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  async function* body(): AsyncGenerator<Buffer> {
    yield head;
    for (let sent = 0; sent < total; sent += 64 * 1024) yield block.subarray(0, 64 * 1024);
    yield tail;
  }
  const base = process.memoryUsage();
  let peak = 0;
  const f = await readMultipartForm(Readable.from(body(), { objectMode: false }), LIMIT);
  let bytes = 0;
  for await (const chunk of f.file.stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if ((bytes & (64 * MiB - 1)) < chunk.length) {
      const m = process.memoryUsage();
      peak = Math.max(peak, m.rss - base.rss);
    }
  }
  assert.equal(bytes, total);
  assert.ok(peak < 256 * MiB, `rss grew by ${Math.round(peak / MiB)} MiB while streaming 1 GiB`);
});
