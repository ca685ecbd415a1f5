/**
 * The S3 Control endpoint on the S3 listener (Amazon S3 Control API, version 2018-08-20),
 * mounted in front of the S3 pipeline by compose/ (withS3ControlApi). What it serves: the
 * account-level Block Public Access (account-public-access-block.ts). A request is S3 Control
 * when its path is `/v20180820/configuration/publicAccessBlock` and it carries
 * `x-amz-account-id` (a bucket named v20180820 is still S3's without that header).
 *
 * Addressing: AWS SDKs put the account id in front of the endpoint's host
 * (`ACCOUNTID.host:port`), so `aws s3control --endpoint-url http://host:port` needs that name
 * to resolve (a wildcard DNS entry, as virtual-hosted-style buckets need), or an HTTP proxy
 * set to Cairn itself (`HTTP_PROXY=http://host:port`): the request then arrives in absolute
 * form (`GET http://ACCOUNTID.host:port/v20180820/...`, RFC 9112 section 3.2.2), which this
 * listener accepts. The host header is signed as sent either way.
 *
 *   authenticate (SigV4, service s3; the body verified against x-amz-content-sha256)
 *   -> caller (directory) -> x-amz-account-id must be the caller's account (else AccessDenied)
 *   -> authorize (s3:Get/PutAccountPublicAccessBlock on `*`, the caller's own identity side)
 *   -> operation -> XML; any error -> the S3 error document (renderError) with AccountId.
 */
import type { IncomingMessage } from 'node:http';
import { S3Error } from '../../errors/s3-error.js';
import { toS3Error } from '../../errors/to-s3-error.js';
import type { CallerDirectory, KeyUsageSink } from '../../iam/caller.js';
import type { IamStore } from '../../iam/store/index.js';
import type { S3RequestListener } from '../pipeline.js';
import type { Authorizer } from '../pipeline/authorize.js';
import type { Logger } from '../pipeline/logger.js';
import { policyConditionKeys } from '../pipeline/policy-condition-keys.js';
import { renderError } from '../pipeline/render-error.js';
import { writeResponse } from '../pipeline/render-response.js';
import { RequestBody } from '../pipeline/request-body.js';
import { RequestIdGenerator } from '../pipeline/request-id.js';
import { RequestTrace } from '../pipeline/request-events.js';
import { authenticate, decodeBody, SigningKeyCache, type CredentialStore } from '../sigv4/index.js';
import { readBodyCapped } from '../xml/read-body.js';
import { ACCOUNT_PAB_METHODS, PUBLIC_ACCESS_BLOCK_PATH, runAccountPabOperation } from './account-public-access-block.js';

export const ACCOUNT_ID_HEADER = 'x-amz-account-id';
const MAX_BODY_BYTES = 64 * 1024;

export interface S3ControlDeps {
  readonly store: Pick<IamStore, 'mutate'>;
  readonly directory: Omit<CallerDirectory, 'secretFor'>;
  readonly credentials: CredentialStore;
  readonly authorizer: Authorizer;
  readonly region: string;
  readonly logger: Logger;
  readonly now?: () => Date;
  readonly serverName?: string;
  /** Told of every request a known access key signed (GetAccessKeyLastUsed). */
  readonly keyUsage?: KeyUsageSink;
}

/** The origin-form path and query of a request target (absolute form accepted). */
export function splitControlTarget(url: string): { rawPath: string; rawQuery: string } {
  const origin = /^https?:\/\/[^/?#]*/i.exec(url);
  const rest = origin === null ? url : url.slice(origin[0].length) || '/';
  const q = rest.indexOf('?');
  return q < 0 ? { rawPath: rest, rawQuery: '' } : { rawPath: rest.slice(0, q), rawQuery: rest.slice(q + 1) };
}

/** Is this request for S3 Control (see the header)? Decided from the head only. */
export function isS3ControlRequest(req: IncomingMessage): boolean {
  if (req.headers[ACCOUNT_ID_HEADER] === undefined) return false;
  return splitControlTarget(req.url ?? '/').rawPath === PUBLIC_ACCESS_BLOCK_PATH;
}

export function createS3ControlListener(deps: S3ControlDeps): S3RequestListener {
  const ids = new RequestIdGenerator();
  const keyCache = new SigningKeyCache();
  const now = deps.now ?? (() => new Date());
  const serverName = deps.serverName ?? 'Cairn';

  return async function handleS3Control(req, res, opts) {
    const requestId = ids.next();
    const trace = RequestTrace.open(req, res, 's3');
    trace?.requestId(requestId);
    res.setHeader('x-amz-request-id', requestId);
    res.setHeader('x-amz-id-2', ids.hostId);
    res.setHeader('server', serverName);
    const method = (req.method ?? 'GET').toUpperCase();
    const body = new RequestBody(req, { expectContinue: opts.expectContinue });
    const { rawPath, rawQuery } = splitControlTarget(req.url ?? '/');
    const accountId = String(req.headers[ACCOUNT_ID_HEADER]).trim();
    try {
      const entry = ACCOUNT_PAB_METHODS[method];
      if (entry === undefined) throw new S3Error('MethodNotAllowed', { extra: { Method: method, ResourceType: 'ACCOUNT' } });
      trace?.operation(entry.op);
      const auth = authenticate({ method, rawPath, rawQuery, headers: req.headers, rawHeaders: req.rawHeaders }, deps.credentials,
        { now: now(), region: deps.region, keyCache });
      trace?.accessKey(auth.accessKey);
      const caller = auth.anonymous ? undefined : deps.directory.resolve(auth.accessKey, auth.sessionToken);
      if (!auth.anonymous && caller === undefined) throw new S3Error('InvalidAccessKeyId');
      if (caller !== undefined) deps.keyUsage?.note(auth.accessKey, 's3', deps.region);
      if (!/^\d{12}$/.test(accountId)) {
        throw new S3Error('InvalidArgument', { message: 'The account id must be 12 digits.', extra: { ArgumentName: ACCOUNT_ID_HEADER, ArgumentValue: accountId } });
      }
      const query = new URLSearchParams(rawQuery);
      const allowed = caller !== undefined && caller.account.id === accountId && await deps.authorizer.isAllowed({
        accessKey: auth.accessKey, isAnonymous: false, caller, action: entry.action,
        ...(auth.sessionToken !== undefined ? { sessionToken: auth.sessionToken } : {}),
        conditionKeys: () => policyConditionKeys({
          headers: req.headers, query, remoteAddress: req.socket.remoteAddress, secure: 'encrypted' in req.socket, auth, now: now(),
        }),
      });
      if (!allowed) throw new S3Error('AccessDenied');
      let payload: Buffer = Buffer.alloc(0);
      if (method === 'PUT') {
        if (body.declaredLength > MAX_BODY_BYTES) throw new S3Error('MaxMessageLengthExceeded');
        body.sendContinue(res);
        payload = await readBodyCapped(decodeBody(body.open(), auth, { decodedLength: body.declaredLength }).body, MAX_BODY_BYTES);
      }
      const answer = await runAccountPabOperation(entry.op, accountId, payload, { store: deps.store, account: (id) => deps.directory.account(id) });
      body.settle(res);
      trace?.firstByte();
      await writeResponse(res, answer.body === undefined
        ? { status: answer.status, headers: { 'content-length': '0' } }
        : { status: answer.status, headers: { 'content-type': 'application/xml' }, body: answer.body }, false);
    } catch (err) {
      if (res.destroyed && !res.writableFinished) return;
      const mapped = toS3Error(err, { method });
      if (mapped.status >= 500) deps.logger.error('S3 Control request failed', { requestId, error: err });
      trace?.error(mapped.code);
      trace?.firstByte();
      body.settle(res);
      const withAccount = mapped.extra?.['AccountId'] === undefined && /^\d{12}$/.test(accountId)
        ? new S3Error(mapped.code, { message: mapped.message, extra: { ...mapped.extra, AccountId: accountId } })
        : mapped;
      renderError(res, withAccount, { requestId, hostId: ids.hostId, resource: rawPath, isHead: false });
    }
  };
}

/** The S3 listener with S3 Control in front: S3 Control requests go to `control`, all else to `next`. */
export function withS3ControlApi(next: S3RequestListener, control: S3RequestListener): S3RequestListener {
  return (req, res, opts) => (isS3ControlRequest(req) ? control(req, res, opts) : next(req, res, opts));
}
