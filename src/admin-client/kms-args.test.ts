import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAdminArgs, UsageError } from './admin-args.js';

describe('cairn admin kms arguments', () => {
  it('parses status, key create NAME, key status [NAME], key list [PATTERN]', () => {
    assert.equal(parseAdminArgs(['kms', 'status']).command, 'kms-status');
    const create = parseAdminArgs(['kms', 'key', 'create', 'tenant-a', '--json']);
    assert.deepEqual([create.command, create.keyId, create.json], ['kms-key-create', 'tenant-a', true]);
    assert.equal(parseAdminArgs(['kms', 'key', 'status']).keyId, undefined);
    assert.equal(parseAdminArgs(['kms', 'key', 'status', 'k']).keyId, 'k');
    assert.equal(parseAdminArgs(['kms', 'key', 'list', 'a*']).pattern, 'a*');
    assert.equal(parseAdminArgs(['kms', 'status', '--help']).command, 'help');
    const set = parseAdminArgs(['kms', 'account', 'set', '111111111111', 'key-a']);
    assert.deepEqual([set.command, set.account, set.keyId], ['kms-account-set', '111111111111', 'key-a']);
    assert.equal(parseAdminArgs(['kms', 'account', 'info', '111111111111']).command, 'kms-account-info');
    const rotate = parseAdminArgs(['kms', 'key', 'rotate', 'k1']);
    assert.deepEqual([rotate.command, rotate.keyId], ['kms-key-rotate', 'k1']);
    const reseal = parseAdminArgs(['kms', 'reseal', '--bucket', 'photos', '--wait']);
    assert.deepEqual([reseal.command, reseal.bucket, reseal.wait], ['kms-reseal', 'photos', true]);
    assert.equal(parseAdminArgs(['kms', 'reseal']).bucket, undefined);
    assert.equal(parseAdminArgs(['kms', 'reseal', 'status']).command, 'kms-reseal-status');
  });
  it('refuses incomplete or unknown kms commands', () => {
    for (const argv of [['kms'], ['kms', 'key'], ['kms', 'key', 'create'], ['kms', 'key', 'delete', 'x'], ['kms', 'status', 'x'], ['kms', 'key', 'status', 'a', 'b'], ['kms', 'key', 'create', 'x', '--deep'], ['kms', 'account', 'set', '1'], ['kms', 'account', 'info'], ['kms', 'account', 'set', '1', 'k', 'x'],
      ['kms', 'key', 'rotate'], ['kms', 'reseal', 'now'], ['kms', 'reseal', 'status', 'x'], ['kms', 'status', '--bucket', 'b'], ['kms', 'reseal', 'status', '--wait']]) {
      assert.throws(() => parseAdminArgs(argv), UsageError, argv.join(' '));
    }
  });
});
