/**
 * What the console port (`--console-address` / CAIRN_CONSOLE_ADDRESS) serves: Prometheus's
 * `GET /metrics` (and HEAD) with the same document and the same auth rules as on the S3 port,
 * so a scrape can stay off the data port. Every other path is answered 404 (the console port
 * carries no S3, IAM, STS or admin API).
 */
import { withMetricsEndpoint, type MetricsEndpointOptions } from '../metrics/index.js';
import type { S3RequestListener } from '../s3/pipeline.js';

const notFound: S3RequestListener = async (req, res) => {
  req.resume();
  const body = 'not found: this port serves GET /metrics\n';
  res.statusCode = 404;
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
};

export function consoleListener(metrics: MetricsEndpointOptions): S3RequestListener {
  return withMetricsEndpoint(notFound, metrics);
}
