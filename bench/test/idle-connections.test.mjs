import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { parseResponseHead, openIdleConnections } from '../lib/idle-connections.mjs';

test('parseResponseHead reads status, length and connection: close', () => {
  assert.deepEqual(parseResponseHead('HTTP/1.1 200 OK\r\nContent-Length: 12\r\nX: y'), { status: 200, contentLength: 12, keepAlive: true });
  assert.deepEqual(parseResponseHead('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\nConnection: close'), { status: 403, contentLength: 0, keepAlive: false });
  assert.equal(parseResponseHead('garbage'), null);
});

test('connections stay open after their request, each signed', async () => {
  const seen = [];
  const server = http.createServer((req, res) => { seen.push(req.headers.authorization); res.end('<ok/>'); });
  server.keepAliveTimeout = 10_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const c = await openIdleConnections({ url: `http://127.0.0.1:${server.address().port}`, accessKey: 'AK', secretKey: 'SK', count: 50 });
  try {
    assert.deepEqual(c.statuses, { 200: 50 });
    assert.equal(c.errors, 0);
    assert.equal(c.openCount(), 50);
    assert.equal(seen.length, 50);
    assert.match(seen[0], /^AWS4-HMAC-SHA256 Credential=AK\//);
  } finally {
    for (const s of c.sockets) s.destroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
