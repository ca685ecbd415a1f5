/** CORSConfiguration parsing and rendering (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isS3Error } from '../../../errors/s3-error.js';
import { parseXml } from '../parse-xml.js';
import { corsConfigurationXml, parseCorsConfiguration } from './cors-configuration.js';

const rule = (inner: string): string => `<CORSConfiguration><CORSRule>${inner}</CORSRule></CORSConfiguration>`;
const code = (want: string) => (e: unknown) => isS3Error(e) && e.code === want;

test('the AWS example configuration round-trips', () => {
  const xml = '<CORSConfiguration><CORSRule><AllowedOrigin>http://www.example.com</AllowedOrigin><AllowedMethod>PUT</AllowedMethod>'
    + '<AllowedMethod>POST</AllowedMethod><AllowedMethod>DELETE</AllowedMethod><AllowedHeader>*</AllowedHeader></CORSRule>'
    + '<CORSRule><ID>read</ID><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><ExposeHeader>ETag</ExposeHeader>'
    + '<MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>';
  const rules = parseCorsConfiguration(parseXml(xml));
  assert.deepEqual(rules, [
    { allowedOrigins: ['http://www.example.com'], allowedMethods: ['PUT', 'POST', 'DELETE'], allowedHeaders: ['*'], exposeHeaders: [] },
    { id: 'read', allowedOrigins: ['*'], allowedMethods: ['GET'], allowedHeaders: [], exposeHeaders: ['ETag'], maxAgeSeconds: 3000 },
  ]);
  assert.deepEqual(parseCorsConfiguration(parseXml(corsConfigurationXml(rules))), rules);
});

test('invalid configurations: the AWS error code for each', () => {
  const cases: Array<[string, string]> = [
    [rule('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod>'), 'InvalidRequest'],
    [rule('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>get</AllowedMethod>'), 'InvalidRequest'],
    [rule('<AllowedOrigin>http://*.*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>'), 'InvalidRequest'],
    [rule('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedHeader>**</AllowedHeader>'), 'InvalidRequest'],
    [rule('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><ExposeHeader>*</ExposeHeader>'), 'InvalidRequest'],
    [rule('<AllowedOrigin>*</AllowedOrigin>'), 'MalformedXML'],
    [rule('<AllowedMethod>GET</AllowedMethod>'), 'MalformedXML'],
    [rule('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><Other/>'), 'MalformedXML'],
    [rule(`<ID>${'i'.repeat(256)}</ID><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod>`), 'MalformedXML'],
    [rule('<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>-1</MaxAgeSeconds>'), 'MalformedXML'],
    ['<CORSConfiguration/>', 'MalformedXML'],
    ['<CORS><CORSRule/></CORS>', 'MalformedXML'],
  ];
  for (const [xml, want] of cases) assert.throws(() => parseCorsConfiguration(parseXml(xml)), code(want), xml);
});

test('100 rules are allowed, 101 are not', () => {
  const many = (n: number): string => `<CORSConfiguration>${'<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>'.repeat(n)}</CORSConfiguration>`;
  assert.equal(parseCorsConfiguration(parseXml(many(100))).length, 100);
  assert.throws(() => parseCorsConfiguration(parseXml(many(101))), code('InvalidRequest'));
});
