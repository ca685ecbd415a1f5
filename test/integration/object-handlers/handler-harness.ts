/**
 * In-process harness for the object / list / multipart handlers: a real ErasureObjectLayer on
 * mkdtemp LocalDrives (createStorage), and S3Request values built the way the pipeline builds
 * them, so each test drives handler -> layer -> drives without HTTP or auth in between.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { ErasureObjectLayer } from '../../../src/object/index.js';
import { createStorage } from '../../../src/storage/index.js';
import type { HandlerContext, S3Request, S3Response } from '../../../src/s3/handlers/handler.js';
import { isS3Error } from '../../../src/errors/s3-error.js';
import { toS3Error } from '../../../src/errors/to-s3-error.js';
import { LifecycleConfigCache } from '../../../src/s3/handlers/common/lifecycle-config-cache.js';
import { EncryptionConfigCache } from '../../../src/s3/handlers/common/encryption-config-cache.js';
import { VersioningStateCache } from '../../../src/s3/handlers/common/versioning-state-cache.js';
import { DEFAULT_DAY_MS } from '../../../src/lifecycle/index.js';

export const BUCKET = 'handlers';

export interface Call {
  readonly op: string;
  readonly method: string;
  readonly key?: string;
  readonly bucket?: string;
  readonly query?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
  /** Declared length; default: body length for bodies, -1 otherwise. */
  readonly contentLength?: number;
  readonly trailers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export interface Harness {
  readonly ctx: HandlerContext;
  readonly layer: ErasureObjectLayer;
  request(call: Call): S3Request;
  close(): Promise<void>;
}

export async function openHarness(drives = 1): Promise<Harness> {
  const root = await mkdtemp(join(tmpdir(), 'cairn-handlers-'));
  const endpoints = Array.from({ length: drives }, (_, i) => join(root, `d${i + 1}`));
  const storage = await createStorage({ endpoints });
  const layer = new ErasureObjectLayer(storage, { region: 'us-east-1' });
  await layer.makeBucket({ bucket: BUCKET });
  return {
    ctx: {
      objects: layer, region: 'us-east-1', lifecycle: { configs: new LifecycleConfigCache(layer), dayMs: DEFAULT_DAY_MS },
      encryptionConfigs: new EncryptionConfigCache(layer),
      versioningStates: new VersioningStateCache(layer),
    },
    layer,
    request(call) {
      const body = call.body === undefined ? undefined : Buffer.from(call.body);
      const headers: Record<string, string> = { host: '127.0.0.1:9000' };
      for (const [k, v] of Object.entries(call.headers ?? {})) headers[k.toLowerCase()] = v;
      return {
        op: call.op,
        method: call.method,
        bucket: call.bucket ?? BUCKET,
        ...(call.key !== undefined ? { key: call.key } : {}),
        query: new URLSearchParams(call.query ?? ''),
        headers,
        body: Readable.from(body === undefined ? [] : [body]),
        contentLength: call.contentLength ?? (body === undefined ? -1 : body.length),
        trailers: () => call.trailers ?? {},
        requestId: 'test-request',
        accessKey: 'root',
        signal: call.signal ?? new AbortController().signal,
      };
    },
    async close() {
      await layer.close();
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

export async function readBody(res: S3Response): Promise<Buffer> {
  const b = res.body;
  if (b === undefined) return Buffer.alloc(0);
  if (typeof b === 'string') return Buffer.from(b);
  if (Buffer.isBuffer(b)) return b;
  const chunks: Buffer[] = [];
  for await (const c of b) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** Runs `p` and returns the S3 error it maps to (the way the pipeline would render it). */
export async function s3ErrorOf(p: Promise<unknown>): Promise<{ code: string; status: number; message: string; headers: Readonly<Record<string, string>> }> {
  try {
    await p;
  } catch (err) {
    const e = toS3Error(err);
    if (!isS3Error(e)) throw err;
    return { code: e.code, status: e.status, message: e.message, headers: e.headers };
  }
  throw new Error('expected the call to fail');
}

export const md5b64 = (data: Buffer | string): string => createHash('md5').update(data).digest('base64');
export const md5hex = (data: Buffer | string): string => createHash('md5').update(data).digest('hex');

export function header(res: S3Response, name: string): string | undefined {
  const v = res.headers?.[name];
  return v === undefined ? undefined : String(v);
}
