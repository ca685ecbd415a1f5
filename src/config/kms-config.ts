/**
 * Which KMS the server uses, from the settings of kms-schema.ts and the built-in key
 * (CAIRN_KMS_SECRET_KEY or CAIRN_KMS_SECRET_KEY_FILE, read from env here): at most one of
 * the built-in KMS, Vault Transit and KES. Every incomplete or contradictory combination is a
 * ConfigError naming the variables, so a server never starts with a KMS it cannot use.
 * Pure: reads no file (certificates, CAs and the key file are read by compose/).
 */
import { join } from 'node:path';
import { ConfigError } from './config-error.js';
import type { Config } from './schema.js';

export type VaultAuthConfig =
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'approle'; readonly roleId: string; readonly secretId: string };

/** Where the CA certificates of an outbound KMS connection come from. */
export interface KmsTrustConfig {
  /** CAIRN_KMS_*_CAPATH: a PEM file or a directory of PEM files (then only those are trusted). */
  readonly caPath?: string;
  /** Without a CA path: the system CAs plus the certificates of this directory (CAIRN_CERTS_DIR/CAs). */
  readonly certsCaDir: string;
}

export interface BuiltinKmsConfig {
  readonly kind: 'builtin';
  /** `NAME:BASE64KEY` (CAIRN_KMS_SECRET_KEY), or the file holding it (CAIRN_KMS_SECRET_KEY_FILE). */
  readonly secretKey?: string;
  readonly secretKeyFile?: string;
  readonly probeIntervalMs: number;
}

export interface VaultKmsConfig {
  readonly kind: 'vault';
  readonly endpoint: string;
  readonly auth: VaultAuthConfig;
  readonly mount: string;
  readonly keyName: string;
  readonly namespace?: string;
  readonly trust: KmsTrustConfig;
  readonly probeIntervalMs: number;
}

export interface KesKmsConfig {
  readonly kind: 'kes';
  readonly endpoint: string;
  readonly keyName: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly trust: KmsTrustConfig;
  readonly probeIntervalMs: number;
}

export type KmsConfig = BuiltinKmsConfig | VaultKmsConfig | KesKmsConfig;

type Env = Readonly<Record<string, string | undefined>>;

const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const MOUNT = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;

function set(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function endpointUrl(raw: string, name: string, httpsOnly: boolean): string {
  let u: URL;
  try { u = new URL(raw); } catch { throw new ConfigError(`${name}: not a URL: ${JSON.stringify(raw)}`); }
  if (httpsOnly && u.protocol !== 'https:') throw new ConfigError(`${name}: KES is spoken over mutual TLS: expected an https URL, got ${JSON.stringify(raw)}`);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(`${name}: expected an http(s) URL, got ${JSON.stringify(raw)}`);
  if (u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '') {
    throw new ConfigError(`${name}: expected scheme://host[:port][/path] without credentials, query or fragment, got ${JSON.stringify(raw)}`);
  }
  return u.toString().replace(/\/+$/, '');
}

function keyName(value: string | undefined, name: string, endpointVar: string, what: string): string {
  if (value === undefined) throw new ConfigError(`${endpointVar} needs ${name} (${what})`);
  if (!KEY_NAME.test(value) || value.includes('..')) {
    throw new ConfigError(`${name}: key name ${JSON.stringify(value)} must be 1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit`);
  }
  return value;
}

/** Variables of one backend that are set although its endpoint is not. */
function orphans(endpoint: string | undefined, endpointVar: string, vars: readonly [string, unknown][]): void {
  if (endpoint !== undefined) return;
  const stray = vars.find(([, v]) => v !== undefined);
  if (stray) throw new ConfigError(`${stray[0]} is set but ${endpointVar} is not`);
}

function vaultAuth(c: Config): VaultAuthConfig {
  const token = c.kmsVaultToken;
  const id = c.kmsVaultAppRoleId;
  const secret = c.kmsVaultAppRoleSecret;
  if (token !== undefined && (id !== undefined || secret !== undefined)) {
    throw new ConfigError('CAIRN_KMS_VAULT_TOKEN and CAIRN_KMS_VAULT_APPROLE_ID/_SECRET are both set: authenticate with a token or with AppRole, not both');
  }
  if ((id === undefined) !== (secret === undefined)) throw new ConfigError('CAIRN_KMS_VAULT_APPROLE_ID and CAIRN_KMS_VAULT_APPROLE_SECRET must be set together');
  if (token !== undefined) return { kind: 'token', token };
  if (id !== undefined && secret !== undefined) return { kind: 'approle', roleId: id, secretId: secret };
  throw new ConfigError('CAIRN_KMS_VAULT_ENDPOINT needs CAIRN_KMS_VAULT_TOKEN, or CAIRN_KMS_VAULT_APPROLE_ID and CAIRN_KMS_VAULT_APPROLE_SECRET');
}

const trust = (caPath: string | undefined, c: Config): KmsTrustConfig => ({ ...(caPath !== undefined ? { caPath } : {}), certsCaDir: join(c.certsDir, 'CAs') });

/** The configured KMS, or undefined when none is. */
export function loadKmsConfig(c: Config, env: Env): KmsConfig | undefined {
  const vault = c.kmsVaultEndpoint;
  const kes = c.kmsKesEndpoint;
  const secretKey = set(env, 'CAIRN_KMS_SECRET_KEY');
  const secretKeyFile = set(env, 'CAIRN_KMS_SECRET_KEY_FILE');
  orphans(vault, 'CAIRN_KMS_VAULT_ENDPOINT', [
    ['CAIRN_KMS_VAULT_TOKEN', c.kmsVaultToken], ['CAIRN_KMS_VAULT_APPROLE_ID', c.kmsVaultAppRoleId], ['CAIRN_KMS_VAULT_APPROLE_SECRET', c.kmsVaultAppRoleSecret],
    ['CAIRN_KMS_VAULT_KEY_NAME', c.kmsVaultKeyName], ['CAIRN_KMS_VAULT_CAPATH', c.kmsVaultCaPath], ['CAIRN_KMS_VAULT_NAMESPACE', c.kmsVaultNamespace],
  ]);
  orphans(kes, 'CAIRN_KMS_KES_ENDPOINT', [
    ['CAIRN_KMS_KES_KEY_NAME', c.kmsKesKeyName], ['CAIRN_KMS_KES_CERT_FILE', c.kmsKesCertFile], ['CAIRN_KMS_KES_KEY_FILE', c.kmsKesKeyFile], ['CAIRN_KMS_KES_CAPATH', c.kmsKesCaPath],
  ]);
  const configured = [
    secretKey !== undefined ? 'CAIRN_KMS_SECRET_KEY' : undefined, secretKeyFile !== undefined ? 'CAIRN_KMS_SECRET_KEY_FILE' : undefined,
    vault !== undefined ? 'CAIRN_KMS_VAULT_ENDPOINT' : undefined, kes !== undefined ? 'CAIRN_KMS_KES_ENDPOINT' : undefined,
  ].filter((v): v is string => v !== undefined);
  if (configured.length > 1) {
    throw new ConfigError(`${configured.join(' and ')} are ${configured.length === 2 ? 'both' : 'all'} set: configure one KMS (the built-in key, Vault or KES)`);
  }
  const probeIntervalMs = c.kmsProbeInterval;
  if (secretKey !== undefined) return { kind: 'builtin', secretKey, probeIntervalMs };
  if (secretKeyFile !== undefined) return { kind: 'builtin', secretKeyFile, probeIntervalMs };
  if (vault !== undefined) {
    const auth = vaultAuth(c);
    const mount = c.kmsVaultTransitMount.trim().replace(/^\/+|\/+$/g, '');
    if (!MOUNT.test(mount)) throw new ConfigError(`CAIRN_KMS_VAULT_TRANSIT_MOUNT: expected a mount path of A-Z a-z 0-9 _ - segments, got ${JSON.stringify(c.kmsVaultTransitMount)}`);
    return {
      kind: 'vault', endpoint: endpointUrl(vault, 'CAIRN_KMS_VAULT_ENDPOINT', false), auth, mount,
      keyName: keyName(c.kmsVaultKeyName, 'CAIRN_KMS_VAULT_KEY_NAME', 'CAIRN_KMS_VAULT_ENDPOINT', 'the Transit key that seals data keys'),
      ...(c.kmsVaultNamespace !== undefined ? { namespace: c.kmsVaultNamespace } : {}),
      trust: trust(c.kmsVaultCaPath, c), probeIntervalMs,
    };
  }
  if (kes !== undefined) {
    const endpoint = endpointUrl(kes, 'CAIRN_KMS_KES_ENDPOINT', true);
    const name = keyName(c.kmsKesKeyName, 'CAIRN_KMS_KES_KEY_NAME', 'CAIRN_KMS_KES_ENDPOINT', 'the KES key that seals data keys');
    if (c.kmsKesCertFile === undefined || c.kmsKesKeyFile === undefined) {
      throw new ConfigError('CAIRN_KMS_KES_ENDPOINT needs CAIRN_KMS_KES_CERT_FILE and CAIRN_KMS_KES_KEY_FILE (the client certificate KES identifies Cairn by)');
    }
    return { kind: 'kes', endpoint, keyName: name, certFile: c.kmsKesCertFile, keyFile: c.kmsKesKeyFile, trust: trust(c.kmsKesCaPath, c), probeIntervalMs };
  }
  return undefined;
}
