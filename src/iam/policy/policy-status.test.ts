import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPublicPolicy } from './policy-status.js';
import { parsePolicy } from './parse-policy.js';

const status = (statement: Readonly<Record<string, unknown>>): boolean =>
  isPublicPolicy(parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...statement }] }), { kind: 'resource' }));

test('policy status: public when an Allow names everyone without a confining condition', () => {
  assert.equal(status({ Principal: '*' }), true);
  assert.equal(status({ Principal: { AWS: '*' } }), true);
  assert.equal(status({ NotPrincipal: { AWS: '111122223333' } }), true);
  assert.equal(status({ Principal: '*', Condition: { StringLike: { 'aws:Referer': 'https://example.com/*' } } }), true, 'Referer does not confine');
  assert.equal(status({ Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }), false);
  assert.equal(status({ Principal: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': '111122223333' } } }), false);
  assert.equal(status({ Principal: '*', Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }), true, 'a negated test does not confine');
  assert.equal(status({ Principal: { AWS: '111122223333' } }), false);
  assert.equal(status({ Principal: '*', Effect: 'Deny' }), false);
});
