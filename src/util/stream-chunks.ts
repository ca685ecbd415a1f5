/**
 * chunksOf(stream): the chunks of a byte stream, each the very Buffer object the stream pushed.
 *
 * `for await (const c of stream)` reads with read(), which hands out whatever is buffered and
 * concatenates several chunks into a new Buffer. A consumer that must give chunks back by
 * identity (storage/erasure/frame-buffer-pool.ts) needs them as pushed: this reads with 'data'
 * events, holds at most `highWater` chunks (then pauses the stream), and destroys the stream
 * when the consumer stops early.
 */
import type { Readable } from 'node:stream';

export async function* chunksOf(stream: Readable, highWater = 2): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const signal = (): void => { const w = wake; wake = undefined; w?.(); };
  const onData = (c: Buffer): void => {
    queue.push(c);
    if (queue.length >= highWater) stream.pause();
    signal();
  };
  const onEnd = (): void => { ended = true; signal(); };
  const onError = (error: unknown): void => { failure = { error }; signal(); };
  // A stream destroyed without 'end' or 'error' (e.g. aborted) must not leave us waiting.
  const onClose = (): void => { if (!ended && failure === undefined) failure = { error: new Error('stream closed before its end') }; signal(); };
  stream.on('data', onData);
  stream.once('end', onEnd);
  stream.once('error', onError);
  stream.once('close', onClose);
  try {
    // Bounded by the stream: each round yields a chunk, or ends, or waits for the next event.
    for (;;) {
      const c = queue.shift();
      if (c !== undefined) {
        if (queue.length < highWater && stream.isPaused()) stream.resume();
        yield c;
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => { wake = resolve; });
    }
  } finally {
    stream.off('data', onData);
    stream.off('end', onEnd);
    stream.off('error', onError);
    stream.off('close', onClose);
    if (!ended) stream.destroy();
  }
}
