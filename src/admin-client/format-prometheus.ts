/**
 * `cairn admin prometheus token`: a Prometheus scrape job for the server, with a bearer token
 * made from the root credentials (metrics/prometheus-token.ts), as YAML to paste under
 * `scrape_configs:` of prometheus.yml (MinIO's `mc admin prometheus generate` prints the same).
 */
import { METRICS_SCRAPE_PATH, prometheusToken, type RootKeys } from '../metrics/prometheus-token.js';

export function scrapeConfig(opts: { readonly endpoint: URL; readonly credentials: RootKeys; readonly nowMs: number }): string {
  const token = prometheusToken(opts.credentials, opts.nowMs);
  const scheme = opts.endpoint.protocol === 'https:' ? 'https' : 'http';
  const port = opts.endpoint.port !== '' ? opts.endpoint.port : scheme === 'https' ? '443' : '80';
  return [
    'scrape_configs:',
    '  - job_name: cairn',
    `    metrics_path: ${METRICS_SCRAPE_PATH}`,
    `    scheme: ${scheme}`,
    '    authorization:',
    '      type: Bearer',
    `      credentials: ${token}`,
    '    static_configs:',
    `      - targets: ['${opts.endpoint.hostname}:${port}']`,
    '',
  ].join('\n');
}
