import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAdminArgs, resolveConnection, UsageError } from './admin-args.js';

describe('cairn admin arguments', () => {
  it('takes the global flags anywhere and the command words in order', () => {
    assert.deepEqual(parseAdminArgs(['--endpoint', 'http://h:1', 'heal', 'status', '--json']), {
      command: 'heal-status', endpoint: 'http://h:1', region: undefined, json: true, deep: false, wait: false, force: false,
    });
    const heal = parseAdminArgs(['heal', '--deep', '--wait', '--region=eu-west-3']);
    assert.equal(heal.command, 'heal');
    assert.equal(heal.deep && heal.wait, true);
    assert.equal(heal.region, 'eu-west-3');
    assert.equal(parseAdminArgs(['info']).command, 'info');
    assert.equal(parseAdminArgs(['prometheus', 'token']).command, 'prometheus-token');
    assert.equal(parseAdminArgs([]).command, 'help');
    assert.equal(parseAdminArgs(['heal', '--help']).command, 'help');
  });

  it('refuses unknown commands and flags, missing values, and heal flags elsewhere', () => {
    assert.throws(() => parseAdminArgs(['bogus']), (e: unknown) => e instanceof UsageError && /unknown command "bogus"/.test(e.message));
    assert.throws(() => parseAdminArgs(['heal', 'stats']), /unknown command "heal stats"/);
    assert.throws(() => parseAdminArgs(['info', '--verbose']), /unknown flag --verbose/);
    assert.throws(() => parseAdminArgs(['info', '--endpoint']), /--endpoint needs a value/);
    assert.throws(() => parseAdminArgs(['heal', 'status', '--deep']), /--deep goes with "heal"/);
  });

  it('resolves endpoint, region and credentials from flags, then the environment, then defaults', () => {
    const aws = { AWS_ACCESS_KEY_ID: 'ak', AWS_SECRET_ACCESS_KEY: 'sk', CAIRN_ROOT_USER: 'ru', CAIRN_ROOT_PASSWORD: 'rp' };
    const c = resolveConnection(parseAdminArgs(['info']), aws);
    assert.equal(c.endpoint.href, 'http://127.0.0.1:9000/');
    assert.equal(c.region, 'us-east-1');
    assert.deepEqual(c.credentials, { accessKey: 'ak', secretKey: 'sk' });
    const root = resolveConnection(parseAdminArgs(['info']), {
      CAIRN_ROOT_USER: 'ru', CAIRN_ROOT_PASSWORD: 'rp', CAIRN_ENDPOINT: 'https://s3.example:443', AWS_REGION: 'ap-south-1', AWS_ACCESS_KEY_ID: 'half',
    });
    assert.deepEqual(root.credentials, { accessKey: 'ru', secretKey: 'rp' });
    assert.equal(root.endpoint.origin, 'https://s3.example');
    assert.equal(root.region, 'ap-south-1');
    const flags = resolveConnection(parseAdminArgs(['info', '--endpoint', 'http://[::1]:9100', '--region', 'x-1']), { ...aws, CAIRN_ENDPOINT: 'http://ignored:1' });
    assert.equal(flags.endpoint.host, '[::1]:9100');
    assert.equal(flags.region, 'x-1');
  });

  it('explains a bad endpoint and missing credentials', () => {
    const creds = { CAIRN_ROOT_USER: 'u', CAIRN_ROOT_PASSWORD: 'p' };
    assert.throws(() => resolveConnection(parseAdminArgs(['info', '--endpoint', 'not a url']), creds), /bad endpoint "not a url"/);
    assert.throws(() => resolveConnection(parseAdminArgs(['info', '--endpoint', 'ftp://h']), creds), /only http:\/\/ and https:\/\//);
    assert.throws(() => resolveConnection(parseAdminArgs(['info']), {}), /no credentials: set AWS_ACCESS_KEY_ID/);
  });
});

describe('account commands', () => it('account commands: create NAME [--email], ls, info, rm; --email only with create', () => {
  assert.deepEqual(
    { ...parseAdminArgs(['account', 'create', 'tenant', '--email', 'a@example.com']) },
    { command: 'account-create', endpoint: undefined, region: undefined, json: false, deep: false, wait: false, force: false, account: 'tenant', email: 'a@example.com' },
  );
  assert.equal(parseAdminArgs(['account', 'add', 'tenant']).command, 'account-create');
  assert.equal(parseAdminArgs(['account', 'ls']).command, 'account-list');
  assert.equal(parseAdminArgs(['account', 'info', '123456789012']).account, '123456789012');
  assert.equal(parseAdminArgs(['account', 'rm', 'tenant']).command, 'account-remove');
  assert.throws(() => parseAdminArgs(['account', 'create']), UsageError);
  assert.throws(() => parseAdminArgs(['account', 'ls', 'extra']), UsageError);
  assert.throws(() => parseAdminArgs(['account', 'ls', '--email', 'a@b.c']), /--email goes with "account create"/);
  assert.deepEqual(parseAdminArgs(['account', 'add', 't', '--access-key', 'AK123', '--secret-key', 'secret-123']).rootKey,
    { accessKey: 'AK123', secretKey: 'secret-123' });
  assert.throws(() => parseAdminArgs(['account', 'add', 't', '--access-key', 'AK123']), /go together/);
}));

describe('idp ldap policy commands', () => {
  it('idp ldap policy attach|detach|entities with --user / --group / --policy', () => {
    const a = parseAdminArgs(['idp', 'ldap', 'policy', 'attach', 'p1', 'p2', '--group', 'cn=g,dc=x']);
    assert.equal(a.command, 'ldap-policy-attach');
    assert.deepEqual(a.ldapPolicy, { command: 'ldap-policy-attach', policies: ['p1', 'p2'], group: 'cn=g,dc=x' });
    assert.deepEqual(parseAdminArgs(['idp', 'ldap', 'policy', 'entities', '--policy', 'p']).ldapPolicy, { command: 'ldap-policy-entities', policies: [], policy: 'p' });
    assert.equal(parseAdminArgs(['idp', 'ldap', 'policy', 'detach', 'p', '--user', 'uid=a']).command, 'ldap-policy-detach');
    assert.throws(() => parseAdminArgs(['idp', 'ldap', 'policy', 'attach', 'p']), /exactly one of --user DN or --group DN/);
    assert.throws(() => parseAdminArgs(['idp', 'ldap', 'policy', 'attach', '--user', 'uid=a']), /needs at least one policy name/);
    assert.throws(() => parseAdminArgs(['idp', 'ldap', 'policy', 'attach', 'p', '--user', 'uid=a', '--policy', 'q']), /--policy goes with/);
    assert.throws(() => parseAdminArgs(['info', '--user', 'uid=a']), /--user goes with the user, group, policy and accesskey commands or "idp ldap policy \.\.\."/);
    assert.throws(() => parseAdminArgs(['idp', 'ldap', 'users']), UsageError);
  });
});
