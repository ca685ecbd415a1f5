/**
 * The STS endpoint on the S3 listener (AWS STS Query API, version 2011-06-15), mounted in front
 * of the S3 pipeline by compose/ (withStsApi) as the admin API is. A request is STS when
 *   POST / with an `application/x-www-form-urlencoded` body, or GET / with `Action=` in the query,
 *   and it is either unsigned or signed with the credential scope service `sts`.
 * (IAM's query API has the same shape with service `iam`; S3 never takes a form on `/`.)
 *
 *   read the form (<= 64 KiB) -> Action + Version -> authenticate (SigV4, service sts, the body
 *   hash computed here) -> resolve the caller -> action -> XML
 *              └──── any error -> toStsError -> <ErrorResponse>
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buffer } from 'node:stream/consumers';
import type { CallerDirectory } from '../iam/caller.js';
import type { S3RequestListener } from '../s3/pipeline.js';
import type { Logger } from '../s3/pipeline/logger.js';
import { RequestBody } from '../s3/pipeline/request-body.js';
import { RequestIdGenerator } from '../s3/pipeline/request-id.js';
import { RequestTrace } from '../s3/pipeline/request-events.js';
import { authenticate, SigningKeyCache } from '../s3/sigv4/index.js';
import { scopeServiceOf } from '../s3/sigv4/credential.js';
import { checkActionAndVersion, dispatchSts, UNSIGNED_ACTIONS } from '../iam/sts/actions/dispatch.js';
import type { StsCaller, StsContext } from '../iam/sts/actions/sts-context.js';
import { SessionResolver } from '../iam/sts/session-resolver.js';
import { isSessionAccessKey } from '../iam/sts/session-keys.js';
import { StsError } from '../iam/sts/sts-error.js';
import { stsErrorXml, stsResponseXml } from '../iam/sts/sts-xml.js';
import { toStsError } from './to-sts-error.js';
import { splitTarget } from '../s3/pipeline/request-target.js';

export const MAX_STS_BODY_BYTES = 64 * 1024;
const FORM = 'application/x-www-form-urlencoded';

export interface StsApiDeps {
  readonly context: StsContext;
  /** Long-term keys and sessions (withSessions over the IAM directory). */
  readonly callers: CallerDirectory;
  /** The same resolver `callers` uses for sessions: a session caller's parent key. */
  readonly sessions: SessionResolver;
  readonly logger: Logger;
  readonly region: string;
  readonly serverName?: string;
}

function isSigned(req: IncomingMessage, rawQuery: string): boolean {
  return req.headers.authorization !== undefined || /(?:^|&)X-Amz-Signature=/.test(rawQuery);
}

/** Is this request for STS (see the header)? Decided from the head only. */
export function isStsRequest(req: IncomingMessage): boolean {
  const { rawPath, rawQuery } = splitTarget(req.url ?? '/');
  if (rawPath !== '/') return false;
  const method = (req.method ?? 'GET').toUpperCase();
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const shaped = (method === 'POST' && type === FORM) || (method === 'GET' && /(?:^|&)Action=/.test(rawQuery));
  if (!shaped) return false;
  return isSigned(req, rawQuery) ? scopeServiceOf(req.headers.authorization, rawQuery) === 'sts' : true;
}

async function readForm(req: IncomingMessage, res: ServerResponse, body: RequestBody): Promise<Buffer> {
  if ((req.method ?? 'GET').toUpperCase() !== 'POST') return Buffer.alloc(0);
  if (body.declaredLength > MAX_STS_BODY_BYTES) throw new StsError('ValidationError', `The request body is larger than ${MAX_STS_BODY_BYTES} bytes.`);
  const data = await buffer(body.continued(res));
  if (data.length > MAX_STS_BODY_BYTES) throw new StsError('ValidationError', `The request body is larger than ${MAX_STS_BODY_BYTES} bytes.`);
  return data;
}

function paramsOf(rawQuery: string, form: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  for (const source of [new URLSearchParams(rawQuery), new URLSearchParams(form.toString('utf8'))]) {
    for (const [k, v] of source) if (!k.startsWith('X-Amz-')) out.set(k, v);
  }
  return out;
}

function write(res: ServerResponse, status: number, xml: string, requestId: string): void {
  if (res.headersSent) { res.destroy(); return; }
  res.statusCode = status;
  res.setHeader('x-amzn-requestid', requestId);
  res.setHeader('content-type', 'text/xml');
  res.setHeader('content-length', Buffer.byteLength(xml));
  res.end(xml);
}

export function createStsListener(deps: StsApiDeps): S3RequestListener {
  const ids = new RequestIdGenerator();
  const keyCache = new SigningKeyCache();
  const serverName = deps.serverName ?? 'Cairn';

  async function callerOf(req: IncomingMessage, rawPath: string, rawQuery: string, form: Buffer): Promise<StsCaller> {
    const auth = authenticate(
      { method: (req.method ?? 'GET').toUpperCase(), rawPath, rawQuery, headers: req.headers, rawHeaders: req.rawHeaders },
      deps.callers, { now: deps.context.now(), region: deps.region, keyCache, service: 'sts', payloadHash: createHash('sha256').update(form).digest('hex') },
    );
    if (auth.version !== 4) throw new StsError('IncompleteSignature', 'STS requests must be signed with AWS Signature Version 4.');
    const caller = deps.callers.resolve(auth.accessKey, auth.sessionToken);
    if (caller === undefined) throw new StsError('InvalidClientTokenId', 'The security token included in the request is invalid.');
    const isSession = isSessionAccessKey(auth.accessKey);
    const parent = isSession && auth.sessionToken !== undefined ? deps.sessions.open(auth.accessKey, auth.sessionToken).parentAccessKey : undefined;
    return { caller, isSession, ...(parent !== undefined ? { parentAccessKey: parent } : {}) };
  }

  return async function handleSts(req, res, opts) {
    const requestId = ids.next();
    const trace = RequestTrace.open(req, res, 'sts');
    trace?.requestId(requestId);
    res.setHeader('server', serverName);
    const body = new RequestBody(req, { expectContinue: opts.expectContinue });
    const { rawPath, rawQuery } = splitTarget(req.url ?? '/');
    try {
      const form = await readForm(req, res, body);
      const params = paramsOf(rawQuery, form);
      const action = checkActionAndVersion(params);
      trace?.operation(action);
      const signed = isSigned(req, rawQuery);
      const caller = signed && !UNSIGNED_ACTIONS.has(action) ? await callerOf(req, rawPath, rawQuery, form) : undefined;
      trace?.accessKey(caller?.caller.accessKey ?? '');
      const answer = await dispatchSts(deps.context, action, params, caller);
      body.settle(res);
      trace?.firstByte();
      write(res, 200, stsResponseXml(answer.action, answer.result, requestId), requestId);
    } catch (err) {
      if (res.destroyed && !res.writableFinished) return;
      const e = toStsError(err);
      if (e.status >= 500) deps.logger.error('sts request failed', { requestId, error: err });
      else deps.logger.debug('sts request refused', { requestId, code: e.code, reason: e.message });
      trace?.error(e.code);
      trace?.firstByte();
      body.settle(res);
      write(res, e.status, stsErrorXml(e, requestId), requestId);
    }
  };
}

/** The S3 listener with STS in front: STS requests go to `sts`, all else to `next`. */
export function withStsApi(next: S3RequestListener, sts: S3RequestListener): S3RequestListener {
  return (req, res, opts) => (isStsRequest(req) ? sts(req, res, opts) : next(req, res, opts));
}
