import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { lingerAfterResponse } from './lingering-close.js';

/** A server that refuses every request before reading its body, as the S3 pipeline does. */
let server: Server;
let port = 0;
const serverSockets: Array<{ socket: Socket; bytesAtEnd: number; closed: Promise<unknown> }> = [];

before(async () => {
  server = createServer((req, res) => {
    res.setHeader('connection', 'close');
    lingerAfterResponse(req, { idleMs: 300, totalMs: 1_500 });
    const entry = { socket: req.socket, bytesAtEnd: -1, closed: once(req.socket, 'close') };
    serverSockets.push(entry);
    res.on('finish', () => { entry.bytesAtEnd = req.socket.bytesRead; });
    res.statusCode = 403;
    res.end('refused');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  port = typeof addr === 'object' && addr !== null ? addr.port : 0;
});
after(() => { server.close(); });

async function halfOpenClient(): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true });
  await once(socket, 'connect');
  socket.on('error', () => { /* the server ends the linger with a close */ });
  socket.write('PUT /x HTTP/1.1\r\nHost: t\r\nContent-Length: 1073741824\r\n\r\n');
  socket.write(Buffer.alloc(256 * 1024));
  return socket;
}

async function readResponse(socket: Socket): Promise<string> {
  let data = '';
  socket.on('data', (c: Buffer) => { data += c.toString('latin1'); });
  await once(socket, 'end');
  return data;
}

describe('lingerAfterResponse', () => {
  it('half-closes after the response and closes once the client has been idle for idleMs', async () => {
    const socket = await halfOpenClient();
    try {
      const answer = await readResponse(socket);
      assert.match(answer, /^HTTP\/1\.1 403 /);
      const entry = serverSockets.at(-1)!;
      assert.equal(entry.socket.destroyed, false, 'still reading after the FIN');
      await entry.closed;
      assert.equal(entry.socket.destroyed, true);
    } finally {
      socket.destroy();
    }
  });

  it('keeps reading and discarding what arrives after the response, and closes at totalMs', async () => {
    const socket = await halfOpenClient();
    const chunk = Buffer.alloc(16 * 1024);
    const feeder = setInterval(() => { if (!socket.destroyed) socket.write(chunk); }, 20);
    try {
      const answer = await readResponse(socket);
      assert.match(answer, /^HTTP\/1\.1 403 /);
      const entry = serverSockets.at(-1)!;
      await entry.closed;
      assert.ok(entry.bytesAtEnd > 0);
      assert.ok(entry.socket.bytesRead > entry.bytesAtEnd, `bytes read after the response: ${entry.socket.bytesRead - entry.bytesAtEnd}`);
    } finally {
      clearInterval(feeder);
      socket.destroy();
    }
  });
});
