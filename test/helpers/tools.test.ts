import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { baseEnv, checkTool, run } from './tools.js';

describe('e2e tool helpers', () => {
  it('a missing client fails with the Debian package to install', () => {
    assert.throws(() => checkTool('rclone', { bin: '/nonexistent/rclone', debPackage: 'rclone' }),
      /\/nonexistent\/rclone is missing; install it with: apt-get install -y rclone/);
  });

  it('a client whose probe fails is reported with the package too', () => {
    assert.throws(() => checkTool('boto3', { bin: '/bin/sh', debPackage: 'python3-boto3', probe: ['-c', 'exit 3'] }),
      /apt-get install -y python3-boto3/);
  });

  it('run collects output and exit code, with a clean environment', async () => {
    const r = await run('/bin/sh', ['-c', 'echo "$HOME"; echo oops >&2; exit 4'], { env: baseEnv('/tmp/fake-home') });
    assert.deepEqual([r.code, r.stdout, r.stderr], [4, '/tmp/fake-home\n', 'oops\n']);
  });

  it('run kills a command that overruns its time limit', async () => {
    await assert.rejects(run('/bin/sleep', ['600'], { env: baseEnv('/tmp'), timeoutMs: 300 }), /timed out after 300 ms/);
  });
});
