import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { text } from 'node:stream/consumers';
import { HttpAnswerParser } from './http-answer.js';
import { HttpPoster, PipelineError } from './http-post.js';
import { waitFor } from '../../../test/helpers/wait-for.js';

const signal = new AbortController().signal;

/** Feeds `raw` to a parser in pieces of `step` bytes; returns whether it completed and the parser. */
function parse(raw: string, step = raw.length): { done: boolean; p: HttpAnswerParser } {
  const p = new HttpAnswerParser();
  const buf = Buffer.from(raw, 'latin1');
  let done = false;
  for (let i = 0; i < buf.length && !done; i += step) done = p.push(buf.subarray(i, i + step));
  return { done, p };
}

describe('HttpAnswerParser', () => {
  it('reads Content-Length, chunked (with extensions and trailers) and 204 answers, whole or byte by byte', () => {
    for (const step of [1, 3, 1000]) {
      let r = parse('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello', step);
      assert.deepEqual([r.done, r.p.status, r.p.body(), r.p.keepAlive], [true, 200, 'hello', true], `step ${step}`);
      r = parse('HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nX-T: 1\r\n\r\n', step);
      assert.deepEqual([r.done, r.p.status, r.p.body(), r.p.keepAlive], [true, 201, 'abcde', true], `step ${step}`);
      r = parse('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n', step);
      assert.deepEqual([r.done, r.p.status, r.p.body(), r.p.keepAlive], [true, 204, '', false], `step ${step}`);
    }
  });

  it('skips interim 1xx answers; a partial answer is not complete', () => {
    const r = parse('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 Service Unavailable\r\nContent-Length: 2\r\n\r\nno');
    assert.deepEqual([r.done, r.p.status, r.p.body()], [true, 503, 'no']);
    assert.equal(parse('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel').done, false);
    assert.equal(parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n').done, false);
  });

  it('a body without framing ends with the connection; HTTP/1.0 keeps it only on keep-alive', () => {
    const r = parse('HTTP/1.0 200 OK\r\n\r\nsome');
    assert.equal(r.done, false);
    r.p.push(Buffer.from(' more'));
    assert.equal(r.p.end(), true);
    assert.deepEqual([r.p.status, r.p.body(), r.p.keepAlive], [200, 'some more', false]);
    assert.equal(parse('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').p.keepAlive, false);
    assert.equal(parse('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n').p.keepAlive, true);
    assert.equal(parse('HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\n').p.end(), false, 'the end before the declared length is no answer');
  });

  it('hands on the bytes after an answer (the next pipelined answer), whatever the split', () => {
    const two = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 503 Busy\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nno\r\n0\r\n\r\n';
    const first = parse(two).p;
    assert.deepEqual([first.status, first.body(), first.keepAlive], [200, 'ok', true]);
    const second = new HttpAnswerParser();
    assert.equal(second.push(first.leftover()), true);
    assert.deepEqual([second.status, second.body(), second.leftover().length], [503, 'no', 0]);
    assert.equal(parse('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\no').p.leftover().length, 0, 'no leftover before the answer is complete');
  });

  it('refuses what is not an HTTP/1.x answer', () => {
    assert.throws(() => parse('SSH-2.0-OpenSSH\r\n\r\n'), /not an HTTP\/1.x answer/);
    assert.throws(() => parse('HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n'), /bad Content-Length/);
    assert.throws(() => parse('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'), /bad chunk size/);
  });
});

describe('HttpPoster against node:http and raw servers', () => {
  let server: Server;
  let url = '';
  const seen: { method: string; url: string; headers: Record<string, unknown>; body: string; socket: Socket }[] = [];
  before(async () => {
    server = createHttpServer((req, res) => {
      void text(req).then((body) => {
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, socket: req.socket });
        if (req.url === '/chunked') { res.writeHead(200, { 'content-type': 'application/json' }); res.write('{"a":'); res.end('1}'); return; }
        if (req.url === '/close') { res.writeHead(500, { connection: 'close', 'content-length': 4 }); res.end('oops'); return; }
        res.writeHead(200, { 'content-length': 2 });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => { server.closeAllConnections(); await new Promise((r) => server.close(r)); });

  it('sends the request node:http would (method, path and query, Host, headers, length of a UTF-8 body) over one kept connection', async () => {
    seen.length = 0;
    const p = new HttpPoster(`${url}/audit?x=1`, { Authorization: 'Bearer t0k' });
    try {
      const body = '{"object":"zoë/日本"}';
      assert.deepEqual(await p.post('application/json', body, signal), { status: 200, body: 'ok' });
      assert.deepEqual(await p.post('application/x-ndjson', 'a\nb\n', signal), { status: 200, body: 'ok' });
      assert.equal(seen.length, 2);
      assert.deepEqual([seen[0]!.method, seen[0]!.url, seen[0]!.body], ['POST', '/audit?x=1', body]);
      assert.equal(seen[0]!.headers['host'], url.slice('http://'.length));
      assert.equal(seen[0]!.headers['authorization'], 'Bearer t0k');
      assert.equal(seen[0]!.headers['content-type'], 'application/json');
      assert.equal(seen[0]!.headers['content-length'], String(Buffer.byteLength(body)));
      assert.equal(seen[1]!.headers['content-type'], 'application/x-ndjson');
      assert.equal(seen[0]!.socket, seen[1]!.socket, 'one keep-alive connection');
    } finally { p.close(); }
  });

  it('reads chunked answers; Connection: close answers drop the connection and the next POST opens another', async () => {
    seen.length = 0;
    const chunked = new HttpPoster(`${url}/chunked`);
    const closing = new HttpPoster(`${url}/close`);
    try {
      assert.deepEqual(await chunked.post('application/json', '{}', signal), { status: 200, body: '{"a":1}' });
      assert.deepEqual(await closing.post('application/json', '{}', signal), { status: 500, body: 'oops' });
      assert.deepEqual(await closing.post('application/json', '{}', signal), { status: 500, body: 'oops' });
      assert.notEqual(seen[1]!.socket, seen[2]!.socket);
    } finally { chunked.close(); closing.close(); }
  });

  it('takes user:password from the URL as Basic auth, unless an Authorization header is given', async () => {
    seen.length = 0;
    const withUrlAuth = new HttpPoster(`http://us%40r:p%3Ass@${url.slice('http://'.length)}/x`);
    const overridden = new HttpPoster(`http://us:pw@${url.slice('http://'.length)}/x`, { Authorization: 'ApiKey k' });
    try {
      await withUrlAuth.post('application/json', '{}', signal);
      await overridden.post('application/json', '{}', signal);
      assert.equal(seen[0]!.headers['authorization'], `Basic ${Buffer.from('us@r:p:ss').toString('base64')}`);
      assert.equal(seen[1]!.headers['authorization'], 'ApiKey k');
    } finally { withUrlAuth.close(); overridden.close(); }
  });

  it('refuses header values with line breaks', () => {
    assert.throws(() => new HttpPoster(`${url}/x`, { Authorization: 'Bearer a\r\nX-Evil: 1' }), /invalid characters/);
  });

  it('postAll pipelines: every request written at once on one connection, the answers in order', async () => {
    seen.length = 0;
    const p = new HttpPoster(`${url}/pipe`);
    try {
      const bodies = Array.from({ length: 20 }, (_, i) => JSON.stringify({ i, pad: 'é'.repeat(i) }));
      const answers = await p.postAll('application/json', bodies, signal);
      assert.deepEqual(answers, bodies.map(() => ({ status: 200, body: 'ok' })));
      assert.deepEqual(seen.map((r) => r.body), bodies, 'the server read them in order, bodies intact');
      assert.ok(seen.every((r) => r.socket === seen[0]!.socket), 'one connection');
      assert.deepEqual(await p.postAll('application/json', ['{"again":1}'], signal), [{ status: 200, body: 'ok' }]);
      assert.equal(seen[20]!.socket, seen[0]!.socket, 'kept for the next exchange');
      assert.deepEqual(await p.postAll('application/json', [], signal), []);
    } finally { p.close(); }
  });

  it('a server that closes idle connections: the next POST reconnects; no server: the POST fails', async () => {
    seen.length = 0;
    const p = new HttpPoster(`${url}/x`);
    try {
      await p.post('application/json', '{}', signal);
      seen[0]!.socket.destroy();
      await waitFor('the poster to see the server close its connection', () => !p.connected, { intervalMs: 5 });
      assert.deepEqual(await p.post('application/json', '{}', signal), { status: 200, body: 'ok' });
    } finally { p.close(); }
    const none = new HttpPoster('http://127.0.0.1:1/x');
    await assert.rejects(none.post('application/json', '{}', signal), /ECONNREFUSED/);
    none.close();
  });

  describe('a server that never answers, or answers garbage', () => {
    let raw: NetServer;
    let rawUrl = '';
    let slowRequests = 0;
    before(async () => {
      raw = createNetServer((s) => {
        s.on('data', (d) => {
          if (d.toString('latin1').startsWith('POST /slow')) slowRequests++;
          if (d.toString('latin1').startsWith('POST /garbage')) s.end('SSH-2.0-x\r\n\r\n');
          else if (d.toString('latin1').startsWith('POST /cut')) s.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
        });
        s.on('error', () => undefined);
      });
      await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
      rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
    });
    after(async () => { await new Promise((r) => raw.close(r)); });

    it('postAll: answers split anywhere are read in order; an answer that closes the connection, or a cut, fails the rest and reports the answers before', async () => {
      const answer = (status: number, extra = ''): string => `HTTP/1.1 ${status} X\r\nContent-Length: 2\r\n${extra}\r\nab`;
      const script = new Map<string, (s: Socket, requests: number) => void>([
        // all four answers, written 7 bytes at a time once the 4 requests arrived
        ['/split', (sock, n) => {
          if (n < 4) return;
          const bytes = Buffer.from([200, 201, 202, 204].map((st) => (st === 204 ? 'HTTP/1.1 204 X\r\n\r\n' : answer(st))).join(''), 'latin1');
          for (let i = 0; i < bytes.length; i += 7) sock.write(bytes.subarray(i, i + 7));
        }],
        ['/close-third', (sock, n) => { if (n >= 5) sock.end(answer(200) + answer(200) + answer(503, 'Connection: close\r\n')); }],
        ['/cut-after-two', (sock, n) => { if (n >= 5) sock.end(answer(200) + answer(200) + 'HTTP/1.1 200 X\r\nContent-Length: 9\r\n\r\nab'); }],
      ]);
      const pipeServer = createNetServer((sock) => {
        let seenText = '';
        sock.on('data', (d) => {
          seenText += d.toString('latin1');
          const path = /^POST (\S+)/.exec(seenText)?.[1] ?? '';
          script.get(path)?.(sock, seenText.split('POST ').length - 1);
        });
        sock.on('error', () => undefined);
      });
      await new Promise<void>((r) => pipeServer.listen(0, '127.0.0.1', r));
      const base = `http://127.0.0.1:${(pipeServer.address() as AddressInfo).port}`;
      try {
        const split = new HttpPoster(`${base}/split`);
        assert.deepEqual((await split.postAll('application/json', ['1', '2', '3', '4'], signal)).map((a) => [a.status, a.body]), [[200, 'ab'], [201, 'ab'], [202, 'ab'], [204, '']]);
        split.close();
        for (const [path, got, message] of [['/close-third', [200, 200, 503], /closed the connection with requests unanswered/], ['/cut-after-two', [200, 200], /closed before the answer was complete/]] as const) {
          const p = new HttpPoster(`${base}${path}`);
          const err = await p.postAll('application/json', ['1', '2', '3', '4', '5'], signal).then(() => undefined, (e: unknown) => e);
          assert.ok(err instanceof PipelineError, path);
          assert.match(err.message, message);
          assert.deepEqual(err.answers.map((a) => a.status), got, path);
          assert.equal(p.connected, false, `${path}: the connection is dropped`);
          p.close();
        }
      } finally {
        await new Promise((r) => pipeServer.close(r));
      }
    });

    it('times out, fails on a malformed or cut answer, and stops on abort', async () => {
      const slow = new HttpPoster(`${rawUrl}/slow`, {}, 150);
      const t0 = Date.now();
      await assert.rejects(slow.post('application/json', '{}', signal), /no answer within 150 ms/);
      assert.ok(Date.now() - t0 < 2000);
      slow.close();
      const garbage = new HttpPoster(`${rawUrl}/garbage`);
      await assert.rejects(garbage.post('application/json', '{}', signal), /not an HTTP\/1.x answer/);
      garbage.close();
      const cut = new HttpPoster(`${rawUrl}/cut`);
      await assert.rejects(cut.post('application/json', '{}', signal), /closed before the answer was complete/);
      cut.close();
      const ac = new AbortController();
      const aborted = new HttpPoster(`${rawUrl}/slow`);
      const sentBefore = slowRequests;
      const pending = aborted.post('application/json', '{}', ac.signal);
      await waitFor('the request to reach the server', () => slowRequests > sentBefore, { intervalMs: 5 });
      ac.abort();
      await assert.rejects(pending, /aborted/);
      aborted.close();
    });
  });
});
