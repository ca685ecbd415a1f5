import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { auditMetrics } from './audit-metrics.js';

describe('audit metrics', () => {
  it('renders queue length, sent, failed and dropped by reason per target', () => {
    const out: string[] = [];
    auditMetrics({ stats: () => [{ target: 'webhook', queueLength: 3, sent: 10, failed: 2, dropped: { queue_full: 1, rejected: 0 } }] }).render(out);
    const text = out.join('\n');
    assert.match(text, /^# TYPE cairn_audit_queue_length gauge$/m);
    assert.match(text, /^cairn_audit_queue_length\{target="webhook"\} 3$/m);
    assert.match(text, /^cairn_audit_sent_total\{target="webhook"\} 10$/m);
    assert.match(text, /^cairn_audit_failed_total\{target="webhook"\} 2$/m);
    assert.match(text, /^cairn_audit_dropped_total\{target="webhook",reason="queue_full"\} 1$/m);
    assert.match(text, /^cairn_audit_dropped_total\{target="webhook",reason="rejected"\} 0$/m);
  });
  it('without a target, the families are there with HELP and TYPE and no series', () => {
    const out: string[] = [];
    auditMetrics({ stats: () => [] }).render(out);
    const text = out.join('\n');
    for (const f of ['cairn_audit_queue_length', 'cairn_audit_sent_total', 'cairn_audit_failed_total', 'cairn_audit_dropped_total']) {
      assert.match(text, new RegExp(`^# HELP ${f} `, 'm'));
      assert.doesNotMatch(text, new RegExp(`^${f}[{ ]`, 'm'));
    }
  });
});
