/**
 * worker_threads entry of util/frame-read-pool.ts: positional reads of one frame from an
 * already open file descriptor, with its checksum checked here, off the main thread.
 *
 * Protocol (one port):
 *   in  {id, fd, offset, length, check}   read `length` bytes at `offset` (fewer at EOF)
 *   out {id, got, ok, buf}                buf: the ArrayBuffer (transferred, zero-copy) of
 *                                         exactly `length` bytes, the first `got` valid;
 *                                         ok: the check passed ('none': always true)
 *   out {id, error: {message, code}}      fs error (code kept: EBADF, EIO, ...)
 * Requests run concurrently: fs reads go to the process's shared libuv threadpool.
 *
 * The checks are util/frame-check.ts's (applied to bytes [0, got)).
 */
import { read } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { checkFrame, type FrameCheck } from './frame-check.js';

export interface FrameReadRequest {
  readonly id: number;
  readonly fd: number;
  readonly offset: number;
  readonly length: number;
  readonly check: FrameCheck;
}

export type FrameReadReply =
  | { readonly id: number; readonly got: number; readonly ok: boolean; readonly buf: ArrayBuffer }
  | { readonly id: number; readonly error: { readonly message: string; readonly code: string | undefined } };

function readOnce(fd: number, buf: Buffer, at: number, len: number, pos: number): Promise<number> {
  return new Promise((resolve, reject) => {
    read(fd, buf, at, len, pos, (err, n) => (err ? reject(err) : resolve(n)));
  });
}

async function serve(port: NonNullable<typeof parentPort>, req: FrameReadRequest): Promise<void> {
  // Its own ArrayBuffer (never the shared pool), so it can be transferred.
  const buf = Buffer.allocUnsafeSlow(req.length);
  let got = 0;
  try {
    // Bounded: each iteration reads > 0 bytes or stops.
    while (got < req.length) {
      const n = await readOnce(req.fd, buf, got, req.length - got, req.offset + got);
      if (n === 0) break;
      got += n;
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const reply: FrameReadReply = { id: req.id, error: { message: String(e?.message ?? err), code: typeof e?.code === 'string' ? e.code : undefined } };
    port.postMessage(reply);
    return;
  }
  const ok = checkFrame(buf.subarray(0, got), req.check);
  const ab = buf.buffer as ArrayBuffer;
  const reply: FrameReadReply = { id: req.id, got, ok, buf: ab };
  port.postMessage(reply, [ab]);
}

if (parentPort !== null) {
  const port = parentPort;
  port.on('message', (req: FrameReadRequest) => {
    serve(port, req).catch((err: unknown) => {
      port.postMessage({ id: req.id, error: { message: `frame read failed: ${String(err)}`, code: undefined } } satisfies FrameReadReply);
    });
  });
}
