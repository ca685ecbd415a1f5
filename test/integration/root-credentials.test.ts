/** Root credentials: generated once, stored 0600 on every drive, read back silently, never replaced. */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREDENTIALS_FILE, generateRootCredentials, resolveRootCredentials } from '../../src/compose/root-credentials.js';

let base: string;
let drives: string[];
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'cairn-h4a-creds-'));
  drives = [join(base, 'd1'), join(base, 'd2'), join(base, 'd3')];
  for (const d of drives) await mkdir(d);
});
afterEach(async () => { await rm(base, { recursive: true, force: true }); });

describe('root credentials', () => {
  it('generates 20/40-character keys, random each time', () => {
    const a = generateRootCredentials();
    const b = generateRootCredentials();
    assert.match(a.accessKey, /^[A-Z0-9]{20}$/);
    assert.equal(a.secretKey.length, 40);
    assert.notEqual(a.accessKey, b.accessKey);
    assert.notEqual(a.secretKey, b.secretKey);
  });
  it('environment credentials are used as given and never written', async () => {
    const r = await resolveRootCredentials({ rootUser: 'admin', rootPassword: 'password1', drives });
    assert.deepEqual(r, { accessKey: 'admin', secretKey: 'password1', source: 'environment' });
    await assert.rejects(stat(join(drives[0]!, CREDENTIALS_FILE)));
  });
  it('first start generates and stores on every drive with mode 0600; later starts read them back', async () => {
    const first = await resolveRootCredentials({ rootUser: undefined, rootPassword: undefined, drives });
    assert.equal(first.source, 'generated');
    for (const d of drives) {
      const st = await stat(join(d, CREDENTIALS_FILE));
      assert.equal(st.mode & 0o777, 0o600, d);
      const doc = JSON.parse(await readFile(join(d, CREDENTIALS_FILE), 'utf8'));
      assert.equal(doc.accessKey, first.accessKey);
    }
    const second = await resolveRootCredentials({ rootUser: undefined, rootPassword: undefined, drives });
    assert.equal(second.source, 'stored');
    assert.equal(second.accessKey, first.accessKey);
    assert.equal(second.secretKey, first.secretKey);
  });
  it('a lost drive does not lose them, and the replaced drive gets them back', async () => {
    const first = await resolveRootCredentials({ rootUser: undefined, rootPassword: undefined, drives });
    await rm(drives[0]!, { recursive: true });
    await mkdir(drives[0]!);
    const again = await resolveRootCredentials({ rootUser: undefined, rootPassword: undefined, drives });
    assert.equal(again.source, 'stored');
    assert.equal(again.secretKey, first.secretKey);
    const healed = JSON.parse(await readFile(join(drives[0]!, CREDENTIALS_FILE), 'utf8'));
    assert.equal(healed.secretKey, first.secretKey);
  });
  it('unreadable files on every drive fail loudly instead of silently replacing the credentials', async () => {
    for (const d of drives) {
      await mkdir(join(d, '.cairn'), { recursive: true });
      await writeFile(join(d, CREDENTIALS_FILE), 'garbage');
    }
    await assert.rejects(resolveRootCredentials({ rootUser: undefined, rootPassword: undefined, drives }), /root credentials unreadable/);
  });
});
