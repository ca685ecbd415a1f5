/**
 * `GET /metrics` (and HEAD) in front of the S3 listener: the Prometheus text format of every
 * collector, behind the bearer token (prometheus-token.ts) unless the auth mode is `public`.
 * Every other request goes on to the wrapped listener unchanged. The answer only renders
 * in-memory state (collectors refresh in the background), so it never waits on a drive.
 * A bucket named `metrics` stays reachable: only the exact path `/metrics` (any query) is
 * taken, and ListObjects on it path-style needs `/metrics/` or a virtual host.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { S3RequestListener } from '../s3/pipeline.js';
import { isPrometheusAuthorized, METRICS_SCRAPE_PATH, type RootKeys } from './prometheus-token.js';

export const METRICS_PATH = METRICS_SCRAPE_PATH;
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type PrometheusAuthMode = 'jwt' | 'public';

export interface RenderedBody {
  readonly chunks: readonly Buffer[];
  readonly encoding: 'identity' | 'gzip';
}

/** Whether an Accept-Encoding header accepts gzip (a `gzip` or `*` coding without `q=0`). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  let star = false;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const refused = q !== undefined && Number(q.slice(2)) === 0;
    if (coding === 'gzip' || coding === 'x-gzip') return !refused;
    if (coding === '*') star = !refused;
  }
  return star;
}

export interface MetricsEndpointOptions {
  readonly auth: PrometheusAuthMode;
  readonly root: RootKeys;
  /**
   * The document: one string, or byte chunks written in order with their content coding
   * (MetricsService.renderChunks); `gzip` says the scraper accepts gzip.
   */
  readonly render: (accepts: { readonly gzip: boolean }) => string | RenderedBody;
  readonly now?: () => number;
}

function answer(res: ServerResponse, status: number, opts: { body: string | RenderedBody; type: string; head: boolean }): void {
  const body = opts.body;
  res.statusCode = status;
  res.setHeader('content-type', opts.type);
  res.setHeader('content-length', typeof body === 'string' ? Buffer.byteLength(body) : body.chunks.reduce((n, c) => n + c.length, 0));
  res.setHeader('cache-control', 'no-store');
  if (typeof body !== 'string') {
    res.setHeader('vary', 'Accept-Encoding');
    if (body.encoding === 'gzip') res.setHeader('content-encoding', 'gzip');
  }
  if (opts.head) {
    res.end();
  } else if (typeof body === 'string') {
    res.end(body);
  } else {
    for (const chunk of body.chunks) res.write(chunk);
    res.end();
  }
}

function isMetricsRequest(req: IncomingMessage): boolean {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return (q < 0 ? url : url.slice(0, q)) === METRICS_PATH && (req.method === 'GET' || req.method === 'HEAD');
}

export function withMetricsEndpoint(next: S3RequestListener, opts: MetricsEndpointOptions): S3RequestListener {
  const now = opts.now ?? Date.now;
  return async (req, res, ro) => {
    if (!isMetricsRequest(req)) return next(req, res, ro);
    req.resume(); // a GET has no body to read; drain anything sent anyway
    const head = req.method === 'HEAD';
    if (opts.auth !== 'public' && !isPrometheusAuthorized(req.headers.authorization, opts.root, now())) {
      res.setHeader('www-authenticate', 'Bearer realm="cairn-metrics"');
      answer(res, 401, { body: 'a bearer token is needed: cairn admin prometheus token prints one\n', type: 'text/plain; charset=utf-8', head });
      return;
    }
    answer(res, 200, { body: opts.render({ gzip: acceptsGzip(req.headers['accept-encoding']) }), type: PROMETHEUS_CONTENT_TYPE, head });
  };
}
