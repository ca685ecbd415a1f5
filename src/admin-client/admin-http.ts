/**
 * The admin API over HTTP(S): one signed request, one JSON answer. Failures are
 * AdminClientError with a message fit for one line on a terminal: connection refused, a
 * timeout, or the server's JSON error (status, code and message).
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { text } from 'node:stream/consumers';
import type { AdminErrorDocument } from '../admin/wire-types.js';
import { signAdminRequest, type AdminCredentials } from './sign-request.js';

export interface AdminConnection {
  /** http(s)://host:port of the server. */
  readonly endpoint: URL;
  readonly region: string;
  readonly credentials: AdminCredentials;
  /** Per request (default 30 s). */
  readonly timeoutMs?: number;
  /** PEM file of the CAs an https:// endpoint's certificate is checked against (default: node's CAs). */
  readonly caBundle?: string;
}

export interface AdminCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute path, e.g. /minio/admin/v3/info. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  readonly body?: unknown;
}

export class AdminClientError extends Error {
  /** HTTP status of an answered request; undefined for a connection failure. */
  readonly status: number | undefined;
  /** The server's error code (Code of its JSON error), when it sent one. */
  readonly code: string | undefined;
  constructor(message: string, status?: number, code?: string) {
    super(message);
    this.name = 'AdminClientError';
    this.status = status;
    this.code = code;
  }
}

function connectionMessage(err: unknown, endpoint: URL): string {
  const code = (err as { code?: unknown }).code;
  const where = endpoint.origin;
  if (code === 'ECONNREFUSED') return `cannot connect to ${where}: connection refused (is the server running? set --endpoint or CAIRN_ENDPOINT)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `cannot connect to ${where}: unknown host ${endpoint.hostname}`;
  return `cannot reach ${where}: ${err instanceof Error ? err.message : String(err)}`;
}

function errorMessage(status: number, body: string): string {
  try {
    const doc = JSON.parse(body) as Partial<AdminErrorDocument>;
    if (typeof doc.Code === 'string') return `${status} ${doc.Code}: ${doc.Message ?? ''}`.trim();
  } catch { /* not JSON: below */ }
  return `${status}: unexpected answer (not an admin API error): ${body.slice(0, 200)}`;
}

function errorCode(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as Partial<AdminErrorDocument>).Code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function send(conn: AdminConnection, call: AdminCall): Promise<{ status: number; body: string }> {
  const payload = Buffer.from(call.body === undefined ? '' : JSON.stringify(call.body));
  const rawQuery = new URLSearchParams(call.query ?? {}).toString();
  const headers = signAdminRequest({
    method: call.method, rawPath: call.path, rawQuery, host: conn.endpoint.host, body: payload,
    region: conn.region, credentials: conn.credentials, now: new Date(),
  });
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  const request = conn.endpoint.protocol === 'https:' ? httpsRequest : httpRequest;
  const timeoutMs = conn.timeoutMs ?? 30_000;
  let ca: Buffer | undefined;
  try {
    ca = conn.caBundle !== undefined && conn.endpoint.protocol === 'https:' ? readFileSync(conn.caBundle) : undefined;
  } catch (err) {
    return Promise.reject(new AdminClientError(`cannot read the CA bundle ${conn.caBundle}: ${(err as Error).message}`));
  }
  return new Promise((resolve, reject) => {
    const req = request({
      protocol: conn.endpoint.protocol,
      hostname: conn.endpoint.hostname.replace(/^\[|\]$/g, ''),
      port: conn.endpoint.port,
      method: call.method,
      path: rawQuery === '' ? call.path : `${call.path}?${rawQuery}`,
      headers: { ...headers, 'content-length': String(payload.length) },
      timeout: timeoutMs,
      ca,
    }, (res: IncomingMessage) => {
      text(res).then(
        (body) => resolve({ status: res.statusCode ?? 0, body }),
        (err: unknown) => reject(new AdminClientError(connectionMessage(err, conn.endpoint))),
      );
    });
    req.once('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.once('error', (err) => reject(new AdminClientError(connectionMessage(err, conn.endpoint))));
    req.end(payload);
  });
}

/** Sends the call and returns the parsed JSON document of a 200 answer. */
export async function callAdmin(conn: AdminConnection, call: AdminCall): Promise<unknown> {
  const { status, body } = await send(conn, call);
  if (status !== 200) throw new AdminClientError(errorMessage(status, body), status, errorCode(body));
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new AdminClientError(`unexpected answer from ${conn.endpoint.origin}${call.path}: not JSON`, status);
  }
}
