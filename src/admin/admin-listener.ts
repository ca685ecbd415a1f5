/**
 * The admin API's request listener, mounted on the S3 listener (withAdminApi) before S3
 * routing. Every request under /minio/admin/ goes:
 *
 *   route (admin-router.ts) -> authenticate (SigV4 header auth, the S3 core: s3/sigv4)
 *   -> authorize: cluster routes the cluster root, or a cluster-account identity whose policies
 *      allow the route's `admin:` action; IAM routes decide in the endpoint (admin-policy.ts)
 *   -> read the JSON body (bounded, its sha256 verified) -> endpoint -> JSON
 *                └──── any error -> toAdminError -> MinIO-style JSON error
 *
 * Requests are signed exactly as S3 requests (madmin signs with service `s3` and the
 * deployment's region). Only header-signed SigV4 is accepted, as MinIO does: anonymous,
 * SigV2 and presigned requests are AccessDenied. Routing comes first, as in MinIO: an
 * unknown admin path is 404 whoever asks (the admin paths are public knowledge).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buffer } from 'node:stream/consumers';
import type { S3RequestListener } from '../s3/pipeline.js';
import type { Authorizer } from '../s3/pipeline/authorize.js';
import type { Logger } from '../s3/pipeline/logger.js';
import { RequestBody } from '../s3/pipeline/request-body.js';
import { RequestIdGenerator } from '../s3/pipeline/request-id.js';
import { RequestTrace } from '../s3/pipeline/request-events.js';
import { claimedAccessKey } from '../s3/pipeline/failure-log.js';
import { authenticate, decodeBody, SigningKeyCache, type AuthResult, type CredentialStore } from '../s3/sigv4/index.js';
import type { AccountAdmin } from './account-admin.js';
import type { LdapPolicyAdmin } from './ldap-policy-admin.js';
import type { AdminBackend } from './admin-backend.js';
import { adminDeniedMessage, clusterRouteAllowed, type AdminRequestFacts } from './admin-policy.js';
import type { ResolvedCaller } from '../iam/caller.js';
import type { IdentityAdmin } from './identity-admin.js';
import { AdminError, toAdminError } from './admin-error.js';
import { encryptData, MadminDecryptError } from '../crypto/madmin-encrypt.js';
import { MadminDecryptor } from './madmin-decryptor.js';
import { decodedPath, isAdminPath, routeAdmin } from './admin-router.js';
import { ADMIN_ENDPOINTS } from './endpoints/index.js';
import type { AdminErrorDocument } from './wire-types.js';
import { splitTarget } from '../s3/pipeline/request-target.js';

/** Admin request bodies are small JSON documents. */
export const MAX_ADMIN_BODY_BYTES = 64 * 1024;

export interface AdminApiDeps {
  readonly backend: AdminBackend;
  /** Accounts (tenants); absent: the account endpoints answer 501. */
  readonly accounts?: AccountAdmin;
  /** LDAP policy mappings; absent (no LDAP configured): those endpoints answer XMinioIAMActionNotAllowed. */
  readonly ldapPolicies?: LdapPolicyAdmin;
  /** Users, groups, policies, access keys; absent: those endpoints answer 501. */
  readonly identities?: IdentityAdmin;
  readonly credentials: CredentialStore;
  /** The cluster root's check (RootOnlyAuthorizer). */
  readonly authorizer: Authorizer;
  /** The callers behind access keys (IAM users, sessions): admin policies; absent: roots only. */
  readonly callers?: { resolve(accessKey: string, sessionToken?: string): ResolvedCaller | undefined };
  readonly logger: Logger;
  readonly region: string;
  /** Injected clock (SigV4 skew checks). */
  readonly now?: () => Date;
  readonly serverName?: string;
}

function requireAdminSignature(auth: AuthResult): void {
  if (auth.anonymous) throw new AdminError('AccessDenied', 'Admin API requests must be signed (AWS Signature Version 4).');
  if (auth.version !== 4 || auth.method !== 'header') {
    throw new AdminError('AccessDenied', 'Admin API requests must carry an AWS Signature Version 4 Authorization header.');
  }
}

async function readBody(req: IncomingMessage, res: ServerResponse, ctx: { body: RequestBody; auth: AuthResult }): Promise<Buffer> {
  const length = ctx.body.declaredLength;
  if (length < 0) {
    if (req.headers['transfer-encoding'] !== undefined) throw new AdminError('MissingContentLength', 'Admin request bodies need a Content-Length.');
    return Buffer.alloc(0);
  }
  if (length > MAX_ADMIN_BODY_BYTES) throw new AdminError('MaxMessageLengthExceeded', `Admin request bodies are at most ${MAX_ADMIN_BODY_BYTES} bytes.`);
  const kind = ctx.auth.payload.kind;
  if (kind !== 'sha256' && kind !== 'unsigned') {
    throw new AdminError('InvalidRequest', 'Admin request bodies are sent whole: x-amz-content-sha256 must be their sha256 or UNSIGNED-PAYLOAD.');
  }
  ctx.body.sendContinue(res);
  return buffer(decodeBody(ctx.body.open(), ctx.auth, { decodedLength: length }).body);
}

function writeJson(res: ServerResponse, status: number, doc: unknown): void {
  if (res.headersSent) { res.destroy(); return; }
  const body = JSON.stringify(doc);
  res.statusCode = status;
  if (status === 204) { res.end(); return; } // madmin's update/delete-service-account want No Content
  res.setHeader('content-type', 'application/json');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}

function writeBytes(res: ServerResponse, status: number, body: Buffer): void {
  if (res.headersSent) { res.destroy(); return; }
  res.statusCode = status;
  res.setHeader('content-type', 'application/octet-stream');
  res.setHeader('content-length', body.length);
  res.end(body);
}

export function createAdminListener(deps: AdminApiDeps): S3RequestListener {
  const ids = new RequestIdGenerator();
  const keyCache = new SigningKeyCache();
  const now = deps.now ?? (() => new Date());
  const serverName = deps.serverName ?? 'Cairn';
  const decryptor = new MadminDecryptor();

  return async function handleAdmin(req, res, opts) {
    const requestId = ids.next();
    const trace = RequestTrace.open(req, res, 'admin');
    trace?.requestId(requestId);
    const method = (req.method ?? 'GET').toUpperCase();
    res.setHeader('x-amz-request-id', requestId);
    res.setHeader('server', serverName);
    const body = new RequestBody(req, { expectContinue: opts.expectContinue });
    const { rawPath, rawQuery } = splitTarget(req.url ?? '/');
    try {
      const route = routeAdmin({ method, rawPath, query: new URLSearchParams(rawQuery) });
      trace?.operation(route.op);
      const auth = authenticate(
        { method, rawPath, rawQuery, headers: req.headers, rawHeaders: req.rawHeaders },
        deps.credentials, { now: now(), region: deps.region, keyCache },
      );
      trace?.accessKey(auth.accessKey);
      requireAdminSignature(auth);
      const sessionToken = typeof req.headers['x-amz-security-token'] === 'string' ? req.headers['x-amz-security-token'] : undefined;
      const facts: AdminRequestFacts = {
        now: now(), sourceIp: req.socket.remoteAddress ?? '', userAgent: req.headers['user-agent'], secureTransport: 'encrypted' in req.socket,
      };
      // The IAM paths are also an account root's and policy-holders': the endpoint decides (IdentityAdmin.actingAccount).
      if (route.accountScoped !== true && !await deps.authorizer.isAllowed({ accessKey: auth.accessKey, isAnonymous: auth.anonymous, action: route.action })) {
        const caller = deps.callers?.resolve(auth.accessKey, sessionToken);
        if (!clusterRouteAllowed(caller, route.action, facts)) {
          throw new AdminError('AccessDenied', deps.callers === undefined ? `Access Denied: ${route.action} needs the root user.` : adminDeniedMessage(caller, route.action, 'cluster'));
        }
      }
      const raw = route.readsBody ? await readBody(req, res, { body, auth }) : Buffer.alloc(0);
      const decrypt = async (data: Buffer): Promise<Buffer> => {
        const secret = deps.credentials.secretFor(auth.accessKey, sessionToken);
        if (secret === undefined) throw new AdminError('AccessDenied', 'The signing key is no longer valid.');
        try { return await decryptor.decrypt(secret, data); } catch (err) {
          if (err instanceof MadminDecryptError) throw new AdminError('XMinioRequestBodyParse', `The encrypted body cannot be decrypted with the signer's secret key: ${err.message}`);
          throw err;
        }
      };
      const out = await ADMIN_ENDPOINTS[route.op]({
        route, body: raw.toString('utf8'), rawBody: raw, decrypt, host: req.headers.host ?? '', clientAddress: req.socket.remoteAddress ?? '',
        accessKey: auth.accessKey, ...(sessionToken !== undefined ? { sessionToken } : {}), facts,
      }, deps.backend, deps.accounts, deps.identities, deps.ldapPolicies);
      body.settle(res);
      trace?.firstByte();
      if (out.encrypted === true) {
        const secret = deps.credentials.secretFor(auth.accessKey, sessionToken);
        if (secret === undefined) throw new AdminError('AccessDenied', 'The signing key is no longer valid.');
        writeBytes(res, out.status, encryptData(secret, Buffer.from(JSON.stringify(out.document))));
      } else {
        writeJson(res, out.status, out.document);
      }
    } catch (err) {
      if (res.destroyed && !res.writableFinished) return; // client gone
      const e = toAdminError(err);
      if (e.isInternal) deps.logger.error('admin request failed', { requestId, method, path: rawPath, error: err });
      trace?.error(e.code);
      trace?.claimedAccessKey(claimedAccessKey(req.headers, rawQuery));
      trace?.firstByte();
      const doc: AdminErrorDocument = { Code: e.code, Message: e.message, Resource: decodedPath(rawPath), RequestId: requestId };
      body.settle(res);
      writeJson(res, e.status, doc);
    }
  };
}

/** The S3 listener with the admin API in front: admin paths go to `admin`, all else to `s3`. */
export function withAdminApi(s3: S3RequestListener, admin: S3RequestListener): S3RequestListener {
  return (req, res, opts) => (isAdminPath(splitTarget(req.url ?? '/').rawPath) ? admin(req, res, opts) : s3(req, res, opts));
}
