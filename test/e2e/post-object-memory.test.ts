/**
 * A 1 GiB browser POST upload (multipart/form-data, SigV4 policy) streamed to a real server
 * process: the file part goes to the object layer as it arrives, so the server's peak resident
 * set (VmHWM) stays within its baseline + 160 MiB, and the object reads back whole.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { startServer, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { multipartBody, sigV4Fields } from '../helpers/post-form.js';
import { presignPath } from '../helpers/sigv4-signer.js';

const MiB = 1024 * 1024;
const SIZE = 1024 * MiB;
const BUCKET = 'post-memory';
let s: CairnServer;

before(async () => {
  s = await startServer();
  assert.equal((await signedRequest(s, { method: 'PUT', path: `/${BUCKET}` })).status, 200);
});
after(async () => { await s?.stop(); });

async function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1]);
  assert.ok(Number.isFinite(kb), `no ${field}`);
  return kb * 1024;
}

describe('PostObject memory', () => {
  it('a 1 GiB POST keeps the server within baseline + 160 MiB and stores every byte', async () => {
    // The form with an empty file gives the head (fields + file part headers) and the tail.
    const fields = [['key', 'huge'], ...sigV4Fields(s, { conditions: [{ bucket: BUCKET }, { key: 'huge' }, ['content-length-range', SIZE, SIZE]] })] as const;
    const marker = 'FILE-CONTENT-MARKER';
    const { body: template, contentType } = multipartBody(fields, { filename: 'huge.bin', content: marker });
    const at = template.indexOf(marker);
    const head = template.subarray(0, at);
    const tail = template.subarray(at + marker.length);
    const block = createHash('sha512').update('seed').digest();
    const chunk = Buffer.alloc(MiB);
    for (let i = 0; i < MiB; i += block.length) block.copy(chunk, i);
    const md5 = createHash('md5');
    const baseline = await procStatus(s.pid, 'VmRSS');

    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: s.port, method: 'POST', path: `/${BUCKET}`, agent: false,
        headers: { 'content-type': contentType, 'content-length': head.length + SIZE + tail.length } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      });
      req.on('error', reject);
      const source = Readable.from((function* () {
        yield head;
        for (let sent = 0; sent < SIZE; sent += MiB) { md5.update(chunk); yield chunk; }
        yield tail;
      })(), { objectMode: false });
      pipeline(source, req).catch(reject);
    });
    assert.equal(status, 204);
    const peak = await procStatus(s.pid, 'VmHWM');
    assert.ok(peak - baseline < 160 * MiB, `server peak RSS ${Math.round(peak / MiB)} MiB, baseline ${Math.round(baseline / MiB)} MiB`);

    const url = presignPath({ method: 'GET', path: `/${BUCKET}/huge`, host: `127.0.0.1:${s.port}`, expiresSeconds: 600 },
      { accessKey: s.accessKey, secretKey: s.secretKey, region: s.region });
    const down = createHash('md5');
    let received = 0;
    await new Promise<void>((resolve, reject) => {
      request({ host: '127.0.0.1', port: s.port, path: url, agent: false }, (res) => {
        res.on('data', (c: Buffer) => { received += c.length; down.update(c); });
        res.on('end', () => resolve());
        res.on('error', reject);
      }).on('error', reject).end();
    });
    assert.equal(received, SIZE);
    assert.equal(down.digest('hex'), md5.digest('hex'));
  });
});
