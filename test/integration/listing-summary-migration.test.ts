import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LmdbMetaStore } from '../../src/storage/drive/lmdb-meta-store.js';
import { SUMMARY_MARKER_KEY } from '../../src/storage/drive/listing-summary-index.js';
import { repoRoot } from '../helpers/repo-root.js';
import { signedRequest } from '../helpers/signed-request.js';
import { startServer } from '../helpers/server.js';

// A drive written before listing summaries existed (golden fixture made from commit 50ae3e9 by
// test/fixtures/drive-pre-summary/make-fixture.mjs: records only, no `l/` keys) is migrated at
// open; the real server then lists exactly what the old one listed (same XML bytes, but for
// the Owner elements) and GET returns the same bodies.
test('a pre-summary drive is migrated at start: same listings (XML bytes) and bodies as before', async () => {
  const fixtureDir = join(repoRoot(), 'test', 'fixtures', 'drive-pre-summary');
  const expected = JSON.parse(await readFile(join(fixtureDir, 'expected.json'), 'utf8')) as {
    credentials: { accessKey: string; secretKey: string };
    listings: Record<string, string>;
    bodies: Record<string, string>;
  };
  const tmp = await mkdtemp(join(tmpdir(), 'cairn-presummary-'));
  const drive = join(tmp, 'drive');
  await cp(join(fixtureDir, 'drive'), drive, { recursive: true });
  const server = await startServer({ drivePaths: [drive], credentials: expected.credentials });
  try {
    const list = async (path: string): Promise<string> => {
      const r = await signedRequest(server, { method: 'GET', path });
      assert.equal(r.status, 200, `${path}: ${r.body.toString()}`);
      return r.body.toString();
    };
    assert.equal(await list('/plain?list-type=2'), expected.listings.plainV2);
    assert.equal(await list('/plain?delimiter=%2F&list-type=2'), expected.listings.plainDelimiter);
    assert.equal(await list('/plain?list-type=2&max-keys=3'), expected.listings.plainPage);
    // The Owner elements name the bucket owner's account since listings stopped deriving them
    // from the caller's access key (not a migration matter): compared without them, and checked
    // to be the cluster account.
    const withoutOwners = (xml: string): string => xml.replace(/<Owner>.*?<\/Owner>/g, '<Owner/>');
    const versions = await list('/ver?versions=');
    assert.equal(withoutOwners(versions), withoutOwners(expected.listings.verVersions!));
    assert.match(versions, /<Owner><ID>[0-9a-f]{64}<\/ID><DisplayName>cluster<\/DisplayName><\/Owner>/);
    assert.equal(await list('/ver?list-type=2'), expected.listings.verV2);
    for (const [key, b64] of Object.entries(expected.bodies)) {
      const path = '/plain/' + key.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
      const r = await signedRequest(server, { method: 'GET', path });
      assert.equal(r.status, 200, `GET ${key}`);
      assert.equal(r.body.toString('base64'), b64, `GET ${key}`);
    }
  } finally {
    await server.stop();
  }
  // The drive now carries a summary per object record and the marker.
  const store = LmdbMetaStore.open(join(drive, '.cairn', 'meta'));
  try {
    assert.deepEqual([...store.get(SUMMARY_MARKER_KEY)!], [1]);
    const records = store.range({ start: 'o/', end: 'o0' }).map((e) => e.key.slice(2));
    const summaries = store.range({ start: 'l/', end: 'l0' }).map((e) => e.key.slice(2));
    assert.ok(records.length >= 10);
    assert.deepEqual(summaries, records);
  } finally {
    await store.close();
    await rm(tmp, { recursive: true, force: true });
  }
});
