/**
 * Small helpers shared by the conformance suites: a signed raw call against a spawned server,
 * and checks every S3 error response must pass (status, Code, and the Message / Resource /
 * RequestId / HostId elements plus a matching x-amz-request-id header).
 */
import assert from 'node:assert/strict';
import type { CairnServer } from '../helpers/server.js';
import { xmlValue, type RawResponse } from '../helpers/raw-http.js';
import { signedRequest } from '../helpers/signed-request.js';

export function call(s: CairnServer, method: string, path: string, opts: { body?: string | Buffer; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return signedRequest(s, { method, path, ...(opts.body !== undefined ? { body: opts.body } : {}), ...(opts.headers ? { headers: opts.headers } : {}) });
}

/** Asserts `r` is the S3 error `code` with `status`, with every element AWS always sends. */
export function assertS3Error(r: RawResponse, status: number, code: string, resource?: string): void {
  assert.equal(r.status, status, `expected ${status} ${code}, got ${r.status}: ${r.text}`);
  assert.equal(r.headers['content-type'], 'application/xml');
  assert.equal(xmlValue(r.text, 'Code'), code, r.text);
  assert.ok(xmlValue(r.text, 'Message') !== undefined, `Message missing: ${r.text}`);
  assert.ok(xmlValue(r.text, 'HostId'), `HostId missing: ${r.text}`);
  const requestId = xmlValue(r.text, 'RequestId');
  assert.ok(requestId, `RequestId missing: ${r.text}`);
  assert.equal(r.headers['x-amz-request-id'], requestId);
  if (resource !== undefined) assert.equal(xmlValue(r.text, 'Resource'), resource);
}

/** Asserts a HEAD error: the status, no body, the request id header. */
export function assertHeadError(r: RawResponse, status: number): void {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}`);
  assert.equal(r.body.length, 0);
  assert.ok(r.headers['x-amz-request-id']);
}

export async function createBucket(s: CairnServer, name: string, versioning?: 'Enabled' | 'Suspended'): Promise<void> {
  const r = await call(s, 'PUT', `/${name}`);
  assert.equal(r.status, 200, r.text);
  if (versioning !== undefined) {
    const v = await call(s, 'PUT', `/${name}?versioning`, { body: `<VersioningConfiguration><Status>${versioning}</Status></VersioningConfiguration>` });
    assert.equal(v.status, 200, v.text);
  }
}

export async function putObject(s: CairnServer, path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<RawResponse> {
  const r = await call(s, 'PUT', path, { body, headers });
  assert.equal(r.status, 200, r.text);
  return r;
}
