/**
 * External identity providers from the environment (MinIO's variables with a `CAIRN_` prefix).
 * OpenID Connect providers: every `CAIRN_IDENTITY_OPENID_CONFIG_URL[_NAME]` is one provider with
 * the settings of the same suffix:
 *
 *   CAIRN_IDENTITY_OPENID_CONFIG_URL[_N]   discovery document (`.../.well-known/openid-configuration`)
 *   CAIRN_IDENTITY_OPENID_CLIENT_ID[_N]    the audience (`aud`, or `azp`) tokens must carry (required)
 *   CAIRN_IDENTITY_OPENID_CLAIM_NAME[_N]   claim naming policies, MinIO style (default `policy`)
 *   CAIRN_IDENTITY_OPENID_ROLE_POLICY[_N]  comma-separated policies every token of this provider gets
 *   CAIRN_IDENTITY_OPENID_SCOPES[_N]       comma-separated scopes (published for clients; `openid` default)
 *
 * LDAP (one server): CAIRN_IDENTITY_LDAP_SERVER_ADDR (`host:port`, or an `ldap://` / `ldaps://` URL),
 * _LOOKUP_BIND_DN, _LOOKUP_BIND_PASSWORD, _USER_DN_SEARCH_BASE_DN, _USER_DN_SEARCH_FILTER (`%s`),
 * _GROUP_SEARCH_BASE_DN, _GROUP_SEARCH_FILTER (`%s`, `%d`), _TLS_SKIP_VERIFY, _SERVER_STARTTLS,
 * _SERVER_INSECURE (plain `ldap://`; default is TLS, `ldaps://`).
 *
 * CAIRN_STS_STATIC_IDENTITIES: a JSON file of users, roles, policies and LDAP mappings that the
 * STS endpoint uses until the IAM store is wired (tests; see README "STS").
 * Pure: env is a parameter.
 */
import { ConfigError } from './config-error.js';

export interface OpenIdProviderConfig {
  /** `default` for the unsuffixed variables, else the suffix in lower case. */
  readonly name: string;
  readonly configUrl: string;
  readonly clientId: string;
  readonly claimName: string;
  readonly rolePolicies: readonly string[] | undefined;
  readonly scopes: readonly string[];
}

export interface LdapConfig {
  /** ldap:// or ldaps:// URL. */
  readonly url: string;
  readonly startTls: boolean;
  readonly tlsSkipVerify: boolean;
  readonly lookupBindDn: string;
  readonly lookupBindPassword: string;
  readonly userDnSearchBaseDn: string;
  readonly userDnSearchFilter: string;
  readonly groupSearchBaseDn: string | undefined;
  readonly groupSearchFilter: string | undefined;
}

export interface IdentityConfig {
  readonly openid: readonly OpenIdProviderConfig[];
  readonly ldap: LdapConfig | undefined;
  readonly staticIdentitiesFile: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;
const OPENID = 'CAIRN_IDENTITY_OPENID_';
const LDAP = 'CAIRN_IDENTITY_LDAP_';

function read(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function need(env: Env, name: string, why: string): string {
  const v = read(env, name);
  if (v === undefined) throw new ConfigError(`${name} must be set ${why}`);
  return v;
}

function flag(env: Env, name: string): boolean {
  const v = read(env, name)?.toLowerCase();
  if (v === undefined || v === 'off' || v === 'false' || v === '0') return false;
  if (v === 'on' || v === 'true' || v === '1') return true;
  throw new ConfigError(`${name}: expected on or off, got ${JSON.stringify(v)}`);
}

function list(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const items = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return items.length === 0 ? undefined : items;
}

function openIdProviders(env: Env): OpenIdProviderConfig[] {
  const base = `${OPENID}CONFIG_URL`;
  const out: OpenIdProviderConfig[] = [];
  for (const k of Object.keys(env).sort()) {
    if (!k.startsWith(base) || read(env, k) === undefined) continue;
    const m = /^(?:_([A-Za-z0-9_]+))?$/.exec(k.slice(base.length));
    if (m === null) continue;
    const suffix = m[1] === undefined ? '' : `_${m[1]}`;
    const v = (key: string): string => `${OPENID}${key}${suffix}`;
    const url = read(env, v('CONFIG_URL'))!;
    let parsed: URL;
    try { parsed = new URL(url); } catch { throw new ConfigError(`${v('CONFIG_URL')}: not a URL: ${JSON.stringify(url)}`); }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ConfigError(`${v('CONFIG_URL')}: expected an http(s) URL`);
    out.push({
      name: m[1] === undefined ? 'default' : m[1].toLowerCase(),
      configUrl: parsed.toString(),
      clientId: need(env, v('CLIENT_ID'), `with ${v('CONFIG_URL')} (tokens must name it as their audience)`),
      claimName: read(env, v('CLAIM_NAME')) ?? 'policy',
      rolePolicies: list(read(env, v('ROLE_POLICY'))),
      scopes: list(read(env, v('SCOPES'))) ?? ['openid'],
    });
  }
  const names = new Set<string>();
  for (const p of out) {
    if (names.has(p.name)) throw new ConfigError(`two OpenID providers are named ${p.name} (suffixes differ only in case)`);
    names.add(p.name);
  }
  return out;
}

function ldapUrl(addr: string, insecure: boolean, startTls: boolean): string {
  if (/^ldaps?:\/\//i.test(addr)) return addr;
  if (!/^[^\s/]+:\d{1,5}$/.test(addr) && !/^[^\s/:]+$/.test(addr)) throw new ConfigError(`${LDAP}SERVER_ADDR: expected host:port or an ldap(s):// URL, got ${JSON.stringify(addr)}`);
  const plain = insecure || startTls;
  const hostPort = addr.includes(':') ? addr : `${addr}:${plain ? 389 : 636}`;
  return `${plain ? 'ldap' : 'ldaps'}://${hostPort}`;
}

function ldapConfig(env: Env): LdapConfig | undefined {
  const addr = read(env, `${LDAP}SERVER_ADDR`);
  if (addr === undefined) return undefined;
  const startTls = flag(env, `${LDAP}SERVER_STARTTLS`);
  const insecure = flag(env, `${LDAP}SERVER_INSECURE`);
  const why = `with ${LDAP}SERVER_ADDR`;
  const userFilter = need(env, `${LDAP}USER_DN_SEARCH_FILTER`, why);
  if (!userFilter.includes('%s')) throw new ConfigError(`${LDAP}USER_DN_SEARCH_FILTER must contain %s (the user name)`);
  const groupBase = read(env, `${LDAP}GROUP_SEARCH_BASE_DN`);
  const groupFilter = read(env, `${LDAP}GROUP_SEARCH_FILTER`);
  if ((groupBase === undefined) !== (groupFilter === undefined)) {
    throw new ConfigError(`${LDAP}GROUP_SEARCH_BASE_DN and ${LDAP}GROUP_SEARCH_FILTER must be set together`);
  }
  return {
    url: ldapUrl(addr, insecure, startTls),
    startTls,
    tlsSkipVerify: flag(env, `${LDAP}TLS_SKIP_VERIFY`),
    lookupBindDn: need(env, `${LDAP}LOOKUP_BIND_DN`, why),
    lookupBindPassword: need(env, `${LDAP}LOOKUP_BIND_PASSWORD`, why),
    userDnSearchBaseDn: need(env, `${LDAP}USER_DN_SEARCH_BASE_DN`, why),
    userDnSearchFilter: userFilter,
    groupSearchBaseDn: groupBase,
    groupSearchFilter: groupFilter,
  };
}

export function loadIdentityConfig(env: Env): IdentityConfig {
  return { openid: openIdProviders(env), ldap: ldapConfig(env), staticIdentitiesFile: read(env, 'CAIRN_STS_STATIC_IDENTITIES') };
}
