/**
 * The CORS matcher, table driven. Behaviour from the AWS user guide
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html "How does Amazon S3 evaluate
 * the CORS configuration on a bucket?": first matching rule; origin, method and every
 * requested header must match; one `*` wildcard) and the RESTOPTIONSobject response headers
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/RESTOPTIONSobject.html).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CorsRule } from '../xml/shapes/cors-configuration.js';
import { corsResponseHeaders, matchCorsRule, parseRequestHeaders, wildcardMatch } from './cors-match.js';

const RULES: CorsRule[] = [
  { id: 'write', allowedOrigins: ['http://www.example.com'], allowedMethods: ['PUT', 'POST', 'DELETE'], allowedHeaders: ['*'], exposeHeaders: [] },
  { id: 'sub', allowedOrigins: ['https://*.example.com'], allowedMethods: ['GET'], allowedHeaders: ['x-amz-*', 'Content-Type'], exposeHeaders: ['ETag'], maxAgeSeconds: 3000 },
  { id: 'any', allowedOrigins: ['*'], allowedMethods: ['GET', 'HEAD'], allowedHeaders: [], exposeHeaders: [] },
];

test('wildcardMatch: exact, one * anywhere, the * may match nothing', () => {
  const cases: Array<[string, string, boolean]> = [
    ['http://a.com', 'http://a.com', true], ['http://a.com', 'http://a.com.evil', false],
    ['*', '', true], ['*', 'anything', true],
    ['https://*.example.com', 'https://app.example.com', true], ['https://*.example.com', 'https://.example.com', true],
    ['https://*.example.com', 'https://example.com', false], ['https://*.example.com', 'http://app.example.com', false],
    ['x-amz-*', 'x-amz-meta-a', true], ['*-id', 'request-id', true], ['ab*ba', 'aba', false],
  ];
  for (const [p, v, want] of cases) assert.equal(wildcardMatch(p, v), want, `${p} ~ ${v}`);
});

test('matchCorsRule: the first rule matching origin, method and every requested header', () => {
  const cases: Array<[string, { origin: string; method: string; requestHeaders?: string[] }, string | undefined]> = [
    ['exact origin, allowed method', { origin: 'http://www.example.com', method: 'PUT', requestHeaders: ['x-custom'] }, 'write'],
    ['exact origin, method of another rule only', { origin: 'http://www.example.com', method: 'GET' }, 'any'],
    ['wildcard origin + allowed headers', { origin: 'https://app.example.com', method: 'GET', requestHeaders: ['x-amz-date', 'content-type'] }, 'sub'],
    ['a requested header no rule allows falls through to *', { origin: 'https://app.example.com', method: 'GET', requestHeaders: ['authorization'] }, undefined],
    ['no requested headers', { origin: 'https://app.example.com', method: 'GET', requestHeaders: [] }, 'sub'],
    ['any origin for GET/HEAD', { origin: 'null', method: 'HEAD' }, 'any'],
    ['method nobody allows', { origin: 'https://evil.test', method: 'DELETE' }, undefined],
    ['origins compare case-sensitively', { origin: 'HTTP://WWW.EXAMPLE.COM', method: 'PUT' }, undefined],
  ];
  for (const [name, req, want] of cases) assert.equal(matchCorsRule(RULES, req)?.id, want, name);
});

test('corsResponseHeaders: echoed origin with credentials, or * without; methods, headers, expose, max-age, vary', () => {
  const req = { origin: 'https://app.example.com', method: 'GET', requestHeaders: ['x-amz-date'] };
  assert.deepEqual(corsResponseHeaders(RULES[1]!, req), {
    'access-control-allow-origin': 'https://app.example.com',
    'access-control-allow-methods': 'GET',
    'access-control-allow-credentials': 'true',
    'access-control-allow-headers': 'x-amz-date',
    'access-control-expose-headers': 'ETag',
    'access-control-max-age': '3000',
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  });
  const any = corsResponseHeaders(RULES[2]!, { origin: 'https://x.test', method: 'HEAD' });
  assert.equal(any['access-control-allow-origin'], '*');
  assert.equal(any['access-control-allow-credentials'], undefined);
  assert.equal(any['access-control-allow-methods'], 'GET, HEAD');
});

test('parseRequestHeaders: comma list, trimmed, lower-cased, empties dropped', () => {
  assert.deepEqual(parseRequestHeaders(' Content-Type ,X-Amz-Date,, '), ['content-type', 'x-amz-date']);
  assert.deepEqual(parseRequestHeaders(undefined), []);
});
