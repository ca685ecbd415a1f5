/**
 * The IAM query API on the S3 listener (mounted in front of S3 routing by compose/ with
 * withIamApi). A request is IAM when it goes to `/` and is
 *   a POST whose SigV4 credential scope (header or presigned query) names service `iam`, or
 *   whose body is a form (`Content-Type: application/x-www-form-urlencoded`, which no S3
 *   operation on `/` takes), or
 *   a GET with `Action=` in the query, signed (header or presigned) with service `iam`
 * (unsigned GETs with `Action=` are STS's, which sits in front). Parameters come from the query
 * and, for a POST, the form body (a body parameter wins), as AWS's query protocol takes them.
 * Each request goes:
 *
 *   read the form (at most 256 KiB) -> authenticate (iam-auth.ts) -> the caller
 *   (CallerDirectory.resolve; GetSessionToken / GetFederationToken credentials refused) -> Action -> authorize (iam-authorize.ts) -> operation -> XML
 *                  └──── any error -> <ErrorResponse> with IAM's code and status
 *
 * Request ids are UUIDs, as IAM's (`x-amzn-RequestId` header and `<RequestId>`).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { S3RequestListener } from '../../s3/pipeline.js';
import type { Logger } from '../../s3/pipeline/logger.js';
import { RequestBody } from '../../s3/pipeline/request-body.js';
import { RequestTrace } from '../../s3/pipeline/request-events.js';
import { SigningKeyCache } from '../../s3/sigv4/index.js';
import { scopeServiceOf } from '../../s3/sigv4/credential.js';
import type { CallerDirectory, KeyUsageSink } from '../caller.js';
import type { IamStore } from '../store/index.js';
import { IamError, isIamError } from '../store/iam-errors.js';
import { IAM_SERVICE, authenticateIam } from './iam-auth.js';
import { authorizeIam } from './iam-authorize.js';
import { IAM_OPERATIONS } from './iam-operations.js';
import { IamParams } from './iam-params.js';
import { useStoredEntityNames } from './entity-names.js';
import { errorXml, responseXml } from './iam-xml.js';
import { splitTarget } from '../../s3/pipeline/request-target.js';

export const MAX_IAM_BODY_BYTES = 256 * 1024;
export const IAM_API_VERSION = '2010-05-08';

export interface IamApiDeps {
  readonly store: IamStore;
  /** The callers, STS sessions included (a session's policies narrow its role's). */
  readonly directory: CallerDirectory;
  readonly region: string;
  readonly logger: Logger;
  readonly now?: () => Date;
  /** Told of every request a known access key signed (GetAccessKeyLastUsed). */
  readonly keyUsage?: KeyUsageSink;
}

const FORM = 'application/x-www-form-urlencoded';
/** IAM is a global service: its uses are recorded in us-east-1, as AWS reports them. */
const IAM_USAGE_REGION = 'us-east-1';

/** True for requests the IAM API answers (they never reach the S3 router). */
export function isIamRequest(req: IncomingMessage): boolean {
  const { rawPath, rawQuery } = splitTarget(req.url ?? '/');
  if (rawPath !== '/') return false;
  const iamScope = (): boolean => scopeServiceOf(req.headers.authorization, rawQuery) === IAM_SERVICE;
  if (req.method === 'GET') return /(?:^|&)Action=/.test(rawQuery) && iamScope();
  if (req.method !== 'POST') return false;
  return iamScope() || (req.headers['content-type'] ?? '').toLowerCase().startsWith(FORM);
}

/** The request's parameters: the query's (but the presigned URL's own X-Amz-*) and the form body's. */
function paramsOf(rawQuery: string, form: Buffer): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of new URLSearchParams(rawQuery)) if (!k.startsWith('X-Amz-')) out.set(k, v);
  for (const [k, v] of new URLSearchParams(form.toString('utf8'))) out.set(k, v);
  return out;
}

async function readForm(req: IncomingMessage, res: ServerResponse, body: RequestBody): Promise<Buffer> {
  if (req.method !== 'POST') return Buffer.alloc(0);
  const length = body.declaredLength;
  if (length > MAX_IAM_BODY_BYTES) throw new IamError('ValidationError', `The request body is larger than ${MAX_IAM_BODY_BYTES} bytes.`);
  body.sendContinue(res);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body.open()) {
    const b = chunk as Buffer;
    total += b.length;
    if (total > MAX_IAM_BODY_BYTES) throw new IamError('ValidationError', `The request body is larger than ${MAX_IAM_BODY_BYTES} bytes.`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function writeXml(res: ServerResponse, status: number, xml: string, requestId: string): void {
  if (res.headersSent) { res.destroy(); return; }
  res.statusCode = status;
  res.setHeader('x-amzn-requestid', requestId);
  res.setHeader('content-type', 'text/xml');
  res.setHeader('content-length', Buffer.byteLength(xml));
  res.end(xml);
}

export function createIamListener(deps: IamApiDeps): S3RequestListener {
  const keyCache = new SigningKeyCache();
  const now = deps.now ?? (() => new Date());

  return async function handleIam(req, res, opts) {
    const requestId = randomUUID();
    const trace = RequestTrace.open(req, res, 'iam');
    trace?.requestId(requestId);
    const body = new RequestBody(req, { expectContinue: opts.expectContinue });
    const { rawPath, rawQuery } = splitTarget(req.url ?? '/');
    try {
      const bytes = await readForm(req, res, body);
      const at = now();
      const signer = authenticateIam(
        { method: req.method ?? 'POST', rawPath, rawQuery, headers: req.headers, rawHeaders: req.rawHeaders },
        bytes, deps.directory, { now: at, region: deps.region, keyCache },
      );
      trace?.accessKey(signer.accessKey);
      const caller = deps.directory.resolve(signer.accessKey, signer.sessionToken);
      // GetSessionToken (without MFA, which Cairn has not) and GetFederationToken credentials
      // cannot call IAM; AWS answers InvalidClientTokenId (STS API Reference, both actions).
      if (caller === undefined || caller.temporary === 'session-token' || caller.temporary === 'federation-token') {
        throw new IamError('InvalidClientTokenId', 'The security token included in the request is invalid.');
      }
      deps.keyUsage?.note(signer.accessKey, 'iam', IAM_USAGE_REGION);
      const form = paramsOf(rawQuery, bytes);
      const action = form.get('Action');
      if (action === null || action === '') throw new IamError('MissingAction', 'Missing Action');
      trace?.operation(action);
      const version = form.get('Version');
      const op = Object.hasOwn(IAM_OPERATIONS, action) ? IAM_OPERATIONS[action] : undefined;
      if (op === undefined || (version !== null && version !== IAM_API_VERSION)) {
        throw new IamError('InvalidAction', `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`);
      }
      useStoredEntityNames(form, deps.store.account(caller.account.id)?.doc);
      const call = { params: new IamParams(form), accountId: caller.account.id, store: deps.store, caller };
      authorizeIam({
        caller, action, resource: op.resource(call), now: at, sourceIp: req.socket.remoteAddress ?? '',
        userAgent: req.headers['user-agent'], secureTransport: 'encrypted' in req.socket,
      });
      const result = await op.run(call);
      body.settle(res);
      trace?.firstByte();
      writeXml(res, 200, responseXml(action, result, requestId), requestId);
    } catch (err) {
      if (res.destroyed && !res.writableFinished) return;
      const e = isIamError(err) ? err : undefined;
      if (e === undefined) deps.logger.error('IAM request failed', { requestId, error: err });
      const code = e?.iamCode ?? 'ServiceFailure';
      const status = e?.status ?? 500;
      trace?.error(code);
      trace?.firstByte();
      body.settle(res);
      const message = e?.message ?? 'An internal error occurred; try again.';
      writeXml(res, status, errorXml(code, message, requestId, status >= 500 ? 'Receiver' : 'Sender'), requestId);
    }
  };
}

/** The S3 listener with the IAM API in front: IAM query requests go to `iam`, all else to `s3`. */
export function withIamApi(s3: S3RequestListener, iam: S3RequestListener): S3RequestListener {
  return (req, res, opts) => (isIamRequest(req) ? iam(req, res, opts) : s3(req, res, opts));
}
