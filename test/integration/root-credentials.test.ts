/**
 * Root credentials: generated once and stored in the system bucket (erasure coded) with the
 * secret sealed, read back silently, migrated from the legacy loose files and from a record
 * holding the secret in the clear, never replaced when unreadable.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  generateRootCredentials, LEGACY_CREDENTIALS_FILE, resolveRootCredentials, ROOT_CREDENTIALS_OBJECT,
} from '../../src/compose/root-credentials.js';
import { openSecretSealer } from '../../src/iam/store/index.js';
import { ErasureObjectLayer } from '../../src/object/erasure-object-layer.js';
import { objectKey } from '../../src/object/meta-keys.js';
import { SYSTEM_BUCKET, SystemStore } from '../../src/object/index.js';
import { createStorage } from '../../src/storage/index.js';

let base: string;
let drives: string[];
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'cairn-h4a-creds-'));
  drives = [join(base, 'd1'), join(base, 'd2'), join(base, 'd3'), join(base, 'd4')];
  for (const d of drives) await mkdir(d);
});
afterEach(async () => { await rm(base, { recursive: true, force: true }); });

interface Deployment {
  readonly layer: ErasureObjectLayer;
  readonly system: SystemStore;
  close(): Promise<void>;
}

/** The 4 drives as one EC 2+2 set, the object layer and its system store (what compose builds). */
async function open(): Promise<Deployment> {
  const storage = await createStorage({ endpoints: drives, parity: 2 });
  const layer = new ErasureObjectLayer(storage);
  const system = await SystemStore.open(layer);
  return { layer, system, close: () => layer.close() };
}

/** One start: open, resolve, close. */
async function start(env: { rootUser?: string; rootPassword?: string } = {}) {
  const dep = await open();
  try {
    return await resolveRootCredentials({ rootUser: env.rootUser, rootPassword: env.rootPassword, system: dep.system, drives, sealer: await openSecretSealer(dep.system) });
  } finally {
    await dep.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

async function writeLegacy(drive: string, body: string): Promise<void> {
  await mkdir(join(drive, '.cairn'), { recursive: true });
  await writeFile(join(drive, LEGACY_CREDENTIALS_FILE), body, { mode: 0o600 });
}

const legacyDoc = (accessKey: string, secretKey: string) => `${JSON.stringify({ version: 1, accessKey, secretKey })}\n`;

describe('root credentials', () => {
  it('generates 20/40-character keys, random each time', () => {
    const a = generateRootCredentials();
    const b = generateRootCredentials();
    assert.match(a.accessKey, /^[A-Z0-9]{20}$/);
    assert.equal(a.secretKey.length, 40);
    assert.notEqual(a.accessKey, b.accessKey);
    assert.notEqual(a.secretKey, b.secretKey);
  });

  it('environment credentials are used as given and never stored', async () => {
    const r = await start({ rootUser: 'admin', rootPassword: 'password1' });
    assert.deepEqual(r, { accessKey: 'admin', secretKey: 'password1', source: 'environment' });
    const dep = await open();
    try { assert.equal(await dep.system.get(ROOT_CREDENTIALS_OBJECT), undefined); } finally { await dep.close(); }
    for (const d of drives) assert.equal(await exists(join(d, LEGACY_CREDENTIALS_FILE)), false);
  });

  it('first start generates and stores them as a system object (the secret sealed), no loose file; later starts read them back', async () => {
    const first = await start();
    assert.equal(first.source, 'generated');
    for (const d of drives) assert.equal(await exists(join(d, LEGACY_CREDENTIALS_FILE)), false, d);
    const dep = await open();
    try {
      const doc = await dep.system.getJson(ROOT_CREDENTIALS_OBJECT) as Record<string, unknown>;
      assert.deepEqual(Object.keys(doc).sort(), ['accessKey', 'sealedSecret', 'version']);
      assert.deepEqual([doc['version'], doc['accessKey']], [2, first.accessKey]);
      assert.equal((await dep.system.get(ROOT_CREDENTIALS_OBJECT))!.includes(first.secretKey), false, 'no secret in the clear');
      assert.equal((await openSecretSealer(dep.system)).unseal(first.accessKey, doc['sealedSecret'] as string), first.secretKey);
      const info = await dep.layer.headObject({ bucket: SYSTEM_BUCKET, key: ROOT_CREDENTIALS_OBJECT });
      assert.ok(info.size > 0);
      // Erasure coded over the set: every drive holds a record (and its shard) of the object.
      const set = dep.layer.context.storage.setFor(SYSTEM_BUCKET, ROOT_CREDENTIALS_OBJECT);
      const copies = await Promise.all(set.drives.map((d) => d.metaGet(objectKey(SYSTEM_BUCKET, ROOT_CREDENTIALS_OBJECT))));
      assert.equal(copies.filter((c) => c !== undefined).length, 4);
    } finally { await dep.close(); }
    const second = await start();
    assert.deepEqual(second, { accessKey: first.accessKey, secretKey: first.secretKey, source: 'stored' });
  });

  it('two starts racing on fresh drives agree on one pair (stored only if absent)', async () => {
    const dep = await open();
    try {
      const sealer = await openSecretSealer(dep.system);
      const both = await Promise.all([0, 1].map(() => resolveRootCredentials({ rootUser: undefined, rootPassword: undefined, system: dep.system, drives, sealer })));
      assert.deepEqual(both.map((r) => r.source).sort(), ['generated', 'stored']);
      assert.equal(both[0]!.secretKey, both[1]!.secretKey);
    } finally { await dep.close(); }
  });

  it('losing parity (2 of 4) drives does not lose them', async () => {
    const first = await start();
    for (const d of drives.slice(0, 2)) await rm(d, { recursive: true });
    for (const d of drives.slice(0, 2)) await mkdir(d);
    const again = await start();
    assert.deepEqual(again, { accessKey: first.accessKey, secretKey: first.secretKey, source: 'stored' });
  });

  it('a legacy loose file is migrated into the system bucket, then every loose file is removed', async () => {
    // Drive 1 has garbage, drive 2 the valid file, drive 3 a temporary of an interrupted write.
    await writeLegacy(drives[0]!, 'garbage');
    await writeLegacy(drives[1]!, legacyDoc('LEGACYACCESSKEY00001', 'legacy-secret-key-0123456789'));
    await mkdir(join(drives[2]!, '.cairn'), { recursive: true });
    await writeFile(join(drives[2]!, '.cairn', 'root-credentials.json.0a1b2c3d.tmp'), 'partial');
    const r = await start();
    assert.deepEqual(r, { accessKey: 'LEGACYACCESSKEY00001', secretKey: 'legacy-secret-key-0123456789', source: 'stored' });
    for (const d of drives) {
      assert.deepEqual((await readdir(join(d, '.cairn'))).filter((n) => n.startsWith('root-credentials')), [], d);
    }
    const again = await start();
    assert.deepEqual(again, r, 'read back from the system bucket');
  });

  it('a stored pair wins over leftover loose files (a start that stopped after migrating), which are removed', async () => {
    const first = await start();
    await writeLegacy(drives[3]!, legacyDoc('OLDACCESSKEY00000001', 'old-secret-key-0123456789'));
    const again = await start();
    assert.deepEqual(again, { accessKey: first.accessKey, secretKey: first.secretKey, source: 'stored' });
    assert.equal(await exists(join(drives[3]!, LEGACY_CREDENTIALS_FILE)), false);
  });

  it('unreadable legacy files on every drive fail loudly instead of silently replacing the credentials', async () => {
    for (const d of drives) await writeLegacy(d, 'garbage');
    await assert.rejects(start(), /root credentials unreadable on every drive/);
    for (const d of drives) assert.equal(await exists(join(d, LEGACY_CREDENTIALS_FILE)), true, 'left for the operator');
    const dep = await open();
    try { assert.equal(await dep.system.get(ROOT_CREDENTIALS_OBJECT), undefined, 'nothing generated'); } finally { await dep.close(); }
  });

  it('a stored object that is not a credentials record is a startup error naming it, and is left as it is', async () => {
    const dep = await open();
    try { await dep.system.put(ROOT_CREDENTIALS_OBJECT, Buffer.from('{"version":1,"accessKey":"x"')); } finally { await dep.close(); }
    await assert.rejects(start(), /root credentials \.cairn\.sys\/config\/root-credentials\.json: not JSON/);
    const dep2 = await open();
    try { await dep2.system.putJson(ROOT_CREDENTIALS_OBJECT, { version: 2, accessKey: 'abc', secretKey: 'whatever-long' }); } finally { await dep2.close(); }
    await assert.rejects(start(), /root credentials \.cairn\.sys\/config\/root-credentials\.json: not a version 1 or 2 credentials record/);
    const dep3 = await open();
    try { await dep3.system.putJson(ROOT_CREDENTIALS_OBJECT, { version: 2, accessKey: 'abcdef', sealedSecret: 'v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }); } finally { await dep3.close(); }
    await assert.rejects(start(), /sealed secret of abcdef does not open with the IAM sealing key/);
  });

  it('a pair stored in the clear by an older version is read and stored again sealed', async () => {
    const dep = await open();
    try { await dep.system.putJson(ROOT_CREDENTIALS_OBJECT, { version: 1, accessKey: 'CLEARACCESSKEY000001', secretKey: 'clear-secret-key-0123456789' }); } finally { await dep.close(); }
    const r = await start();
    assert.deepEqual(r, { accessKey: 'CLEARACCESSKEY000001', secretKey: 'clear-secret-key-0123456789', source: 'stored' });
    const dep2 = await open();
    try {
      const doc = await dep2.system.getJson(ROOT_CREDENTIALS_OBJECT) as Record<string, unknown>;
      assert.deepEqual([doc['version'], doc['accessKey'], doc['secretKey']], [2, 'CLEARACCESSKEY000001', undefined]);
    } finally { await dep2.close(); }
    assert.deepEqual(await start(), r, 'read back sealed');
    // With the environment's pair the stored one is compared (and migrated) the same way.
    assert.deepEqual(await start({ rootUser: 'CLEARACCESSKEY000001', rootPassword: 'clear-secret-key-0123456789' }),
      { accessKey: 'CLEARACCESSKEY000001', secretKey: 'clear-secret-key-0123456789', source: 'environment' });
  });

  it('a stored object whose records are corrupt on every drive is a startup error naming it, never "absent"', async () => {
    await start();
    const dep = await open();
    try {
      const key = objectKey(SYSTEM_BUCKET, ROOT_CREDENTIALS_OBJECT);
      for (const d of dep.layer.context.storage.drives) await d.metaBatch([{ key, value: Buffer.from('not a record') }]);
    } finally { await dep.close(); }
    await assert.rejects(start(), /root credentials \.cairn\.sys\/config\/root-credentials\.json exist but cannot be read/);
  });
});
