/**
 * Put/Get/DeleteBucketLifecycleConfiguration handlers over a real object layer: round trip of
 * every rule form, AWS's error (code and message) for every bad combination, Content-MD5
 * required, transitions refused, and x-amz-expiration on PutObject and HeadObject.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deleteBucketLifecycle } from '../../../src/s3/handlers/bucket/delete-bucket-lifecycle.js';
import { getBucketLifecycleConfiguration } from '../../../src/s3/handlers/bucket/get-bucket-lifecycle-configuration.js';
import { putBucketLifecycleConfiguration } from '../../../src/s3/handlers/bucket/put-bucket-lifecycle-configuration.js';
import { headObject } from '../../../src/s3/handlers/object/head-object.js';
import { putObject } from '../../../src/s3/handlers/object/put-object.js';
import { header, md5b64, openHarness, readBody, s3ErrorOf, type Harness } from './handler-harness.js';

const doc = (rules: string): string => `<LifecycleConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${rules}</LifecycleConfiguration>`;
const rule = (inner: string, status = 'Enabled'): string => `<Rule>${inner}<Status>${status}</Status></Rule>`;
const days = (n: number | string): string => `<Expiration><Days>${n}</Days></Expiration>`;

describe('bucket lifecycle configuration handlers', () => {
  let h: Harness;
  before(async () => { h = await openHarness(1); });
  after(async () => { await h.close(); });

  const put = (body: string, headers: Record<string, string> = { 'content-md5': md5b64(body) }) =>
    putBucketLifecycleConfiguration(h.request({ op: 'PutBucketLifecycleConfiguration', method: 'PUT', query: 'lifecycle', body, headers }), h.ctx);
  const get = () => getBucketLifecycleConfiguration(h.request({ op: 'GetBucketLifecycleConfiguration', method: 'GET', query: 'lifecycle' }), h.ctx);
  const del = () => deleteBucketLifecycle(h.request({ op: 'DeleteBucketLifecycle', method: 'DELETE', query: 'lifecycle' }), h.ctx);

  it('a bucket without a configuration answers 404 NoSuchLifecycleConfiguration; delete of none is 204', async () => {
    const e = await s3ErrorOf(get());
    assert.equal(e.code, 'NoSuchLifecycleConfiguration');
    assert.equal(e.status, 404);
    assert.equal((await del()).status, 204);
  });

  it('every rule form reads back as it was put, in AWS element order', async () => {
    const body = doc([
      rule('<ID>legacy</ID><Prefix>old/</Prefix>' + days(3)),
      rule('<ID>and</ID><Filter><And><Prefix>logs/</Prefix><Tag><Key>env</Key><Value>dev</Value></Tag><ObjectSizeGreaterThan>10</ObjectSizeGreaterThan><ObjectSizeLessThan>100</ObjectSizeLessThan></And></Filter>'
        + '<NoncurrentVersionExpiration><NoncurrentDays>2</NoncurrentDays><NewerNoncurrentVersions>3</NewerNoncurrentVersions></NoncurrentVersionExpiration>', 'Disabled'),
      rule('<ID>date</ID><Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Expiration><Date>2030-01-01T00:00:00Z</Date></Expiration>'),
      rule('<ID>marker</ID><Filter><Prefix>dm/</Prefix></Filter><Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration><AbortIncompleteMultipartUpload><DaysAfterInitiation>7</DaysAfterInitiation></AbortIncompleteMultipartUpload>'),
      rule('<ID>size</ID><Filter><ObjectSizeLessThan>5</ObjectSizeLessThan></Filter>' + days(1)),
      rule('<ID>all</ID><Filter></Filter>' + days(9)),
    ].join(''));
    // Legacy Prefix rules cannot be mixed with Filter rules: put the legacy one alone first.
    const legacy = doc(rule('<ID>legacy</ID><Prefix>old/</Prefix>' + days(3)));
    assert.equal((await put(legacy)).status, 200);
    const legacyXml = (await readBody(await get())).toString();
    assert.match(legacyXml, /<Rule><Expiration><Days>3<\/Days><\/Expiration><ID>legacy<\/ID><Prefix>old\/<\/Prefix><Status>Enabled<\/Status><\/Rule>/);

    const v2 = body.replace(rule('<ID>legacy</ID><Prefix>old/</Prefix>' + days(3)), '');
    assert.equal((await put(v2)).status, 200);
    const xml = (await readBody(await get())).toString();
    assert.ok(!xml.includes('legacy'), 'a put replaces the whole configuration');
    assert.match(xml, /<Rule><ID>and<\/ID><Filter><And><Prefix>logs\/<\/Prefix><Tag><Key>env<\/Key><Value>dev<\/Value><\/Tag><ObjectSizeGreaterThan>10<\/ObjectSizeGreaterThan><ObjectSizeLessThan>100<\/ObjectSizeLessThan><\/And><\/Filter><Status>Disabled<\/Status><NoncurrentVersionExpiration><NoncurrentDays>2<\/NoncurrentDays><NewerNoncurrentVersions>3<\/NewerNoncurrentVersions><\/NoncurrentVersionExpiration><\/Rule>/);
    assert.match(xml, /<Expiration><Date>2030-01-01T00:00:00.000Z<\/Date><\/Expiration><ID>date<\/ID><Filter><Tag><Key>k<\/Key><Value>v<\/Value><\/Tag><\/Filter>/);
    assert.match(xml, /<Expiration><ExpiredObjectDeleteMarker>true<\/ExpiredObjectDeleteMarker><\/Expiration><ID>marker<\/ID>.*<AbortIncompleteMultipartUpload><DaysAfterInitiation>7<\/DaysAfterInitiation><\/AbortIncompleteMultipartUpload>/);
    assert.match(xml, /<ID>size<\/ID><Filter><ObjectSizeLessThan>5<\/ObjectSizeLessThan><\/Filter>/);
    assert.match(xml, /<ID>all<\/ID><Filter><\/Filter>/);
  });

  it('a rule without an ID gets a generated one', async () => {
    await put(doc(rule('<Filter/>' + days(1))));
    const ids = [...(await readBody(await get())).toString().matchAll(/<ID>([^<]*)<\/ID>/g)].map((m) => m[1]!);
    assert.equal(ids.length, 1);
    assert.ok(ids[0]!.length >= 20, ids[0]);
  });

  it('Content-MD5 or a checksum is required and checked', async () => {
    const body = doc(rule('<Filter/>' + days(1)));
    assert.deepEqual(await s3ErrorOf(put(body, {})).then((e) => [e.code, e.message]),
      ['InvalidRequest', 'Missing required header for this request: Content-MD5']);
    assert.equal((await s3ErrorOf(put(body, { 'content-md5': md5b64('other') }))).code, 'BadDigest');
  });

  const cases: Array<[string, string, string, string]> = [
    ['no rule', doc(''), 'InvalidRequest', 'At least one lifecycle rule must be specified.'],
    ['1,001 rules', doc(Array.from({ length: 1001 }, (_, i) => rule(`<ID>r${i}</ID><Filter><Prefix>p${i}/</Prefix></Filter>` + days(1))).join('')),
      'InvalidRequest', 'The number of lifecycle rules must not exceed the allowed limit of 1000 rules.'],
    ['ID of 256 characters', doc(rule(`<ID>${'x'.repeat(256)}</ID><Filter/>` + days(1))), 'InvalidArgument', 'ID length should not exceed allowed limit of 255'],
    ['same ID twice', doc(rule('<ID>a</ID><Filter><Prefix>x</Prefix></Filter>' + days(1)) + rule('<ID>a</ID><Filter><Prefix>y</Prefix></Filter>' + days(1))),
      'InvalidArgument', 'Rule ID must be unique. Found same ID for more than one rule'],
    ['bad Status', doc(rule('<Filter/>' + days(1), 'On')), 'MalformedXML', ''],
    ['neither Filter nor Prefix', doc(rule(days(1))), 'MalformedXML', ''],
    ['Prefix in V2', doc(rule('<Filter/>' + days(1)) + rule('<Prefix>a</Prefix>' + days(1))),
      'InvalidRequest', 'Base level prefix cannot be used in Lifecycle V2, prefixes are only supported in the Filter.'],
    ['Filter in V1', doc(rule('<Prefix>a</Prefix>' + days(1)) + rule('<Filter/>' + days(1))), 'InvalidRequest', 'Filter element can only be used in Lifecycle V2.'],
    ['overlapping V1 prefixes', doc(rule('<ID>1</ID><Prefix>a</Prefix>' + days(1)) + rule('<ID>2</ID><Prefix>ab</Prefix>' + days(2))),
      'InvalidRequest', "Found overlapping prefixes 'a' and 'ab' for same action type 'Expiration'"],
    ['Filter with two conditions', doc(rule('<Filter><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></Filter>' + days(1))), 'MalformedXML', ''],
    ['Tag without Key', doc(rule('<Filter><Tag><Value>v</Value></Tag></Filter>' + days(1))), 'MalformedXML', ''],
    ['duplicate tag keys in And', doc(rule('<Filter><And><Tag><Key>k</Key><Value>1</Value></Tag><Tag><Key>k</Key><Value>2</Value></Tag></And></Filter>' + days(1))),
      'InvalidRequest', 'Duplicate Tag Keys are not allowed.'],
    ['sizes in the wrong order', doc(rule('<Filter><And><ObjectSizeGreaterThan>10</ObjectSizeGreaterThan><ObjectSizeLessThan>10</ObjectSizeLessThan></And></Filter>' + days(1))),
      'InvalidRequest', "'ObjectSizeLessThan' has to be a value greater than 'ObjectSizeGreaterThan'."],
    ['ObjectSizeLessThan 0', doc(rule('<Filter><ObjectSizeLessThan>0</ObjectSizeLessThan></Filter>' + days(1))),
      'InvalidRequest', "'ObjectSizeLessThan' should be between 1 and 1099511627776000."],
    ['no action', doc(rule('<Filter/>')), 'InvalidRequest', 'At least one action needs to be specified in a rule'],
    ['Days 0', doc(rule('<Filter/>' + days(0))), 'InvalidArgument', "'Days' for Expiration action must be a positive integer"],
    ['Days not a number', doc(rule('<Filter/>' + days('ten'))), 'MalformedXML', ''],
    ['Days and Date', doc(rule('<Filter/><Expiration><Days>1</Days><Date>2030-01-01T00:00:00Z</Date></Expiration>')), 'MalformedXML', ''],
    ['Days and ExpiredObjectDeleteMarker', doc(rule('<Filter/><Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>')), 'MalformedXML', ''],
    ['empty Expiration', doc(rule('<Filter/><Expiration></Expiration>')), 'MalformedXML', ''],
    ['Date not at midnight', doc(rule('<Filter/><Expiration><Date>2030-01-01T10:00:00Z</Date></Expiration>')), 'InvalidArgument', "'Date' must be at midnight GMT"],
    ['NoncurrentDays missing', doc(rule('<Filter/><NoncurrentVersionExpiration><NewerNoncurrentVersions>1</NewerNoncurrentVersions></NoncurrentVersionExpiration>')), 'MalformedXML', ''],
    ['NoncurrentDays 0', doc(rule('<Filter/><NoncurrentVersionExpiration><NoncurrentDays>0</NoncurrentDays></NoncurrentVersionExpiration>')),
      'InvalidArgument', "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer"],
    ['NewerNoncurrentVersions 0', doc(rule('<Filter/><NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays><NewerNoncurrentVersions>0</NewerNoncurrentVersions></NoncurrentVersionExpiration>')),
      'InvalidArgument', "'NewerNoncurrentVersions' must be a positive integer"],
    ['NewerNoncurrentVersions in V1', doc(rule('<Prefix></Prefix><NoncurrentVersionExpiration><NoncurrentDays>1</NoncurrentDays><NewerNoncurrentVersions>2</NewerNoncurrentVersions></NoncurrentVersionExpiration>')),
      'InvalidRequest', 'NewerNoncurrentVersions element can only be used in Lifecycle V2.'],
    ['DaysAfterInitiation 0', doc(rule('<Filter/><AbortIncompleteMultipartUpload><DaysAfterInitiation>0</DaysAfterInitiation></AbortIncompleteMultipartUpload>')),
      'InvalidArgument', "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer"],
    ['ExpiredObjectDeleteMarker with a tag', doc(rule('<Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>')),
      'InvalidRequest', 'ExpiredObjectDeleteMarker cannot be specified with Tags.'],
    ['ExpiredObjectDeleteMarker with a size', doc(rule('<Filter><ObjectSizeGreaterThan>5</ObjectSizeGreaterThan></Filter><Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>')),
      'InvalidRequest', 'ExpiredObjectDeleteMarker cannot be specified with Object Size.'],
    ['AbortIncompleteMultipartUpload with tags', doc(rule('<Filter><And><Prefix>a</Prefix><Tag><Key>k</Key><Value>v</Value></Tag></And></Filter><AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload>')),
      'InvalidRequest', 'AbortIncompleteMultipartUpload cannot be specified with Tags.'],
    ['AbortIncompleteMultipartUpload with a size', doc(rule('<Filter><ObjectSizeLessThan>5</ObjectSizeLessThan></Filter><AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload>')),
      'InvalidRequest', 'AbortIncompleteMultipartUpload cannot be specified with Object Size.'],
    ['a Transition', doc(rule('<Filter/><Transition><Days>30</Days><StorageClass>GLACIER</StorageClass></Transition>')), 'NotImplemented',
      'Transition and NoncurrentVersionTransition actions (storage classes, remote tiers) are not supported by this server yet.'],
    ['a NoncurrentVersionTransition beside an expiration', doc(rule('<Filter/>' + days(5) + '<NoncurrentVersionTransition><NoncurrentDays>30</NoncurrentDays><StorageClass>GLACIER</StorageClass></NoncurrentVersionTransition>')),
      'NotImplemented', 'Transition and NoncurrentVersionTransition actions (storage classes, remote tiers) are not supported by this server yet.'],
    ['a Transition with a Date not in ISO 8601 (s3-tests)', doc(rule('<Filter/>' + days(5) + '<Transition><Date>20220927</Date><StorageClass>GLACIER</StorageClass></Transition>')),
      'MalformedXML', ''],
    ['a Transition with both Date and Days', doc(rule('<Filter/><Transition><Date>2030-01-01</Date><Days>3</Days><StorageClass>GLACIER</StorageClass></Transition>')),
      'MalformedXML', ''],
    ['a Transition at a Date not at midnight', doc(rule('<Filter/><Transition><Date>2030-01-01T10:00:00Z</Date><StorageClass>GLACIER</StorageClass></Transition>')),
      'InvalidArgument', "'Date' must be at midnight GMT"],
    ['a Transition to an unknown storage class', doc(rule('<Filter/><Transition><Days>3</Days><StorageClass>TAPE</StorageClass></Transition>')),
      'MalformedXML', ''],
    ['a Transition without a storage class', doc(rule('<Filter/><Transition><Days>3</Days></Transition>')), 'MalformedXML', ''],
    ['a NoncurrentVersionTransition without NoncurrentDays', doc(rule('<Filter/><NoncurrentVersionTransition><StorageClass>GLACIER</StorageClass></NoncurrentVersionTransition>')),
      'MalformedXML', ''],
    ['a Transition with negative Days', doc(rule('<Filter/><Transition><Days>-1</Days><StorageClass>GLACIER</StorageClass></Transition>')),
      'InvalidArgument', "'Days' in Transition action must be nonnegative"],
    ['wrong root', '<VersioningConfiguration/>', 'MalformedXML', ''],
  ];
  for (const [name, body, code, message] of cases) {
    it(`refuses ${name}: ${code}`, async () => {
      const e = await s3ErrorOf(put(body));
      assert.equal(e.code, code);
      if (message !== '') assert.equal(e.message, message);
    });
  }

  it('a refused document leaves the previous configuration in place; delete removes it', async () => {
    await put(doc(rule('<ID>keep</ID><Filter/>' + days(4))));
    await s3ErrorOf(put(doc(rule('<Filter/>' + days(0)))));
    assert.match((await readBody(await get())).toString(), /<ID>keep<\/ID>/);
    assert.equal((await del()).status, 204);
    assert.equal((await s3ErrorOf(get())).code, 'NoSuchLifecycleConfiguration');
  });

  it('x-amz-expiration on PutObject and HeadObject: creation + Days to the next midnight UTC, with the rule id', async () => {
    await put(doc(rule('<ID>tmp "rule"</ID><Filter><Prefix>tmp/</Prefix></Filter>' + days(2)) + rule('<ID>never</ID><Filter><Prefix>x/</Prefix></Filter>' + days(1), 'Disabled')));
    const res = await putObject(h.request({ op: 'PutObject', method: 'PUT', key: 'tmp/a', body: 'abc' }), h.ctx);
    const head = await headObject(h.request({ op: 'HeadObject', method: 'HEAD', key: 'tmp/a' }), h.ctx);
    const mtime = Date.parse(String(header(head, 'last-modified')));
    const expected = new Date((Math.floor((mtime + 2 * 86_400_000) / 86_400_000) + 1) * 86_400_000).toUTCString();
    assert.equal(header(res, 'x-amz-expiration'), `expiry-date="${expected}", rule-id="tmp \\"rule\\""`);
    assert.equal(header(head, 'x-amz-expiration'), header(res, 'x-amz-expiration'));
    const other = await putObject(h.request({ op: 'PutObject', method: 'PUT', key: 'x/a', body: 'abc' }), h.ctx);
    assert.equal(header(other, 'x-amz-expiration'), undefined, 'a disabled rule gives no header');
    await del();
    const after = await headObject(h.request({ op: 'HeadObject', method: 'HEAD', key: 'tmp/a' }), h.ctx);
    assert.equal(header(after, 'x-amz-expiration'), undefined, 'the delete invalidated the cached configuration');
  });
});
