// Holds many keep-alive connections to a server: all sockets connect first, then each sends one
// signed ListBuckets request and reads its response, and the socket stays open and idle.
import net from 'node:net';
import { SigV4 } from '../tools/lib/sigv4.mjs';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const HEAD_LIMIT = 64 * 1024;

/** Parses "HTTP/1.1 200 OK\r\n...\r\n\r\n": {status, contentLength, keepAlive}, or null if malformed. */
export function parseResponseHead(head) {
  const lines = head.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!m) return null;
  let contentLength = null; let keepAlive = true;
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i < 0) continue;
    const name = l.slice(0, i).trim().toLowerCase();
    const value = l.slice(i + 1).trim();
    if (name === 'content-length') contentLength = parseInt(value, 10);
    if (name === 'connection' && value.toLowerCase() === 'close') keepAlive = false;
  }
  return { status: parseInt(m[1], 10), contentLength, keepAlive };
}

/** One request on the socket; resolves {status, keepAlive} once the whole response is read. */
function requestOnce(socket, request, timeoutMs) {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0); let head = null; let need = 0;
    const done = (err, v) => {
      clearTimeout(timer);
      socket.off('data', onData); socket.off('error', onErr); socket.off('close', onClose);
      if (err) reject(err); else resolve(v);
    };
    const onData = (d) => {
      buf = Buffer.concat([buf, d]);
      if (!head) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) { if (buf.length > HEAD_LIMIT) done(new Error('response head too large')); return; }
        head = parseResponseHead(buf.subarray(0, end).toString('latin1'));
        if (!head || head.contentLength == null) { done(new Error('unparseable response head')); return; }
        need = end + 4 + head.contentLength;
      }
      if (buf.length >= need) done(null, { status: head.status, keepAlive: head.keepAlive });
    };
    const onErr = (e) => done(e);
    const onClose = () => done(new Error('closed before the response ended'));
    const timer = setTimeout(() => done(new Error('response timeout')), timeoutMs);
    socket.on('data', onData); socket.on('error', onErr); socket.on('close', onClose);
    socket.write(request);
  });
}

/**
 * Opens `count` connections to url, one signed GET / (ListBuckets) on each.
 * Returns {sockets, statuses, errors, isOpen()}; the caller destroys the sockets.
 */
export async function openIdleConnections({ url, accessKey, secretKey, count, timeoutMs = 60_000 }) {
  const u = new URL(url);
  const signer = new SigV4({ accessKey, secretKey });
  const sockets = [];
  const closed = new Set();
  await Promise.all(Array.from({ length: count }, () => new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port) });
    s.setNoDelay(true);
    s.once('connect', resolve);
    s.once('error', () => { closed.add(s); resolve(); });
    s.on('close', () => closed.add(s));
    sockets.push(s);
  })));
  const statuses = {};
  let errors = 0;
  await Promise.all(sockets.map(async (s) => {
    if (closed.has(s)) { errors++; return; }
    const headers = signer.sign('GET', '/', '', { host: u.host }, EMPTY_SHA256);
    const request = `GET / HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n`;
    try {
      const r = await requestOnce(s, request, timeoutMs);
      statuses[r.status] = (statuses[r.status] || 0) + 1;
      if (!r.keepAlive) errors++;
    } catch {
      errors++;
    }
  }));
  return { sockets, statuses, errors, openCount: () => sockets.filter((s) => !closed.has(s) && !s.destroyed).length };
}
