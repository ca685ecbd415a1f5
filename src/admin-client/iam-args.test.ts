import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAdminArgs, UsageError } from './admin-args.js';
import { parseExpiry } from './iam-args.js';
import { formatAccessKeys, formatEntities, formatUsers, table } from './format-iam.js';

const NOW = new Date('2026-12-02T12:00:00.000Z');
const parse = (argv: string[]) => parseAdminArgs(argv, NOW);

describe('cairn admin IAM command arguments', () => {
  it('parses every verb of user, group, policy and accesskey with its names', () => {
    assert.deepEqual(parse(['user', 'add', 'alice', 's3cr3t-key']).iam, { command: 'user-add', names: ['alice', 's3cr3t-key'] });
    assert.deepEqual(parse(['user', 'add', 'bob']).iam, { command: 'user-add', names: ['bob'] });
    assert.equal(parse(['user', 'ls']).command, 'user-list');
    assert.equal(parse(['user', 'list']).command, 'user-list');
    assert.equal(parse(['user', 'remove', 'a']).command, 'user-remove');
    assert.equal(parse(['user', 'disable', 'a']).command, 'user-disable');
    assert.deepEqual(parse(['group', 'add', 'devs', 'a', 'b']).iam, { command: 'group-add', names: ['devs', 'a', 'b'] });
    assert.deepEqual(parse(['group', 'rm', 'devs']).iam, { command: 'group-remove', names: ['devs'] });
    assert.equal(parse(['group', 'enable', 'devs']).command, 'group-enable');
    assert.deepEqual(parse(['policy', 'create', 'rw', '/tmp/p.json']).iam, { command: 'policy-create', names: ['rw', '/tmp/p.json'] });
    assert.deepEqual(parse(['policy', 'attach', 'rw', 'ro', '--user', 'alice']).iam, { command: 'policy-attach', names: ['rw', 'ro'], user: 'alice' });
    assert.deepEqual(parse(['policy', 'detach', 'rw', '--group=devs']).iam, { command: 'policy-detach', names: ['rw'], group: 'devs' });
    assert.deepEqual(parse(['policy', 'entities', '--policy', 'rw']).iam, { command: 'policy-entities', names: [], policy: 'rw' });
    assert.deepEqual(parse(['accesskey', 'ls', '--user', 'bob', '--account', 'tenant']).iam, { command: 'accesskey-list', names: [], user: 'bob', account: 'tenant' });
    assert.equal(parse(['accesskey', 'enable', 'AKIA0000000000000000']).command, 'accesskey-enable');
  });

  it('accesskey create takes --user, a given key pair and --expiry (a time or a duration from now)', () => {
    const a = parse(['accesskey', 'create', '--user', 'bob', '--access-key', 'bobkey01', '--secret-key', 'bobsecret01', '--expiry', '7d', '--json']);
    assert.deepEqual(a.iam, { command: 'accesskey-create', names: [], user: 'bob', expiration: '2026-12-09T12:00:00.000Z' });
    assert.deepEqual(a.rootKey, { accessKey: 'bobkey01', secretKey: 'bobsecret01' });
    assert.equal(a.json, true);
    assert.equal(parseExpiry('30m', NOW), '2026-12-02T12:30:00.000Z');
    assert.equal(parseExpiry('2027-01-31', NOW), '2027-01-31T00:00:00.000Z');
    assert.equal(parseExpiry('2027-01-31T10:00:00+02:00', NOW), '2027-01-31T08:00:00.000Z');
    assert.throws(() => parseExpiry('tomorrow', NOW), /bad --expiry "tomorrow"/);
    assert.throws(() => parseExpiry('5w', NOW), /bad --expiry/);
  });

  it('refuses wrong arity, unknown verbs and flags that do not go with the command', () => {
    const usage = (argv: string[], re: RegExp): void => assert.throws(() => parse(argv), (e: unknown) => e instanceof UsageError && re.test(e.message));
    usage(['user'], /usage: cairn admin user add NAME/);
    usage(['user', 'add'], /usage: cairn admin user/);
    usage(['user', 'add', 'a', 'b', 'c'], /usage: cairn admin user/);
    usage(['user', 'frobnicate', 'a'], /usage: cairn admin user/);
    usage(['group', 'add', 'devs'], /usage: cairn admin group add GROUP MEMBER/);
    usage(['policy', 'create', 'rw'], /usage: cairn admin policy create NAME FILE/);
    usage(['policy', 'attach', 'rw'], /needs either --user U or --group G/);
    usage(['policy', 'attach', 'rw', '--user', 'a', '--group', 'g'], /needs either --user U or --group G/);
    usage(['user', 'ls', '--user', 'a'], /--user does not go with "user ls"/);
    usage(['accesskey', 'info', 'AK', '--expiry', '1h'], /--expiry does not go with "accesskey info"/);
    usage(['info', '--account', 'x'], /--account goes with the user, group, policy and accesskey commands/);
    usage(['user', 'add', 'a', '--access-key', 'k', '--secret-key', 's'], /--access-key goes with "account create" or "accesskey create"/);
    usage(['accesskey', 'create', '--access-key', 'k'], /--access-key and --secret-key go together/);
  });
});

describe('cairn admin IAM text output', () => {
  it('prints aligned tables, "-" for empty lists and a line when there is nothing', () => {
    assert.equal(table(['A', 'BB'], [['xxx', 'y'], ['z', 'w']]), 'A    BB\nxxx  y\nz    w\n');
    const user = { accountId: '1', userName: 'alice', arn: 'arn', userId: 'AIDA', createDate: 'd', status: 'enabled' as const,
      policyName: ['rw', 'ro'], inlinePolicies: [], memberOf: [], accessKeys: ['alice'] };
    assert.equal(formatUsers([user]), 'STATUS   USER   POLICIES  GROUPS\nenabled  alice  rw,ro     -\n');
    assert.equal(formatUsers([]), 'No users\n');
    assert.equal(formatAccessKeys([{ accountId: '1', accessKey: 'AK1', accountStatus: 'disabled', createDate: 'd', expiration: '2027-01-01T00:00:00.000Z' }]),
      'STATUS    ACCESS KEY  USER            EXPIRES\ndisabled  AK1         (account root)  2027-01-01T00:00:00.000Z\n');
    assert.equal(formatEntities({ userMappings: [{ user: 'alice', policies: ['rw'] }], groupMappings: [{ group: 'devs', policies: ['rw', 'ro'] }], policyMappings: [] }),
      'KIND   NAME   POLICIES\nuser   alice  rw\ngroup  devs   rw,ro\n');
    assert.equal(formatEntities({ userMappings: [], groupMappings: [], policyMappings: [{ policy: 'rw', users: ['a'], groups: ['g'] }] }),
      'KIND   NAME  POLICIES\nuser   a     rw\ngroup  g     rw\n');
  });
});
