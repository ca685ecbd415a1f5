/**
 * The contract between the pipeline (s3/pipeline.ts) and the per-operation handlers.
 * A handler parses its input (headers, query, XML body) into the AWS input shape, calls
 * one service method, and returns the output shape rendered as an S3Response.
 * Handlers never authenticate, authorize, log, meter or render errors: they throw S3Error
 * (for input validation) or let domain errors bubble up; the pipeline maps them once.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { AccountInfo, CallerDirectory } from '../../iam/caller.js';
import type { ObjectLayer } from '../../object/object-layer.js';
import type { LifecycleConfigCache } from './common/lifecycle-config-cache.js';
import type { VersioningStateCache } from './common/versioning-state-cache.js';
import type { EncryptionConfigCache } from './common/encryption-config-cache.js';
import type { PostForm } from '../post/post-form.js';
import type { ObjectOwnership } from './common/ownership-controls.js';

export interface S3Request {
  /** The AWS operation name, e.g. 'PutObject'. */
  readonly op: string;
  readonly method: string;
  readonly bucket?: string;
  /** Decoded object key (never empty when present). */
  readonly key?: string;
  readonly query: URLSearchParams;
  /** Lower-cased header names (node:http). */
  readonly headers: IncomingHttpHeaders;
  /**
   * The decoded payload: aws-chunked framing removed and every chunk signature checked,
   * x-amz-content-sha256 verified at the end for signed payloads (the stream errors with an
   * S3Error on mismatch). Handlers stream it; XML bodies are read with a size cap.
   */
  readonly body: Readable;
  /** Declared decoded length (x-amz-decoded-content-length or Content-Length); -1 unknown. */
  readonly contentLength: number;
  /** Trailing headers (x-amz-checksum-*) of a STREAMING-*-TRAILER body; complete once body ended. */
  readonly trailers: () => Readonly<Record<string, string>>;
  readonly requestId: string;
  /** The authenticated principal. */
  readonly accessKey: string;
  /** The signed caller's account (undefined for anonymous requests, and when the pipeline runs
   *  without a caller directory). */
  readonly account?: AccountInfo;
  /** x-amz-bypass-governance-retention: true, and the caller may s3:BypassGovernanceRetention
   *  (decided by the pipeline's authorizer). */
  readonly bypassGovernanceRetention?: boolean;
  /** The request came over TLS (SSE-C is refused otherwise). */
  readonly secure?: boolean;
  /** Aborted when the client disconnects. */
  readonly signal: AbortSignal;
  /** PostObject only: the browser form, authenticated and checked against its policy. */
  readonly postForm?: PostForm;
}

export interface S3Response {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | number | readonly string[]>>;
  /**
   * XML string, a buffer, the object body's bytes in memory as chunks (sent in order, with a
   * Content-Length of their total), or a stream of the object body. HEAD never gets a body.
   */
  readonly body?: string | Buffer | readonly Buffer[] | Readable;
  /**
   * Only with chunks or a stream body whose chunks are pooled read buffers
   * (GetObjectResult.releaseChunk): the writer hands each chunk back once the socket took all
   * of its bytes.
   */
  readonly releaseChunk?: (chunk: Buffer) => void;
}

export interface HandlerContext {
  readonly objects: ObjectLayer;
  /** The region this deployment reports (GetBucketLocation, LocationConstraint checks). */
  readonly region: string;
  /** Account lookups (bucket owners' canonical ids, e-mail ACL grants); absent without a directory. */
  readonly accounts?: Pick<CallerDirectory, 'account' | 'accountByCanonicalId' | 'accountByEmail'>;
  /** Bucket lifecycle configurations (x-amz-expiration) and the length of a lifecycle day. */
  readonly lifecycle: { readonly configs: LifecycleConfigCache; readonly dayMs: number };
  /** Buckets' default encryption (writes without encryption headers). */
  readonly encryptionConfigs: EncryptionConfigCache;
  /** Buckets' versioning states for what reads show (never for what a write does). */
  readonly versioningStates: VersioningStateCache;
  /**
   * New buckets start with all four Block Public Access settings on (AWS's default since April
   * 2023); false (CAIRN_DEFAULT_BUCKET_PUBLIC_ACCESS_BLOCK=off) restores no settings. Default true.
   */
  readonly blockPublicAccessOfNewBuckets?: boolean;
  /**
   * Object Ownership of a bucket created without x-amz-object-ownership: BucketOwnerEnforced
   * (ACLs disabled, AWS's default since April 2023) unless CAIRN_DEFAULT_OBJECT_OWNERSHIP says otherwise.
   */
  readonly defaultObjectOwnership?: ObjectOwnership;
}

export type Handler = (req: S3Request, ctx: HandlerContext) => Promise<S3Response>;
