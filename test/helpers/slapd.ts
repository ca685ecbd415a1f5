/**
 * A real OpenLDAP server for the STS LDAP tests: Debian's /usr/sbin/slapd with a temporary
 * slapd.conf (mdb backend, suffix dc=example,dc=org, rootdn cn=admin,dc=example,dc=org) and the
 * given LDIF loaded with slapadd, listening on ldap://127.0.0.1:PORT/. stop() kills it by PID
 * and removes its directory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SLAPD = '/usr/sbin/slapd';
export const LDAP_SUFFIX = 'dc=example,dc=org';
export const LDAP_ADMIN_DN = `cn=admin,${LDAP_SUFFIX}`;
export const LDAP_ADMIN_PASSWORD = 'admin-secret';

export interface Slapd {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect({ host: '127.0.0.1', port }, () => { c.destroy(); resolve(true); });
    c.once('error', () => resolve(false));
  });
}

export async function startSlapd(ldif: string): Promise<Slapd> {
  if (!existsSync(SLAPD)) throw new Error(`${SLAPD} not found: install the Debian packages slapd and ldap-utils (.ci/run does)`);
  const dir = await mkdtemp(join(tmpdir(), 'cairn-slapd-'));
  await mkdir(join(dir, 'db'));
  const conf = join(dir, 'slapd.conf');
  await writeFile(conf, [
    'include /etc/ldap/schema/core.schema',
    'include /etc/ldap/schema/cosine.schema',
    'include /etc/ldap/schema/inetorgperson.schema',
    'modulepath /usr/lib/ldap',
    'moduleload back_mdb',
    `pidfile ${join(dir, 'slapd.pid')}`,
    `argsfile ${join(dir, 'slapd.args')}`,
    'database mdb',
    `suffix "${LDAP_SUFFIX}"`,
    `rootdn "${LDAP_ADMIN_DN}"`,
    `rootpw ${LDAP_ADMIN_PASSWORD}`,
    `directory ${join(dir, 'db')}`,
    'maxsize 10485760',
    '',
  ].join('\n'));
  await writeFile(join(dir, 'data.ldif'), ldif);
  const add = spawnSync('/usr/sbin/slapadd', ['-f', conf, '-l', join(dir, 'data.ldif')], { encoding: 'utf8' });
  if (add.status !== 0) throw new Error(`slapadd failed: ${add.stderr}`);
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}/`;
  let output = '';
  const child: ChildProcess = spawn(SLAPD, ['-h', url, '-f', conf, '-d', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (c: Buffer) => { output += c.toString(); });
  child.stderr?.on('data', (c: Buffer) => { output += c.toString(); });
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      try { process.kill(child.pid, 'SIGTERM'); } catch { /* gone */ }
      await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) { try { process.kill(child.pid, 'SIGKILL'); } catch { /* gone */ } }
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await reachable(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`slapd did not start: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, port, stop };
}

/** The directory of the STS tests: alice (in group writers), bob (in no group), carol (in readers). */
export const STS_LDIF = `dn: ${LDAP_SUFFIX}
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: ou=people,${LDAP_SUFFIX}
objectClass: organizationalUnit
ou: people

dn: ou=groups,${LDAP_SUFFIX}
objectClass: organizationalUnit
ou: groups

dn: uid=alice,ou=people,${LDAP_SUFFIX}
objectClass: inetOrgPerson
uid: alice
cn: Alice
sn: Liddell
userPassword: alice-pass

dn: uid=bob,ou=people,${LDAP_SUFFIX}
objectClass: inetOrgPerson
uid: bob
cn: Bob
sn: Builder
userPassword: bob-pass

dn: cn=writers,ou=groups,${LDAP_SUFFIX}
objectClass: groupOfNames
cn: writers
member: uid=alice,ou=people,${LDAP_SUFFIX}
`;
