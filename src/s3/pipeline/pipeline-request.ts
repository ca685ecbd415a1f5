/**
 * The S3Request the pipeline hands a handler, with its body stream and abort signal built on
 * first use (most small requests use neither).
 *
 * A class so that every request shares one hidden class. As getters of an object literal, the
 * two lazy members were new closures per request, and an object literal's accessors live in its
 * map: each request got a map of its own, which V8's transition tree (old generation) keeps, and
 * with it the closures' context (the request, the response, the socket's buffers), through every
 * scavenge until the next full collection. Every request's objects were promoted: one
 * mark-compact a second at 4 KiB GETs c16 (ARCHITECTURE "Garbage collection"). Never an object
 * literal with `get`/`set` on a per-request path.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { AccountInfo } from '../../iam/caller.js';
import type { PostForm } from '../post/post-form.js';
import type { S3Request } from '../handlers/handler.js';

export type S3RequestFields = Omit<S3Request, 'body' | 'signal'>;

export class PipelineRequest implements S3Request {
  readonly op: string;
  readonly method: string;
  readonly bucket: string | undefined;
  readonly key: string | undefined;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly contentLength: number;
  readonly trailers: () => Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly accessKey: string;
  readonly account: AccountInfo | undefined;
  readonly bypassGovernanceRetention: boolean | undefined;
  readonly secure: boolean | undefined;
  readonly postForm: PostForm | undefined;
  readonly #body: () => Readable;
  readonly #signal: () => AbortSignal;

  constructor(f: S3RequestFields, body: () => Readable, signal: () => AbortSignal) {
    this.op = f.op;
    this.method = f.method;
    this.bucket = f.bucket;
    this.key = f.key;
    this.query = f.query;
    this.headers = f.headers;
    this.contentLength = f.contentLength;
    this.trailers = f.trailers;
    this.requestId = f.requestId;
    this.accessKey = f.accessKey;
    this.account = f.account;
    this.bypassGovernanceRetention = f.bypassGovernanceRetention;
    this.secure = f.secure;
    this.postForm = f.postForm;
    this.#body = body;
    this.#signal = signal;
  }

  get body(): Readable { return this.#body(); }

  get signal(): AbortSignal { return this.#signal(); }
}
