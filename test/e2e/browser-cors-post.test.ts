/**
 * Real headless Chromium (Debian `chromium`, driven by playwright-core; no browser download):
 * a page served by a tiny loopback server on another origin uploads a file to Cairn with a
 * SigV4 POST policy through fetch + FormData, reads the ETag (exposed by the CORS rule) and the
 * object back through CORS (a presigned GET with a custom header, so the browser sends a
 * preflight first). The same page served from a disallowed origin is refused by the browser.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { startServer, type CairnServer } from '../helpers/server.js';
import { signedRequest } from '../helpers/signed-request.js';
import { presignPath } from '../helpers/sigv4-signer.js';
import { sigV4Fields } from '../helpers/post-form.js';

const CHROMIUM = '/usr/bin/chromium';
const BUCKET = 'browser-uploads';
const CONTENT = 'hello from headless chromium';

let s3: CairnServer;
let pages: Server;
let pagePort: number;
let browser: Browser;

before(async () => {
  s3 = await startServer();
  pages = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><html><body>cairn browser test page</body></html>');
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  pagePort = (pages.address() as AddressInfo).port;
  assert.equal((await signedRequest(s3, { method: 'PUT', path: `/${BUCKET}` })).status, 200);
  const cors = '<CORSConfiguration><CORSRule>'
    + `<AllowedOrigin>http://127.0.0.1:${pagePort}</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>POST</AllowedMethod>`
    + '<AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>60</MaxAgeSeconds></CORSRule></CORSConfiguration>';
  const put = await signedRequest(s3, { method: 'PUT', path: `/${BUCKET}?cors`, body: cors, headers: { 'content-md5': createHash('md5').update(cors).digest('base64') } });
  assert.equal(put.status, 200, put.text);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: isRoot ? ['--no-sandbox'] : [] });
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => { if (pages) pages.close(() => resolve()); else resolve(); });
  await s3?.stop();
});

interface PageRun {
  readonly url: string;
  readonly fields: ReadonlyArray<readonly [string, string]>;
  readonly content: string;
  readonly getUrl: string;
}

interface PageOutcome {
  readonly postStatus: number | string;
  readonly postBody: string;
  readonly etag: string | null;
  readonly getStatus: number | string;
  readonly getBody: string;
}

/** Runs in the page: POST the form, then GET the object with a header that needs a preflight. */
async function uploadAndReadBack(origin: string, run: PageRun): Promise<PageOutcome> {
  const page = await browser.newPage();
  try {
    await page.goto(`${origin}/`);
    return await page.evaluate(async (r: PageRun) => {
      const out = { postStatus: 0 as number | string, postBody: '', etag: null as string | null, getStatus: 0 as number | string, getBody: '' };
      const form = new FormData();
      for (const [n, v] of r.fields) form.append(n, v);
      form.append('file', new Blob([r.content], { type: 'text/plain' }), 'hello.txt');
      try {
        const up = await fetch(r.url, { method: 'POST', body: form });
        out.postStatus = up.status;
        out.postBody = await up.text();
        out.etag = up.headers.get('etag');
      } catch (err) {
        out.postStatus = `refused: ${String(err)}`;
      }
      try {
        const got = await fetch(r.getUrl, { headers: { 'x-requested-with': 'cairn-test' } });
        out.getStatus = got.status;
        out.getBody = await got.text();
      } catch (err) {
        out.getStatus = `refused: ${String(err)}`;
      }
      return out;
    }, run);
  } finally {
    await page.close();
  }
}

function formFor(key: string): PageRun {
  const fields: Array<readonly [string, string]> = [
    ['key', `${key}/\${filename}`], ['success_action_status', '201'],
    ...sigV4Fields(s3, { conditions: [{ bucket: BUCKET }, ['starts-with', '$key', `${key}/`], { success_action_status: '201' }, ['content-length-range', 1, 1024 * 1024]] }),
  ];
  const getUrl = s3.endpoint + presignPath({ method: 'GET', path: `/${BUCKET}/${key}/hello.txt`, host: `127.0.0.1:${s3.port}`, expiresSeconds: 300 },
    { accessKey: s3.accessKey, secretKey: s3.secretKey, region: s3.region });
  return { url: `${s3.endpoint}/${BUCKET}`, fields, content: CONTENT, getUrl };
}

describe('headless Chromium: POST policy upload and CORS', () => {
  it('a page on an allowed origin uploads with FormData and reads the object back through CORS', async () => {
    const r = await uploadAndReadBack(`http://127.0.0.1:${pagePort}`, formFor('allowed'));
    assert.equal(r.postStatus, 201, r.postBody);
    assert.match(r.postBody, /<Key>allowed\/hello\.txt<\/Key>/);
    assert.equal(r.etag, `"${createHash('md5').update(CONTENT).digest('hex')}"`, 'ETag exposed by the rule');
    assert.equal(r.getStatus, 200, r.getBody);
    assert.equal(r.getBody, CONTENT);
  });

  it('the same page on a disallowed origin is refused by the browser', async () => {
    const r = await uploadAndReadBack(`http://localhost:${pagePort}`, formFor('refused'));
    assert.match(String(r.postStatus), /^refused: TypeError/, 'the POST answer carries no CORS header for this origin');
    assert.match(String(r.getStatus), /^refused: TypeError/, 'the preflight of the GET is refused');
  });
});
