import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signJwt } from '../util/jwt-hs256.js';
import { isPrometheusAuthorized, prometheusToken, PROMETHEUS_TOKEN_LIFETIME_S } from './prometheus-token.js';

const ROOT = { accessKey: 'rootkey', secretKey: 'root-secret-1' };
const NOW = Date.UTC(2026, 0, 1);

describe('the Prometheus bearer token', () => {
  it('is accepted with its credentials until it expires', () => {
    const t = prometheusToken(ROOT, NOW);
    assert.equal(isPrometheusAuthorized(`Bearer ${t}`, ROOT, NOW), true);
    assert.equal(isPrometheusAuthorized(`bearer ${t}`, ROOT, NOW + 1000), true);
    assert.equal(isPrometheusAuthorized(`Bearer ${t}`, ROOT, NOW + PROMETHEUS_TOKEN_LIFETIME_S * 1000 + 1), false);
  });

  it('is refused after a credential change, without the Bearer scheme, or with other claims', () => {
    const t = prometheusToken(ROOT, NOW);
    assert.equal(isPrometheusAuthorized(`Bearer ${t}`, { ...ROOT, secretKey: 'rotated-secret' }, NOW), false);
    assert.equal(isPrometheusAuthorized(`Bearer ${t}`, { ...ROOT, accessKey: 'other' }, NOW), false);
    assert.equal(isPrometheusAuthorized(t, ROOT, NOW), false);
    assert.equal(isPrometheusAuthorized(undefined, ROOT, NOW), false);
    const wrongIssuer = signJwt({ sub: ROOT.accessKey, iss: 'someone', exp: NOW / 1000 + 60 }, ROOT.secretKey);
    assert.equal(isPrometheusAuthorized(`Bearer ${wrongIssuer}`, ROOT, NOW), false);
    const noExpiry = signJwt({ sub: ROOT.accessKey, iss: 'prometheus' }, ROOT.secretKey);
    assert.equal(isPrometheusAuthorized(`Bearer ${noExpiry}`, ROOT, NOW), false);
  });
});
