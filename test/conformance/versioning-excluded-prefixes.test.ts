/**
 * Conformance: MinIO's versioning extension (ExcludedPrefixes, ExcludeFolders;
 * https://min.io/docs/minio/linux/administration/object-management/object-versioning.html):
 * the configuration round-trips through GetBucketVersioning, excluded keys are written and
 * deleted unversioned (a null version replaced in place, a null delete marker) while other keys
 * keep every version, and the refusals MinIO gives (Suspended with prefixes, more than 10, an
 * Object Lock bucket). minio-go's testBucketVersioningExcludedPrefixes covers the round-trip.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, type CairnServer } from '../helpers/server.js';
import { xmlValue, xmlValues } from '../helpers/raw-http.js';
import { assertS3Error, call, createBucket } from './conformance-client.js';

let s: CairnServer;
before(async () => { s = await startServer(); await createBucket(s, 'vxp'); });
after(async () => { await s?.stop(); });

const config = (status: string, prefixes: readonly string[], folders?: boolean): string =>
  `<VersioningConfiguration><Status>${status}</Status>${prefixes.map((p) => `<ExcludedPrefixes><Prefix>${p}</Prefix></ExcludedPrefixes>`).join('')}`
  + `${folders === undefined ? '' : `<ExcludeFolders>${folders}</ExcludeFolders>`}</VersioningConfiguration>`;

async function versionsOf(key: string): Promise<string[]> {
  const r = await call(s, 'GET', `/vxp?versions&prefix=${encodeURIComponent(key)}`);
  assert.equal(r.status, 200, r.text);
  const ids = xmlValues(r.text, 'VersionId');
  const keys = xmlValues(r.text, 'Key');
  return ids.filter((_, i) => keys[i] === key);
}

describe('versioning: MinIO ExcludedPrefixes / ExcludeFolders', () => {
  it('round-trips through GetBucketVersioning, and a plain Put clears them', async () => {
    const put = await call(s, 'PUT', '/vxp?versioning', { body: config('Enabled', ['tmp/', 'spark/*/_temporary/'], true) });
    assert.equal(put.status, 200, put.text);
    const got = await call(s, 'GET', '/vxp?versioning');
    assert.equal(xmlValue(got.text, 'Status'), 'Enabled');
    assert.deepEqual(xmlValues(got.text, 'Prefix'), ['tmp/', 'spark/*/_temporary/']);
    assert.equal(xmlValue(got.text, 'ExcludeFolders'), 'true');
    assert.match(got.text, /<ExcludedPrefixes><Prefix>tmp\/<\/Prefix><\/ExcludedPrefixes><ExcludedPrefixes>/);

    assert.equal((await call(s, 'PUT', '/vxp?versioning', { body: config('Enabled', []) })).status, 200);
    const plain = await call(s, 'GET', '/vxp?versioning');
    assert.equal(xmlValue(plain.text, 'Status'), 'Enabled');
    assert.deepEqual(xmlValues(plain.text, 'Prefix'), []);
    assert.equal(xmlValue(plain.text, 'ExcludeFolders'), undefined);
  });

  it('an excluded key keeps one null version and gets a null delete marker; other keys keep every version', async () => {
    assert.equal((await call(s, 'PUT', '/vxp?versioning', { body: config('Enabled', ['tmp/', 'spark/*/_temporary/'], true) })).status, 200);
    for (const body of ['one', 'two']) {
      const r = await call(s, 'PUT', '/vxp/tmp/a.txt', { body });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers['x-amz-version-id'], 'null');
      assert.equal((await call(s, 'PUT', '/vxp/kept.txt', { body })).status, 200);
      assert.equal((await call(s, 'PUT', '/vxp/spark/job1/_temporary/part-0', { body })).status, 200);
      assert.equal((await call(s, 'PUT', '/vxp/dir/', { body: '' })).status, 200);
    }
    assert.deepEqual(await versionsOf('tmp/a.txt'), ['null']);
    assert.deepEqual(await versionsOf('spark/job1/_temporary/part-0'), ['null'], 'a * in a prefix matches any run');
    assert.deepEqual(await versionsOf('dir/'), ['null'], 'ExcludeFolders: a key ending in / is unversioned');
    assert.equal((await versionsOf('kept.txt')).length, 2);
    assert.equal((await call(s, 'GET', '/vxp/tmp/a.txt')).text, 'two');

    const del = await call(s, 'DELETE', '/vxp/tmp/a.txt');
    assert.equal(del.status, 204);
    assert.equal(del.headers['x-amz-delete-marker'], 'true');
    assert.equal(del.headers['x-amz-version-id'], 'null');
    assert.deepEqual(await versionsOf('tmp/a.txt'), ['null'], 'the marker replaced the null version');
    const keptDel = await call(s, 'DELETE', '/vxp/kept.txt');
    assert.notEqual(keptDel.headers['x-amz-version-id'], 'null');
    assert.equal((await versionsOf('kept.txt')).length, 3);

    // DeleteObjects decides per key too.
    assert.equal((await call(s, 'PUT', '/vxp/tmp/b.txt', { body: 'b' })).status, 200);
    const body = '<Delete><Object><Key>tmp/b.txt</Key></Object><Object><Key>kept.txt</Key></Object></Delete>';
    const multi = await call(s, 'POST', '/vxp?delete', { body, headers: { 'content-md5': createHash('md5').update(body).digest('base64') } });
    assert.equal(multi.status, 200, multi.text);
    assert.deepEqual(xmlValues(multi.text, 'DeleteMarkerVersionId').map((v) => v === 'null'), [true, false]);
  });

  it('refuses prefixes with Suspended, more than 10, an empty one, and on an Object Lock bucket', async () => {
    const suspended = await call(s, 'PUT', '/vxp?versioning', { body: config('Suspended', ['tmp/']) });
    assertS3Error(suspended, 400, 'IllegalVersioningConfigurationException');
    assert.match(xmlValue(suspended.text, 'Message') ?? '', /supported only when versioning is enabled/);
    const eleven = Array.from({ length: 11 }, (_, i) => `p${i}/`);
    assertS3Error(await call(s, 'PUT', '/vxp?versioning', { body: config('Enabled', eleven) }), 400, 'IllegalVersioningConfigurationException');
    assertS3Error(await call(s, 'PUT', '/vxp?versioning', { body: config('Enabled', ['']) }), 400, 'IllegalVersioningConfigurationException');
    assertS3Error(await call(s, 'PUT', '/vxp?versioning', { body: config('Enabled', [], 'maybe' as unknown as boolean) }), 400, 'MalformedXML');

    const locked = await call(s, 'PUT', '/vxp-locked', { headers: { 'x-amz-bucket-object-lock-enabled': 'true' } });
    assert.equal(locked.status, 200, locked.text);
    assertS3Error(await call(s, 'PUT', '/vxp-locked?versioning', { body: config('Enabled', ['tmp/']) }), 409, 'InvalidBucketState');
  });
});
