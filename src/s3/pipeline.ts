/**
 * The single S3 request pipeline. Every request, whatever its operation, goes through:
 *
 *   health check (unsigned GET/HEAD of a health path) ─┐
 *   CORS preflight (OPTIONS, unauthenticated: pipeline/cors-preflight.ts) ─┤
 *   route → bucket name → authenticate → authorize → 100-continue → decodeBody → handler → render
 *                      └──────────── any error → toS3Error → renderError
 *
 * Request ids, the Server header, request logging (pipeline/failure-log.ts: 5xx always, auth
 * failures rate-limited, every request at debug), the request trace (metrics:
 * pipeline/request-events.ts) and the connection policy for unread bodies live here only;
 * handlers never authenticate, authorize, log or render errors.
 * A request with an Origin header to a bucket gets the matching CORS rule's Access-Control-*
 * headers on its answer, errors included (pipeline/cors-actual-headers.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { S3Error } from '../errors/s3-error.js';
import { toS3Error } from '../errors/to-s3-error.js';
import type { ObjectLayer } from '../object/object-layer.js';
import { requireValidBucketName } from './handlers/bucket/bucket-name.js';
import type { Handler, HandlerContext, S3Request } from './handlers/handler.js';
import { OPERATIONS, type S3Operation } from './operations.js';
import { resolveAddress, route, type Route } from './router/index.js';
import { authenticate, decodeBody, SigningKeyCache, type AuthResult, type CredentialStore } from './sigv4/index.js';
import type { CallerDirectory, KeyUsageSink, ResolvedCaller } from '../iam/caller.js';
import type { Authorizer, AuthzRequest } from './pipeline/authorize.js';
import { actualCorsHeaders } from './pipeline/cors-actual-headers.js';
import { CorsConfigCache } from './pipeline/cors-config-cache.js';
import { answerPreflight } from './pipeline/cors-preflight.js';
import { authenticatePostObject as readPostForm } from './pipeline/post-object-auth.js';
import { asksGovernanceBypass, governanceBypass } from './pipeline/governance-bypass.js';
import { readsCopySource, requireCopySourceAccess } from './pipeline/copy-source-authz.js';
import { healthCheckFor, healthStatus, type HealthProbe } from './pipeline/health.js';
import { policyConditionKeys } from './pipeline/policy-condition-keys.js';
import { claimedAccessKey, RequestLog } from './pipeline/failure-log.js';
import type { Logger } from './pipeline/logger.js';
import { RequestBody } from './pipeline/request-body.js';
import { handlerHeaders } from './pipeline/request-headers.js';
import { PipelineRequest } from './pipeline/pipeline-request.js';
import { RequestIdGenerator } from './pipeline/request-id.js';
import { RequestTrace } from './pipeline/request-events.js';
import { renderError } from './pipeline/render-error.js';
import { type ResponseHead, writeResponse } from './pipeline/render-response.js';
import { LifecycleConfigCache } from './handlers/common/lifecycle-config-cache.js';
import { EncryptionConfigCache } from './handlers/common/encryption-config-cache.js';
import { VersioningStateCache } from './handlers/common/versioning-state-cache.js';
import { DEFAULT_DAY_MS } from '../lifecycle/index.js';
import { splitTarget } from './pipeline/request-target.js';
import type { ObjectOwnership } from './handlers/common/ownership-controls.js';
import { answersMissingObject, deniedReadError, isMissingObject, missingObjectError } from './pipeline/missing-object-answer.js';
import { hmacSha256Hex } from '../crypto/hmac-sha256.js';

export interface PipelineDeps {
  readonly objects: ObjectLayer;
  readonly handlers: Readonly<Record<S3Operation, Handler>>;
  readonly credentials: CredentialStore;
  readonly authorizer: Authorizer;
  /**
   * Resolves a signed request's access key to its caller (account, principal, policies): the
   * authorizer gets it, and the handlers the caller's account (bucket ownership, listings).
   * Without one (tests of a single root key) handlers see no account.
   */
  readonly directory?: Omit<CallerDirectory, 'secretFor'>;
  readonly health: HealthProbe;
  readonly logger: Logger;
  readonly region: string;
  /** Virtual-host-style domains. */
  readonly domains: readonly string[];
  /** Injected clock (SigV4 skew checks). */
  readonly now?: () => Date;
  readonly serverName?: string;
  /** Unread body bytes discarded to keep a connection alive (default 1 MiB). */
  readonly drainLimit?: number;
  /** Length of a lifecycle day in ms (CAIRN_ILM_DAY_SECONDS; default 86,400,000). */
  readonly lifecycleDayMs?: number;
  /** Block Public Access on new buckets (CAIRN_DEFAULT_BUCKET_PUBLIC_ACCESS_BLOCK; default true, as AWS). */
  readonly blockPublicAccessOfNewBuckets?: boolean;
  /** Object Ownership of a bucket created without x-amz-object-ownership (CAIRN_DEFAULT_OBJECT_OWNERSHIP; default BucketOwnerEnforced, as AWS). */
  readonly defaultObjectOwnership?: ObjectOwnership;
  /** Told of every request a known access key signed (GetAccessKeyLastUsed). */
  readonly keyUsage?: KeyUsageSink;
}

export interface RequestOptions {
  /** The request carried Expect: 100-continue and no 100 was sent yet. */
  readonly expectContinue: boolean;
}

export type S3RequestListener = (req: IncomingMessage, res: ServerResponse, opts: RequestOptions) => Promise<void>;

function isSignedRequest(req: IncomingMessage, rawQuery: string): boolean {
  if (req.headers.authorization !== undefined) return true;
  return /(?:^|&)(?:X-Amz-Signature|Signature)=/i.test(rawQuery);
}

/** The STS session token of a request: header, or presigned query parameter. */
function sessionToken(header: string | string[] | undefined, query: URLSearchParams): string | undefined {
  if (typeof header === 'string') return header;
  return query.get('X-Amz-Security-Token') ?? undefined;
}

function declaredDecodedLength(req: IncomingMessage, raw: number, auth: AuthResult): number {
  if (!auth.payload.kind.startsWith('streaming')) return raw;
  const decoded = req.headers['x-amz-decoded-content-length'];
  if (typeof decoded === 'string') {
    if (!/^\d+$/.test(decoded)) throw new S3Error('InvalidArgument', { message: 'x-amz-decoded-content-length must be a non-negative integer.', extra: { ArgumentName: 'x-amz-decoded-content-length', ArgumentValue: decoded } });
    return Number(decoded);
  }
  return raw;
}

/** Never used: a request has either a POST form or an authenticate() result. */
const NO_PRINCIPAL = { accessKey: '', anonymous: true } as const;

/** Operations after which this process re-reads a bucket's versioning state (handlers/common/versioning-state-cache.ts). */
const VERSIONING_CHANGES: ReadonlySet<S3Operation> = new Set(['PutBucketVersioning', 'PutObjectLockConfiguration', 'DeleteBucket', 'CreateBucket']);
/** Operations after which this process re-reads a bucket's CORS rules. */
const CORS_CHANGES: ReadonlySet<S3Operation> = new Set(['PutBucketCors', 'DeleteBucketCors', 'DeleteBucket', 'CreateBucket']);

function resourceOf(r: Route | undefined, rawPath: string): string {
  if (r?.bucket === undefined) {
    try { return decodeURIComponent(rawPath); } catch { return rawPath; }
  }
  return r.key === undefined ? `/${r.bucket}` : `/${r.bucket}/${r.key}`;
}

export function createS3Pipeline(deps: PipelineDeps): S3RequestListener {
  const ids = new RequestIdGenerator();
  // Signatures are MACed on the thread's AEAD engine (crypto/hmac-sha256.ts), not createHmac.
  const keyCache = new SigningKeyCache(undefined, hmacSha256Hex);
  const now = deps.now ?? (() => new Date());
  const serverName = deps.serverName ?? 'Cairn';
  const routerOpts = { domains: deps.domains };
  const handlerCtx: HandlerContext = {
    objects: deps.objects, region: deps.region,
    ...(deps.directory !== undefined ? { accounts: deps.directory } : {}),
    lifecycle: { configs: new LifecycleConfigCache(deps.objects), dayMs: deps.lifecycleDayMs ?? DEFAULT_DAY_MS },
    encryptionConfigs: new EncryptionConfigCache(deps.objects),
    versioningStates: new VersioningStateCache(deps.objects),
    blockPublicAccessOfNewBuckets: deps.blockPublicAccessOfNewBuckets ?? true,
    ...(deps.defaultObjectOwnership !== undefined ? { defaultObjectOwnership: deps.defaultObjectOwnership } : {}),
  };
  const requestLog = new RequestLog({ logger: deps.logger });
  const corsCache = new CorsConfigCache({ objects: deps.objects });

  return async function handle(req, res, opts) {
    const requestId = ids.next();
    const startedAt = performance.now();
    const trace = RequestTrace.open(req, res, 's3');
    trace?.requestId(requestId);
    const method = (req.method ?? 'GET').toUpperCase();
    const isHead = method === 'HEAD';
    // Written with the rest of the head (render-response.ts writeWholeHead), not set one by one.
    const head: ResponseHead = { base: ['x-amz-request-id', requestId, 'x-amz-id-2', ids.hostId, 'server', serverName], lengthTo: trace };
    const body = new RequestBody(req, { expectContinue: opts.expectContinue, ...(deps.drainLimit !== undefined ? { drainLimit: deps.drainLimit } : {}) });
    const { rawPath, rawQuery } = splitTarget(req.url ?? '/');
    // The abort signal is built on first use (most small requests never ask for it).
    let controller: AbortController | undefined;
    const clientGone = (): boolean => res.destroyed && !res.writableFinished;
    const signal = (): AbortSignal => {
      if (controller === undefined) {
        const c = new AbortController();
        controller = c;
        if (clientGone()) c.abort();
        else res.once('close', () => { if (!res.writableFinished) c.abort(); });
      }
      return controller.signal;
    };
    let routed: Route | undefined;
    let corsHeaders: Record<string, string> | undefined;
    /** What the authorizer was asked; told when the request is done (Authorizer.settled). */
    let authzRequest: AuthzRequest | undefined;
    const logFields = (): Record<string, unknown> => ({
      requestId, op: routed?.op, method, path: rawPath, accessKey: claimedAccessKey(req.headers, rawQuery),
      ms: Math.round(performance.now() - startedAt),
    });

    try {
      const check = healthCheckFor(method, rawPath, isSignedRequest(req, rawQuery));
      if (check !== undefined) {
        trace?.operation('HealthCheck');
        trace?.firstByte();
        body.settle(res);
        await writeResponse(res, { status: healthStatus(check, deps.health), headers: { 'content-length': '0' } }, false, head);
        return;
      }

      if (req.headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor >= 1) {
        throw new S3Error('BadRequest', { message: 'An HTTP/1.1 request must carry a Host header.' });
      }
      if (method === 'OPTIONS') {
        const address = resolveAddress({ ...(req.headers.host !== undefined ? { host: req.headers.host } : {}), path: rawPath }, routerOpts);
        if (address.bucket === undefined) throw new S3Error('MethodNotAllowed', { extra: { Method: method, ResourceType: 'SERVICE' } });
        requireValidBucketName(address.bucket);
        trace?.operation('PreflightRequest');
        const allowed = await answerPreflight({ bucket: address.bucket, ...(address.key !== undefined ? { key: address.key } : {}), headers: req.headers }, { cache: corsCache, objects: deps.objects });
        body.settle(res);
        trace?.firstByte();
        await writeResponse(res, { status: 200, headers: allowed }, false, head);
        requestLog.finished(res.statusCode, logFields);
        return;
      }
      const query = new URLSearchParams(rawQuery);
      routed = route({
        method,
        ...(req.headers.host !== undefined ? { host: req.headers.host } : {}),
        path: rawPath,
        query,
        hasHeader: (name) => req.headers[name] !== undefined,
      }, routerOpts);
      // S3 addresses valid bucket names only: never the system bucket (`.cairn.sys`).
      if (routed.bucket !== undefined) requireValidBucketName(routed.bucket);
      const meta = OPERATIONS[routed.op];
      trace?.operation(routed.op);
      trace?.target(routed.bucket, routed.key);
      if (routed.bucket !== undefined && req.headers.origin !== undefined) {
        corsHeaders = await actualCorsHeaders({ bucket: routed.bucket, method, headers: req.headers }, corsCache);
        if (corsHeaders !== undefined) for (const [name, value] of Object.entries(corsHeaders)) res.setHeader(name, value);
      }

      // A browser POST upload carries its credentials in the form: read up to the file first.
      const post = routed.op === 'PostObject' && routed.bucket !== undefined
        ? await readPostForm({ bucket: routed.bucket, contentType: req.headers['content-type'], body: body.continued(res), secure: req.socket instanceof TLSSocket },
          { credentials: deps.credentials, region: deps.region, keyCache, now: now() })
        : undefined;
      const auth: AuthResult | undefined = post !== undefined ? undefined : authenticate({
        method,
        rawPath,
        rawQuery,
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        ...(routed.isVirtualHost && routed.bucket !== undefined ? { virtualHostBucket: routed.bucket } : {}),
      }, deps.credentials, { now: now(), region: deps.region, keyCache });
      const principal = post ?? auth ?? NO_PRINCIPAL;
      trace?.accessKey(principal.accessKey);

      const objectKey = post?.form.key ?? routed.key;
      let caller: ResolvedCaller | undefined;
      if (!principal.anonymous && deps.directory !== undefined) {
        caller = deps.directory.resolve(principal.accessKey, post !== undefined ? post.sessionToken : sessionToken(req.headers['x-amz-security-token'], query));
        if (caller === undefined) throw new S3Error('InvalidAccessKeyId');
        deps.keyUsage?.note(principal.accessKey, 's3', deps.region);
      }
      const signedBy = auth ?? { post: true as const, anonymous: principal.anonymous };
      // One shape for every request (absent fields undefined): no spread copies on the hot path.
      const who: AuthzRequest = {
        accessKey: principal.accessKey,
        isAnonymous: principal.anonymous,
        sessionToken: auth?.sessionToken ?? post?.sessionToken,
        action: meta.action,
        bucket: routed.bucket,
        key: objectKey,
        versionId: rawQuery === '' ? undefined : query.get('versionId') ?? undefined,
        expectedBucketOwner: typeof req.headers['x-amz-expected-bucket-owner'] === 'string' ? req.headers['x-amz-expected-bucket-owner'] : undefined,
        caller,
        conditionKeys: () => policyConditionKeys({
          headers: req.headers, query, remoteAddress: req.socket.remoteAddress, secure: 'encrypted' in req.socket, auth: signedBy, now: now(),
        }),
      };
      // Most decisions are synchronous (authorizer caches): no promise to wait for then.
      authzRequest = who;
      const verdict = deps.authorizer.isAllowed(authzRequest);
      if (!(typeof verdict === 'boolean' ? verdict : await verdict)) {
        throw answersMissingObject(routed.op, who) ? await deniedReadError(deps.objects, deps.authorizer, who) : new S3Error('AccessDenied');
      }
      if (readsCopySource(routed.op)) {
        await requireCopySourceAccess(routed.op, req.headers, deps.authorizer, {
          accessKey: who.accessKey, isAnonymous: who.isAnonymous, conditionKeys: who.conditionKeys, ...(caller !== undefined ? { caller } : {}),
        });
      }
      const bypassGovernanceRetention = asksGovernanceBypass(req.headers) && await governanceBypass(deps.authorizer, req.headers, who);

      const rawLength = body.declaredLength;
      // An operation without a body gets an empty stream, built only if the handler looks.
      let payload: Readable | undefined;
      let trailers: () => Readonly<Record<string, string>> = () => ({});
      let contentLength = rawLength;
      if (post !== undefined) {
        payload = post.form.file;
        contentLength = -1;
      } else if (auth !== undefined && meta.body.mode !== 'none') {
        contentLength = declaredDecodedLength(req, rawLength, auth);
        if (meta.body.mode === 'stream' && contentLength < 0) {
          throw new S3Error('MissingContentLength');
        }
        if (meta.body.mode !== 'stream' && contentLength > meta.body.maxBytes) throw new S3Error('MaxMessageLengthExceeded');
        body.sendContinue(res);
        const decoded = decodeBody(body.open(), auth, { decodedLength: contentLength });
        payload = decoded.body;
        trailers = decoded.trailers;
      }

      const s3req: S3Request = new PipelineRequest({
        op: routed.op,
        method,
        bucket: routed.bucket,
        key: routed.key,
        query,
        headers: handlerHeaders(req.headers, req.rawHeaders),
        contentLength,
        trailers,
        requestId,
        accessKey: principal.accessKey,
        account: caller?.account,
        bypassGovernanceRetention,
        secure: 'encrypted' in req.socket,
        postForm: post?.form,
      }, () => (payload ??= Readable.from([])), signal);
      let out: Awaited<ReturnType<Handler>>;
      try {
        out = await deps.handlers[routed.op](s3req, handlerCtx);
      } catch (err) {
        // A missing object is NoSuchKey only to a caller who may list the bucket.
        throw isMissingObject(err) && answersMissingObject(routed.op, who) ? await missingObjectError(err, deps.authorizer, who) : err;
      } finally {
        if (routed.bucket !== undefined && VERSIONING_CHANGES.has(routed.op)) handlerCtx.versioningStates.invalidate(routed.bucket);
        deps.authorizer.settled?.(authzRequest);
      }
      if (routed.bucket !== undefined && CORS_CHANGES.has(routed.op)) corsCache.forget(routed.bucket);
      body.settle(res);
      trace?.firstByte();
      await writeResponse(res, out, isHead, head);
      requestLog.finished(res.statusCode, logFields);
    } catch (err) {
      if (authzRequest !== undefined) deps.authorizer.settled?.(authzRequest); // refused, or failed before its handler
      if (clientGone()) return; // client gone: nobody to answer
      const mapped = toS3Error(err, { method });
      requestLog.finished(mapped.status, () => ({ ...logFields(), code: mapped.code }), err);
      trace?.error(mapped.code);
      trace?.claimedAccessKey(claimedAccessKey(req.headers, rawQuery));
      trace?.firstByte();
      body.settle(res);
      renderError(res, mapped, { requestId, hostId: ids.hostId, base: head.base, resource: resourceOf(routed, rawPath), isHead, ...(corsHeaders !== undefined ? { headers: corsHeaders } : {}) });
    }
  };
}
