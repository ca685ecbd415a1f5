import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isPrometheusAuthorized } from '../metrics/prometheus-token.js';
import { scrapeConfig } from './format-prometheus.js';

const CREDS = { accessKey: 'root', secretKey: 'root-secret-1' };

describe('cairn admin prometheus token', () => {
  it('prints a scrape job whose bearer token the server accepts', () => {
    const now = Date.UTC(2026, 5, 1);
    const yaml = scrapeConfig({ endpoint: new URL('http://10.0.0.5:9000'), credentials: CREDS, nowMs: now });
    assert.match(yaml, /^scrape_configs:\n {2}- job_name: cairn\n {4}metrics_path: \/metrics\n {4}scheme: http\n/);
    assert.match(yaml, /targets: \['10\.0\.0\.5:9000'\]/);
    const token = /credentials: (\S+)/.exec(yaml)?.[1];
    assert.equal(isPrometheusAuthorized(`Bearer ${token}`, CREDS, now), true);
  });

  it('uses the scheme\'s default port when the endpoint names none', () => {
    const yaml = scrapeConfig({ endpoint: new URL('https://s3.example.com'), credentials: CREDS, nowMs: 0 });
    assert.match(yaml, /scheme: https/);
    assert.match(yaml, /targets: \['s3\.example\.com:443'\]/);
  });
});
