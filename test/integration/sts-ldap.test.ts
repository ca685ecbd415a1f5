/**
 * AssumeRoleWithLDAPIdentity against a real OpenLDAP slapd started by the test (in process:
 * the STS actions with the real ldapts client; the HTTP path is covered by test/e2e/sts.test.ts).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LdapDirectory } from '../../src/iam/sts/idp/ldap-identity.js';
import { dispatchSts } from '../../src/iam/sts/actions/dispatch.js';
import { StsError } from '../../src/iam/sts/sts-error.js';
import { stsResponseXml } from '../../src/iam/sts/sts-xml.js';
import type { LdapConfig } from '../../src/config/identity-config.js';
import { freePort, LDAP_ADMIN_DN, LDAP_ADMIN_PASSWORD, LDAP_SUFFIX, startSlapd, STS_LDIF, type Slapd } from '../helpers/slapd.js';
import { stsFixture } from '../helpers/sts-fixture.js';

let slapd: Slapd;
before(async () => { slapd = await startSlapd(STS_LDIF); });
after(async () => { await slapd?.stop(); });

function config(overrides: Partial<LdapConfig> = {}): LdapConfig {
  return {
    url: slapd.url, startTls: false, tlsSkipVerify: false,
    lookupBindDn: LDAP_ADMIN_DN, lookupBindPassword: LDAP_ADMIN_PASSWORD,
    userDnSearchBaseDn: `ou=people,${LDAP_SUFFIX}`, userDnSearchFilter: '(uid=%s)',
    groupSearchBaseDn: `ou=groups,${LDAP_SUFFIX}`, groupSearchFilter: '(&(objectClass=groupOfNames)(member=%d))',
    ...overrides,
  };
}

const login = (user: string, password: string): Map<string, string> => new Map([['LDAPUsername', user], ['LDAPPassword', password], ['DurationSeconds', '900']]);

async function refused(p: Promise<unknown>, code: string, message: RegExp): Promise<StsError> {
  let caught: unknown;
  try { await p; } catch (err) { caught = err; }
  assert.ok(caught instanceof StsError, `expected an StsError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.match(caught.message, message);
  return caught;
}

describe('STS LDAP identities (real slapd)', () => {
  it('a user in a mapped group gets credentials with the group\'s policies; lookup bind, DN search, user bind, group search', async () => {
    const f = stsFixture();
    const ctx = { ...f.ctx, ldap: new LdapDirectory(config()) };
    const answer = await dispatchSts(ctx, 'AssumeRoleWithLDAPIdentity', login('alice', 'alice-pass'), undefined);
    const xml = stsResponseXml(answer.action, answer.result, 'r');
    assert.match(xml, /<AssumeRoleWithLDAPIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><AssumeRoleWithLDAPIdentityResult><Credentials><AccessKeyId>ASIA/);
    const ak = /<AccessKeyId>([^<]+)/.exec(xml)![1]!;
    const claims = f.sessions.open(ak, /<SessionToken>([^<]+)/.exec(xml)![1]!);
    assert.equal(claims.subject, `uid=alice,ou=people,${LDAP_SUFFIX}`);
    assert.deepEqual(claims.groups, [`cn=writers,ou=groups,${LDAP_SUFFIX}`]);
    assert.deepEqual(claims.policies, ['readwrite']);
    assert.equal(claims.expiresAt - claims.issuedAt, 900);
    const caller = f.sessions.resolve(ak, /<SessionToken>([^<]+)/.exec(xml)![1]!)!;
    assert.equal(caller.principal.type, 'FederatedUser');
    assert.equal(caller.identity.size, 1);
  });

  it('a filter-injection user name finds nobody', async () => {
    const f = stsFixture();
    const ctx = { ...f.ctx, ldap: new LdapDirectory(config()) };
    await refused(dispatchSts(ctx, 'AssumeRoleWithLDAPIdentity', login('*', 'alice-pass'), undefined), 'AccessDenied', /LDAP user '\*' was not found/);
    await refused(dispatchSts(ctx, 'AssumeRoleWithLDAPIdentity', login('alice)(uid=*', 'x'), undefined), 'AccessDenied', /was not found/);
  });

  it('clear refusals: wrong password, unknown user, no policy mapped; no password in any message', async () => {
    const f = stsFixture();
    const ctx = { ...f.ctx, ldap: new LdapDirectory(config()) };
    const wrong = await refused(dispatchSts(ctx, 'AssumeRoleWithLDAPIdentity', login('alice', 'not-her-pass'), undefined), 'AccessDenied',
      /^LDAP bind failed for 'uid=alice,ou=people,dc=example,dc=org': invalid credentials \(wrong password\)\.$/);
    assert.ok(!wrong.message.includes('not-her-pass'));
    await refused(dispatchSts(ctx, 'AssumeRoleWithLDAPIdentity', login('mallory', 'x'), undefined), 'AccessDenied', /^LDAP user 'mallory' was not found/);
    await refused(dispatchSts(ctx, 'AssumeRoleWithLDAPIdentity', login('bob', 'bob-pass'), undefined), 'AccessDenied',
      /^No policy is mapped to the LDAP user 'uid=bob,ou=people,dc=example,dc=org' or to any of its 0 groups \(cairn admin idp ldap policy attach/);
  });

  it('a mapping to the user DN itself works without groups', async () => {
    const doc = { ldap: { users: { 'uid=bob,ou=people,dc=example,dc=org': ['readonly'] } } };
    const f = stsFixture(doc);
    const ctx = { ...f.ctx, ldap: new LdapDirectory(config({ groupSearchBaseDn: undefined, groupSearchFilter: undefined })) };
    const answer = await dispatchSts(ctx, 'AssumeRoleWithLDAPIdentity', login('bob', 'bob-pass'), undefined);
    const xml = stsResponseXml(answer.action, answer.result, 'r');
    const claims = f.sessions.open(/<AccessKeyId>([^<]+)/.exec(xml)![1]!, /<SessionToken>([^<]+)/.exec(xml)![1]!);
    assert.deepEqual(claims.policies, ['readonly']);
  });

  it('unreachable server and a refused lookup bind are IDPCommunicationError, without the bind password', async () => {
    const f = stsFixture();
    const closed = await freePort();
    const down = { ...f.ctx, ldap: new LdapDirectory(config({ url: `ldap://127.0.0.1:${closed}` })) };
    await refused(dispatchSts(down, 'AssumeRoleWithLDAPIdentity', login('alice', 'alice-pass'), undefined), 'IDPCommunicationError',
      new RegExp(`^The LDAP server ldap://127.0.0.1:${closed} is unreachable: the lookup bind failed \\(ECONNREFUSED\\)\\.$`));
    assert.equal(await new LdapDirectory(config({ url: `ldap://127.0.0.1:${closed}` })).probe(), false);
    const badBind = { ...f.ctx, ldap: new LdapDirectory(config({ lookupBindPassword: 'wrong-admin-pass' })) };
    const e = await refused(dispatchSts(badBind, 'AssumeRoleWithLDAPIdentity', login('alice', 'alice-pass'), undefined), 'IDPCommunicationError', /lookup bind as 'cn=admin,dc=example,dc=org' was refused/);
    assert.ok(!e.message.includes('wrong-admin-pass') && !e.message.includes(LDAP_ADMIN_PASSWORD));
    assert.equal(await new LdapDirectory(config()).probe(), true);
  });
});
