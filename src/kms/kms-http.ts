/**
 * JSON over HTTP(S) for the KMS clients: one request, a deadline, the CAs to trust and an
 * optional client certificate (KES mTLS). A network failure, a timeout or a 5xx answer is a
 * `KmsUnavailableError`; other answers come back with their status and parsed JSON body for
 * the client to interpret (each KMS words its errors differently).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { text } from 'node:stream/consumers';
import { KmsUnavailableError } from '../errors/domain-errors.js';

export interface KmsEndpoint {
  /** http(s)://host:port (a path prefix is kept). */
  readonly url: URL;
  /** PEM CAs to trust (default: node's). */
  readonly ca?: readonly (string | Buffer)[];
  /** mTLS client certificate and key (PEM). */
  readonly clientCert?: { readonly cert: Buffer; readonly key: Buffer };
  /** Per request (default 10 s). */
  readonly timeoutMs?: number;
}

export interface KmsCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the endpoint, e.g. `/v1/transit/datakey/plaintext/my-key`. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface KmsAnswer {
  readonly status: number;
  /** Parsed JSON, or undefined for an empty or non-JSON body. */
  readonly json: unknown;
}

const MAX_ANSWER_BYTES = 1024 * 1024;

function endpointName(e: KmsEndpoint): string {
  return e.url.origin;
}

export async function callKms(endpoint: KmsEndpoint, call: KmsCall): Promise<KmsAnswer> {
  const payload = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body), 'utf8');
  const base = endpoint.url.pathname.replace(/\/+$/, '');
  const https = endpoint.url.protocol === 'https:';
  const request = https ? httpsRequest : httpRequest;
  const timeoutMs = endpoint.timeoutMs ?? 10_000;
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request({
      protocol: endpoint.url.protocol,
      hostname: endpoint.url.hostname.replace(/^\[|\]$/g, ''),
      port: endpoint.url.port,
      method: call.method,
      path: `${base}${call.path}`,
      headers: {
        accept: 'application/json',
        ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
        ...call.headers,
      },
      timeout: timeoutMs,
      agent: false,
      ca: https && endpoint.ca ? [...endpoint.ca] : undefined,
      cert: endpoint.clientCert?.cert,
      key: endpoint.clientCert?.key,
    }, resolve);
    req.once('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.once('error', (err) => reject(new KmsUnavailableError(endpointName(endpoint), err.message, { cause: err })));
    req.end(payload);
  });
  let body: string;
  try {
    body = await text(res);
  } catch (err) {
    throw new KmsUnavailableError(endpointName(endpoint), `answer cut: ${(err as Error).message}`, { cause: err });
  }
  if (body.length > MAX_ANSWER_BYTES) throw new KmsUnavailableError(endpointName(endpoint), 'answer too large');
  const status = res.statusCode ?? 0;
  let json: unknown;
  try {
    json = body === '' ? undefined : JSON.parse(body);
  } catch {
    json = undefined;
  }
  if (status >= 500) throw new KmsUnavailableError(endpointName(endpoint), `HTTP ${status}${errorText(json)}`);
  return { status, json };
}

/** `: message` from the error shapes of Vault (`errors: []`) and KES (`message`). */
export function errorText(json: unknown): string {
  if (typeof json !== 'object' || json === null) return '';
  const doc = json as { errors?: unknown; message?: unknown };
  if (Array.isArray(doc.errors) && doc.errors.length > 0) return `: ${doc.errors.map(String).join('; ')}`;
  if (typeof doc.message === 'string') return `: ${doc.message}`;
  return '';
}

/** A base64 string field of a JSON answer, decoded; undefined when absent or not a string. */
export function base64Field(doc: unknown, ...path: string[]): Buffer | undefined {
  const v = stringField(doc, ...path);
  return v === undefined ? undefined : Buffer.from(v, 'base64');
}

export function stringField(doc: unknown, ...path: string[]): string | undefined {
  let cur: unknown = doc;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return typeof cur === 'string' ? cur : undefined;
}
