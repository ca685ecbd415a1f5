import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, Gauge, Histogram, renderExposition } from './metric-family.js';

describe('metric families (Prometheus text format)', () => {
  it('renders HELP and TYPE also for a family without series', () => {
    const c = new Counter({ name: 'cairn_x_total', help: 'X things.', labels: ['a'] });
    assert.equal(renderExposition([c]), '# HELP cairn_x_total X things.\n# TYPE cairn_x_total counter\n');
  });

  it('counts per label set, in declared label order, escaping values', () => {
    const c = new Counter({ name: 'cairn_x_total', help: 'X.', labels: ['a', 'b'] });
    c.inc({ b: '2', a: '1' });
    c.inc({ a: '1', b: '2' }, 4);
    c.inc({ a: 'q"\\\n', b: '' });
    const lines = renderExposition([c]).trim().split('\n').slice(2);
    assert.deepEqual(lines, ['cairn_x_total{a="1",b="2"} 5', 'cairn_x_total{a="q\\"\\\\\\n",b=""} 1']);
    assert.throws(() => c.inc({ a: '1', b: '2' }, -1), RangeError);
  });

  it('gauges go up and down; non-finite values use the format\'s spellings', () => {
    const g = new Gauge({ name: 'cairn_g', help: 'G.' });
    g.set({}, 3);
    g.add({}, -5);
    assert.match(renderExposition([g]), /^cairn_g -2$/m);
    g.set({}, Infinity);
    assert.match(renderExposition([g]), /^cairn_g \+Inf$/m);
  });

  it('histograms render cumulative buckets, +Inf, sum and count', () => {
    const h = new Histogram({ name: 'cairn_h_seconds', help: 'H.', labels: ['op'], buckets: [1, 0.1] });
    for (const v of [0.05, 0.5, 2]) h.observe({ op: 'Get' }, v);
    const lines = renderExposition([h]).trim().split('\n').slice(2);
    assert.deepEqual(lines, [
      'cairn_h_seconds_bucket{op="Get",le="0.1"} 1',
      'cairn_h_seconds_bucket{op="Get",le="1"} 2',
      'cairn_h_seconds_bucket{op="Get",le="+Inf"} 3',
      'cairn_h_seconds_sum{op="Get"} 2.55',
      'cairn_h_seconds_count{op="Get"} 3',
    ]);
  });

  it('refuses names and labels Prometheus would not accept', () => {
    assert.throws(() => new Counter({ name: 'cairn-x', help: 'X.' }), TypeError);
    assert.throws(() => new Counter({ name: 'cairn_x', help: 'X.', labels: ['__name'] }), TypeError);
    assert.throws(() => new Histogram({ name: 'cairn_h', help: 'H.', labels: ['le'], buckets: [1] }), TypeError);
  });
});
