/**
 * decodeBody(): turns the raw request body into the verified payload per AuthResult.payload.
 *   none / unsigned              -> the raw stream, untouched
 *   sha256                       -> pass-through, hash checked at the end (XAmzContentSHA256Mismatch)
 *   streaming-signed[-trailer]   -> aws-chunked decode, every chunk (and trailer) signature checked
 *   streaming-unsigned-trailer   -> aws-chunked decode without chunk signatures, trailers parsed
 * Errors surface as the returned stream's 'error' (an S3Error). Raw stream errors and early
 * closes propagate; raw itself is never destroyed here (see piped()).
 */
import { finished, type Readable, type Transform } from 'node:stream';
import { S3Error } from '../../errors/s3-error.js';
import { AwsChunkedDecoder } from './aws-chunked-decoder.js';
import { Sha256VerifyStream } from './sha256-verify-stream.js';
import type { AuthResult, DecodeBodyOptions } from './types.js';

export interface DecodedBody {
  readonly body: Readable;
  /** Trailing headers (lower-case names) of a trailer-mode body; complete once body ended. */
  readonly trailers: () => Record<string, string>;
}

function ignoreHere(): void { /* observed by the consumer: see piped() */ }

function noTrailers(): Record<string, string> {
  return {};
}

/**
 * raw -> transform, where the decoded stream fails if raw errors or closes early, but raw is
 * never destroyed by us: when decoding fails (or the consumer stops), raw is unpiped and left
 * to the caller, which can still answer on the connection and drain or close it.
 */
function piped(raw: Readable, transform: Transform): Readable {
  const cleanup = finished(raw, { writable: false }, (err) => {
    if (err && !transform.destroyed) transform.destroy(err);
  });
  raw.pipe(transform);
  // The consumer sees a decoding error through the stream itself (a read or an iteration of
  // an errored stream rejects with it). This listener only keeps pipe() from re-throwing it as
  // an unhandled 'error' event when the error comes before the consumer reads (Node 24 starts
  // the flow earlier than Node 20): that crashed the process on a wrong chunk signature.
  transform.on('error', ignoreHere);
  transform.once('close', () => {
    cleanup();
    raw.unpipe(transform);
  });
  return transform;
}

export function decodeBody(raw: Readable, auth: AuthResult, opts: DecodeBodyOptions): DecodedBody {
  const payload = auth.payload;
  switch (payload.kind) {
    case 'none':
    case 'unsigned':
      return { body: raw, trailers: noTrailers };
    case 'sha256':
      return { body: piped(raw, new Sha256VerifyStream(payload.expectedHex)), trailers: noTrailers };
    case 'streaming-signed': {
      if (auth.signing === undefined) {
        throw new S3Error('InvalidRequest', { message: 'A signed streaming payload requires a SigV4-signed request.' });
      }
      const decoder = new AwsChunkedDecoder({
        signing: auth.signing,
        hasTrailer: payload.trailer,
        expectedTrailers: auth.expectedTrailers,
        decodedLength: opts.decodedLength,
      });
      return { body: piped(raw, decoder), trailers: () => decoder.trailers };
    }
    case 'streaming-unsigned-trailer': {
      const decoder = new AwsChunkedDecoder({
        signing: undefined,
        hasTrailer: true,
        expectedTrailers: auth.expectedTrailers,
        decodedLength: opts.decodedLength,
      });
      return { body: piped(raw, decoder), trailers: () => decoder.trailers };
    }
  }
}
