/**
 * Boots the real S3 server in-process (composeServer: storage, ErasureObjectLayer, pipeline,
 * HTTP) on 127.0.0.1:0 with fresh mkdtemp drives, and signs raw requests with the test SigV4
 * signer (test/helpers/sigv4-signer.ts, written independently of the server).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.js';
import { composeServer, type RunningServer } from '../../src/compose/compose.js';
import { createErasureObjectLayer } from '../../src/compose/object-layer-factory.js';
import type { Logger } from '../../src/s3/pipeline/logger.js';
import { rawRequest, type RawResponse } from '../helpers/raw-http.js';
import { sha256Hex, signRequest } from '../helpers/sigv4-signer.js';

export interface TestServer {
  readonly server: RunningServer;
  readonly port: number;
  readonly host: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly drives: readonly string[];
  readonly logs: string[];
  stop(): Promise<void>;
}

export interface BootOptions {
  readonly drives?: number;
  /** Extra flags (e.g. --domain). */
  readonly flags?: readonly string[];
  /** Environment; default sets known root credentials. */
  readonly env?: Readonly<Record<string, string>>;
  /** Reuse these drive directories (restart tests); they are not removed on stop. */
  readonly reuseDrives?: readonly string[];
}

export async function bootServer(opts: BootOptions = {}): Promise<TestServer> {
  const base = opts.reuseDrives ? undefined : await mkdtemp(join(tmpdir(), 'cairn-h4a-it-'));
  const drives = opts.reuseDrives ?? Array.from({ length: opts.drives ?? 4 }, (_, i) => join(base!, `d${i + 1}`));
  const env = opts.env ?? { CAIRN_ROOT_USER: 'pipelineadmin', CAIRN_ROOT_PASSWORD: 'pipeline-secret-key-1' };
  const { config } = loadConfig(['--address', '127.0.0.1:0', '--shutdown-timeout', '5', ...(opts.flags ?? [])], env);
  const logs: string[] = [];
  const capture = (level: string) => (msg: string, fields?: Readonly<Record<string, unknown>>): void => {
    logs.push(`${level} ${msg} ${JSON.stringify(fields ?? {}, (_k, v: unknown) => (v instanceof Error ? v.message : v))}`);
  };
  const logger: Logger = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') };
  let server: RunningServer;
  try {
    server = await composeServer({ config, drives, logger, createObjectLayer: createErasureObjectLayer });
  } catch (err) {
    if (base) await rm(base, { recursive: true, force: true });
    throw err;
  }
  return {
    server,
    port: server.address.port,
    host: `127.0.0.1:${server.address.port}`,
    accessKey: server.root.accessKey,
    secretKey: server.root.secretKey,
    drives,
    logs,
    stop: async () => {
      await server.close();
      if (base) await rm(base, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

export interface CallOptions {
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
  /** Sign with this secret instead of the server's (forgery). */
  readonly secretKey?: string;
  readonly accessKey?: string;
  readonly unsigned?: boolean;
}

/** One signed request on a fresh connection. */
export function call(t: TestServer, method: string, path: string, opts: CallOptions = {}): Promise<RawResponse> {
  const body = opts.body ?? '';
  let headers: Record<string, string | number> = { ...(opts.headers ?? {}) };
  if (!opts.unsigned) {
    headers = signRequest({ method, path, host: t.host, headers: opts.headers ?? {}, payloadHash: sha256Hex(body) }, {
      accessKey: opts.accessKey ?? t.accessKey,
      secretKey: opts.secretKey ?? t.secretKey,
      region: 'us-east-1',
    }).headers;
  }
  if (body.length > 0 || (method !== 'GET' && method !== 'HEAD')) headers['content-length'] = Buffer.byteLength(body);
  return rawRequest({ port: t.port, method, path, headers, body: opts.body, timeoutMs: 15_000 });
}

/** Signed request head (for raw sockets). */
export function signedHead(t: TestServer, method: string, path: string, headers: Readonly<Record<string, string>>, payloadHash: string): Record<string, string> {
  return signRequest({ method, path, host: t.host, headers, payloadHash }, { accessKey: t.accessKey, secretKey: t.secretKey, region: 'us-east-1' }).headers;
}
