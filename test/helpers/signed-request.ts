/** Raw HTTP requests signed with the test SigV4 signer, aimed at a spawned server. */
import type { CairnServer } from './server.js';
import { rawRequest, type RawResponse } from './raw-http.js';
import { sha256Hex, signRequest, type SignedRequest } from './sigv4-signer.js';

export interface SignedCall {
  readonly method: string;
  /** Encoded path with optional query. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
  /** Default: the real sha256 of the body. */
  readonly payloadHash?: string;
  readonly date?: Date;
  /** Override the secret used for signing (forgery tests). */
  readonly secretKey?: string;
  readonly accessKey?: string;
  /** Host header to send and sign; default 127.0.0.1:PORT (virtual-host tests set bucket.DOMAIN:PORT). */
  readonly host?: string;
}

export function signFor(server: CairnServer, call: SignedCall): SignedRequest {
  const body = call.body ?? '';
  return signRequest({
    method: call.method,
    path: call.path,
    host: call.host ?? `127.0.0.1:${server.port}`,
    headers: call.headers,
    payloadHash: call.payloadHash ?? sha256Hex(body),
    date: call.date,
  }, {
    accessKey: call.accessKey ?? server.accessKey,
    secretKey: call.secretKey ?? server.secretKey,
    region: server.region,
  });
}

export function signedRequest(server: CairnServer, call: SignedCall): Promise<RawResponse> {
  const signed = signFor(server, call);
  const body = call.body ?? '';
  const headers: Record<string, string | number> = { ...signed.headers };
  if (call.method !== 'GET' && call.method !== 'HEAD' && headers['content-length'] === undefined) {
    headers['content-length'] = Buffer.byteLength(body);
  }
  return rawRequest({ port: server.port, method: call.method, path: call.path, headers, body: call.body });
}
