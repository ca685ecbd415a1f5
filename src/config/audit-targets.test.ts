import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadAuditTargets } from './audit-targets.js';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

describe('audit settings', () => {
  it('no audit variable: no target', () => {
    assert.deepEqual(loadAuditTargets({ CAIRN_REGION: 'x' }), []);
  });

  it('finds webhook and Elasticsearch targets, with and without a _NAME suffix', () => {
    const t = loadAuditTargets({
      CAIRN_AUDIT_WEBHOOK_ENDPOINT: 'http://127.0.0.1:9/hook',
      CAIRN_AUDIT_WEBHOOK_AUTH_TOKEN: 'tok',
      CAIRN_AUDIT_WEBHOOK_ENDPOINT_SIEM: 'https://siem.example/audit',
      CAIRN_AUDIT_WEBHOOK_BATCH_SIZE_SIEM: '50',
      CAIRN_AUDIT_ELASTICSEARCH_URL_PRIMARY: 'https://es.example:9200',
      CAIRN_AUDIT_ELASTICSEARCH_INDEX_PRIMARY: 'audit-2026',
      CAIRN_AUDIT_ELASTICSEARCH_API_KEY_PRIMARY: 'a2V5',
    });
    assert.deepEqual(t, [
      { kind: 'webhook', name: 'webhook', endpoint: 'http://127.0.0.1:9/hook', authToken: 'tok', batchSize: 1 },
      { kind: 'webhook', name: 'webhook-siem', endpoint: 'https://siem.example/audit', authToken: undefined, batchSize: 50 },
      { kind: 'elasticsearch', name: 'elasticsearch-primary', url: 'https://es.example:9200/', index: 'audit-2026', username: undefined, password: undefined, apiKey: 'a2V5', batchSize: 100 },
    ]);
  });

  it('refuses what cannot work', () => {
    const bad = (env: Record<string, string>, re: RegExp): void => assert.throws(() => loadAuditTargets(env), (e: unknown) => e instanceof ConfigError && re.test(e.message));
    bad({ CAIRN_AUDIT_WEBHOOK_ENDPOINT: 'ftp://x' }, /http\(s\) URL/);
    bad({ CAIRN_AUDIT_WEBHOOK_ENDPOINT: 'not a url' }, /not a URL/);
    bad({ CAIRN_AUDIT_WEBHOOK_ENDPOINT: 'http://x', CAIRN_AUDIT_WEBHOOK_BATCH_SIZE: '0' }, /batch size/);
    bad({ CAIRN_AUDIT_ELASTICSEARCH_URL: 'http://x', CAIRN_AUDIT_ELASTICSEARCH_USERNAME: 'u' }, /set together/);
    bad({ CAIRN_AUDIT_ELASTICSEARCH_URL: 'http://x', CAIRN_AUDIT_ELASTICSEARCH_INDEX: 'Bad Index' }, /index name/);
    bad({ CAIRN_AUDIT_ELASTICSEARCH_URL: 'http://x', CAIRN_AUDIT_ELASTICSEARCH_USERNAME: 'u', CAIRN_AUDIT_ELASTICSEARCH_PASSWORD: 'p', CAIRN_AUDIT_ELASTICSEARCH_API_KEY: 'k' }, /not both/);
    bad({ CAIRN_AUDIT_WEBHOOK_ENDPOINT_a: 'http://x', CAIRN_AUDIT_WEBHOOK_ENDPOINT_A: 'http://y' }, /two audit targets/);
  });

  it('queue settings: defaults, flags and environment', () => {
    const d = loadConfig(['/d'], {}).config;
    assert.deepEqual([d.auditDir, d.auditQueueSize, d.auditQueueFull, d.auditBlockTimeout], [undefined, 100_000, 'block', 30_000]);
    const c = loadConfig(['--audit-queue-full', 'drop', '--audit-dir', '/var/audit', '/d'], { CAIRN_AUDIT_QUEUE_SIZE: '500', CAIRN_AUDIT_BLOCK_TIMEOUT: '2s' }).config;
    assert.deepEqual([c.auditDir, c.auditQueueSize, c.auditQueueFull, c.auditBlockTimeout], ['/var/audit', 500, 'drop', 2000]);
    assert.throws(() => loadConfig(['/d'], { CAIRN_AUDIT_QUEUE_FULL: 'wait' }), ConfigError);
    assert.throws(() => loadConfig(['/d'], { CAIRN_AUDIT_QUEUE_SIZE: '0' }), ConfigError);
  });
});
