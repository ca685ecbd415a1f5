import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { credentialsNotice } from './credentials-notice.js';

const generated = { accessKey: 'AKGENERATED000000000', secretKey: 'generated-secret-0123456789', source: 'generated' } as const;

test('a generated pair is printed on a terminal only', async () => {
  const text = await credentialsNotice({ root: generated, isTerminal: true, dir: '/nonexistent' });
  assert.match(text, /RootUser: AKGENERATED000000000\nRootPass: generated-secret-0123456789\n/);
});

test('off a terminal it goes to a new 0600 file the message names, never over an existing one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-notice-'));
  try {
    const first = await credentialsNotice({ root: generated, isTerminal: false, dir });
    const second = await credentialsNotice({ root: generated, isTerminal: false, dir });
    assert.ok(!first.includes(generated.secretKey));
    const paths = [first, second].map((t) => /they are in (\S+) \(mode 0600\)/.exec(t)?.[1]);
    assert.deepEqual(paths, [join(dir, 'cairn-root-credentials.txt'), join(dir, 'cairn-root-credentials.1.txt')]);
    for (const p of paths) {
      assert.equal((await stat(p!)).mode & 0o777, 0o600);
      assert.match(await readFile(p!, 'utf8'), /RootPass: generated-secret-0123456789/);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('environment credentials over a different stored pair are announced; equal ones are not', async () => {
  const env = { accessKey: 'envadmin', secretKey: 'env-secret', source: 'environment' } as const;
  assert.equal(await credentialsNotice({ root: env, isTerminal: true, dir: '/' }), '');
  const text = await credentialsNotice({ root: { ...env, overridden: { accessKey: 'stored' } }, isTerminal: true, dir: '/' });
  assert.match(text, /are in force \(access key envadmin\)\. The root credentials stored on the drives \(access key stored\) differ and do not work/);
});
