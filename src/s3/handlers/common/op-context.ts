/**
 * The OpContext a handler passes with the ObjectLayer call that performs its operation: the
 * caller's identity (the access key the request was signed with and its account), and for the calls a client
 * disconnect should abort (bodies streamed in or out) the request's abort signal. The signal
 * is read lazily: the pipeline builds its AbortController on first use, and a GET served from
 * memory never needs one. Lookups a handler makes on the way (versioning state, bucket
 * existence) go without a context.
 */
import type { CallerIdentity, OpContext } from '../../../object/object-layer.js';
import type { S3Request } from '../handler.js';

function identityOf(req: S3Request): CallerIdentity {
  return req.account !== undefined ? { accessKey: req.accessKey, accountId: req.account.id } : { accessKey: req.accessKey };
}

/** Identity only: the operation runs to its end even if the client goes away. */
export function callerContext(req: S3Request): OpContext {
  return { identity: identityOf(req) };
}

/**
 * The OpContext of abortableContext: a class, so the lazy `signal` getter is on its prototype
 * (an object literal's getter gives every request its own hidden class, which V8 keeps with the
 * request until a full collection: pipeline/pipeline-request.ts).
 */
class AbortableContext implements OpContext {
  readonly identity: CallerIdentity;
  readonly #req: S3Request;

  constructor(req: S3Request) {
    this.identity = identityOf(req);
    this.#req = req;
  }

  get signal(): AbortSignal { return this.#req.signal; }
}

/** Identity and the client-disconnect signal (PutObject, GetObject, UploadPart). */
export function abortableContext(req: S3Request): OpContext {
  return new AbortableContext(req);
}
