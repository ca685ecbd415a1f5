/**
 * aws-chunked body decoder (streaming SigV4 and STREAMING-UNSIGNED-PAYLOAD-TRAILER):
 *
 *   signed:   <hex>;chunk-signature=<64 hex>\r\n <data> \r\n ... 0;chunk-signature=<sig>\r\n
 *   unsigned: <hex>\r\n <data> \r\n ... 0\r\n
 *   then the trailer section: zero or more `name:value\r\n` lines (signed trailers end with
 *   `x-amz-trailer-signature:<hex>\r\n`), then an empty line `\r\n`.
 *
 * Data bytes stream straight through (never a whole chunk buffered: sizes are attacker-
 * controlled) while being hashed; the chunk signature is checked at the chunk's end and a
 * mismatch errors the stream, so the object layer, which commits only on a clean end, keeps
 * nothing. Memory is bounded by MAX_LINE (chunk header) and MAX_TRAILER_BYTES.
 *
 * Error choice (AWS/MinIO behaviour): a body that stops early or whose decoded length differs
 * from x-amz-decoded-content-length -> IncompleteBody; bad framing or trailers -> InvalidRequest;
 * a wrong chunk or trailer signature -> SignatureDoesNotMatch.
 */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from '../../errors/s3-error.js';
import { EMPTY_SHA256, sha256Hex } from './canonical-request.js';
import { chunkSignature, trailerSignature } from './chunk-signature.js';
import { signaturesEqual } from './signing-key.js';
import type { StreamingSigningContext } from './types.js';

const MAX_LINE = 4096;
const MAX_TRAILER_BYTES = 16 * 1024;
const MAX_HEX_DIGITS = 13; // 13 hex digits < 2^53: sizes stay exact integers
const SIGNATURE_EXT = /^chunk-signature=([0-9a-f]{64})$/;
const TRAILER_SIGNATURE = 'x-amz-trailer-signature';
const CR = 0x0d;
const LF = 0x0a;

const enum Phase {
  Header,
  Data,
  DataEnd,
  Trailer,
  Done,
}

export interface AwsChunkedOptions {
  /** Present for STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]; absent for the unsigned variant. */
  readonly signing: StreamingSigningContext | undefined;
  /** Whether a trailer section is allowed (the -TRAILER variants). */
  readonly hasTrailer: boolean;
  /** Lower-cased trailer names from x-amz-trailer: each must arrive. */
  readonly expectedTrailers: readonly string[];
  /** x-amz-decoded-content-length; -1 when unknown. */
  readonly decodedLength: number;
}

function framing(message: string): S3Error {
  return new S3Error('InvalidRequest', { message: `Malformed aws-chunked body: ${message}` });
}

function incomplete(message?: string): S3Error {
  return new S3Error('IncompleteBody', message === undefined ? {} : { message });
}

export class AwsChunkedDecoder extends Transform {
  readonly #opts: AwsChunkedOptions;
  #phase: Phase = Phase.Header;
  /** Bytes of the current header or trailer line seen so far. */
  #line: Buffer[] = [];
  #lineLength = 0;
  #remaining = 0;
  #dataEndIndex = 0;
  #hash: Hash | undefined = undefined;
  #isFinalChunk = false;
  #chunkSig = '';
  #previousSig: string;
  #decoded = 0;
  #trailerBytes = 0;
  #trailerCanonical = '';
  #trailerSig: string | undefined = undefined;
  readonly #trailers: Record<string, string> = {};

  constructor(opts: AwsChunkedOptions) {
    super();
    this.#opts = opts;
    this.#previousSig = opts.signing?.seedSignature ?? '';
  }

  /** Trailing headers parsed so far (complete once the stream ended). */
  get trailers(): Record<string, string> {
    return { ...this.#trailers };
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.#consume(chunk);
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.#phase !== Phase.Done) {
      callback(incomplete());
      return;
    }
    callback();
  }

  #consume(buf: Buffer): void {
    let offset = 0;
    // Every iteration consumes at least one byte or changes phase after consuming; bounded by buf.length.
    while (offset < buf.length) {
      switch (this.#phase) {
        case Phase.Header:
        case Phase.Trailer:
          offset = this.#readLine(buf, offset);
          break;
        case Phase.Data:
          offset = this.#readData(buf, offset);
          break;
        case Phase.DataEnd:
          offset = this.#readDataEnd(buf, offset);
          break;
        case Phase.Done:
          throw framing('unexpected bytes after the final chunk');
      }
    }
  }

  #readLine(buf: Buffer, offset: number): number {
    const lf = buf.indexOf(LF, offset);
    const end = lf < 0 ? buf.length : lf;
    const cap = this.#phase === Phase.Header ? MAX_LINE : MAX_TRAILER_BYTES - this.#trailerBytes;
    if (this.#lineLength + (end - offset) > cap) {
      throw framing(this.#phase === Phase.Header ? 'chunk header line too long' : 'trailer section too long');
    }
    if (end > offset) {
      this.#line.push(buf.subarray(offset, end));
      this.#lineLength += end - offset;
    }
    if (lf < 0) return buf.length;
    let line = Buffer.concat(this.#line, this.#lineLength);
    this.#line = [];
    this.#lineLength = 0;
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    if (this.#phase === Phase.Header) this.#onHeaderLine(line.toString('latin1'));
    else this.#onTrailerLine(line.toString('utf8'), line.length + 1);
    return lf + 1;
  }

  #onHeaderLine(line: string): void {
    const semi = line.indexOf(';');
    const hex = semi < 0 ? line : line.slice(0, semi);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length > MAX_HEX_DIGITS) throw framing('invalid chunk size');
    const size = parseInt(hex, 16);
    if (this.#opts.signing !== undefined) {
      const m = semi < 0 ? null : SIGNATURE_EXT.exec(line.slice(semi + 1));
      if (m === null) throw framing('chunk without a chunk-signature');
      this.#chunkSig = m[1]!;
    }
    const limit = this.#opts.decodedLength;
    if (limit >= 0 && this.#decoded + size > limit) {
      throw incomplete('The decoded body is longer than x-amz-decoded-content-length.');
    }
    this.#remaining = size;
    this.#isFinalChunk = size === 0;
    this.#hash = this.#opts.signing !== undefined && size > 0 ? createHash('sha256') : undefined;
    if (size === 0) {
      this.#verifyChunk(EMPTY_SHA256);
      this.#phase = Phase.Trailer;
    } else {
      this.#phase = Phase.Data;
    }
  }

  #readData(buf: Buffer, offset: number): number {
    const take = Math.min(this.#remaining, buf.length - offset);
    const slice = buf.subarray(offset, offset + take);
    this.#hash?.update(slice);
    this.#remaining -= take;
    this.#decoded += take;
    this.push(slice);
    if (this.#remaining === 0) {
      this.#phase = Phase.DataEnd;
      this.#dataEndIndex = 0;
    }
    return offset + take;
  }

  #readDataEnd(buf: Buffer, offset: number): number {
    const expected = this.#dataEndIndex === 0 ? CR : LF;
    if (buf[offset] !== expected) throw framing('chunk data not followed by CRLF');
    this.#dataEndIndex++;
    if (this.#dataEndIndex === 2) {
      if (this.#hash !== undefined) {
        this.#verifyChunk(this.#hash.digest('hex'));
        this.#hash = undefined;
      }
      this.#phase = Phase.Header;
    }
    return offset + 1;
  }

  #verifyChunk(dataSha256Hex: string): void {
    const signing = this.#opts.signing;
    if (signing === undefined) return;
    const expected = chunkSignature(signing, this.#previousSig, dataSha256Hex);
    if (!signaturesEqual(expected, this.#chunkSig)) {
      throw new S3Error('SignatureDoesNotMatch', {
        message: 'The chunk signature we calculated does not match the signature you provided.',
      });
    }
    this.#previousSig = this.#chunkSig;
  }

  #onTrailerLine(line: string, rawLength: number): void {
    this.#trailerBytes += rawLength;
    if (line === '') {
      this.#finish();
      return;
    }
    if (!this.#opts.hasTrailer) throw framing('trailing headers sent without a -TRAILER content-sha256 mode');
    const colon = line.indexOf(':');
    if (colon <= 0) throw framing('trailing header without a colon');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === TRAILER_SIGNATURE) {
      if (this.#opts.signing === undefined) throw framing('x-amz-trailer-signature in an unsigned body');
      if (this.#trailerSig !== undefined) throw framing('x-amz-trailer-signature repeated');
      this.#trailerSig = value;
      return;
    }
    if (this.#trailerSig !== undefined) throw framing('trailing header after x-amz-trailer-signature');
    if (!this.#opts.expectedTrailers.includes(name)) {
      throw framing(`trailing header "${name.slice(0, 64)}" was not announced in x-amz-trailer`);
    }
    if (Object.prototype.hasOwnProperty.call(this.#trailers, name)) throw framing(`trailing header "${name}" repeated`);
    this.#trailers[name] = value;
    this.#trailerCanonical += `${name}:${value}\n`;
  }

  #finish(): void {
    for (const name of this.#opts.expectedTrailers) {
      if (!Object.prototype.hasOwnProperty.call(this.#trailers, name)) {
        throw framing(`the trailing header "${name}" announced in x-amz-trailer is missing`);
      }
    }
    const signing = this.#opts.signing;
    if (signing !== undefined && this.#opts.hasTrailer) {
      if (this.#trailerSig === undefined) throw framing('x-amz-trailer-signature is missing');
      const expected = trailerSignature(signing, this.#previousSig, sha256Hex(this.#trailerCanonical));
      if (!signaturesEqual(expected, this.#trailerSig)) {
        throw new S3Error('SignatureDoesNotMatch', {
          message: 'The trailer signature we calculated does not match the signature you provided.',
        });
      }
    }
    const limit = this.#opts.decodedLength;
    if (limit >= 0 && this.#decoded !== limit) {
      throw incomplete();
    }
    if (!this.#isFinalChunk) throw framing('trailer before the final chunk');
    this.#phase = Phase.Done;
  }
}
