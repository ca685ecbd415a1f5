import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAdminArgs, parseSize, UsageError } from './admin-args.js';

describe('cairn admin bucket quota / usage arguments', () => {
  it('reads sizes in binary and decimal units, as mc does', () => {
    assert.equal(parseSize('10MiB'), 10 * 1024 * 1024);
    assert.equal(parseSize('1.5GiB'), 1.5 * 2 ** 30);
    assert.equal(parseSize('500MB'), 500_000_000);
    assert.equal(parseSize('4096'), 4096);
    assert.equal(parseSize('2k'), 2048);
    for (const bad of ['0', '', 'ten', '10XB', '-5MiB', '0.0001B']) assert.throws(() => parseSize(bad), UsageError, bad);
  });

  it('parses set, clear and info with the bucket, and usage', () => {
    const set = parseAdminArgs(['bucket', 'quota', 'set', 'photos', '10MiB', '--json']);
    assert.deepEqual([set.command, set.bucket, set.quotaBytes, set.json], ['quota-set', 'photos', 10485760, true]);
    const clear = parseAdminArgs(['bucket', 'quota', 'clear', 'photos']);
    assert.deepEqual([clear.command, clear.bucket, clear.quotaBytes], ['quota-clear', 'photos', undefined]);
    assert.equal(parseAdminArgs(['bucket', 'quota', 'info', 'photos']).command, 'quota-info');
    assert.equal(parseAdminArgs(['usage']).command, 'usage');
    assert.equal(parseAdminArgs(['bucket', 'quota', '--help']).command, 'help');
  });

  it('refuses a missing bucket or size, extra words and unknown subcommands', () => {
    for (const argv of [
      ['bucket', 'quota'], ['bucket', 'quota', 'set', 'photos'], ['bucket', 'quota', 'info'],
      ['bucket', 'quota', 'clear', 'photos', '10MiB'], ['bucket', 'quota', 'grow', 'photos'], ['bucket', 'quota', 'set', 'b', '1MiB', 'x'],
      ['bucket', 'quota', 'set', 'photos', '0'],
    ]) assert.throws(() => parseAdminArgs(argv), UsageError, argv.join(' '));
  });
});
