import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from './config-error.js';
import { loadKmsConfig } from './kms-config.js';
import { loadConfig } from './load-config.js';

const kms = (env: Record<string, string>): ReturnType<typeof loadKmsConfig> => loadKmsConfig(loadConfig(['/d', '--certs-dir', '/certs'], env).config, env);
const refused = (env: Record<string, string>, message: string): void => {
  assert.throws(() => kms(env), (e: unknown) => e instanceof ConfigError && e.message === message, JSON.stringify(env));
};
const VAULT = { CAIRN_KMS_VAULT_ENDPOINT: 'https://vault.test:8200/', CAIRN_KMS_VAULT_KEY_NAME: 'cairn-key' };
const KES = { CAIRN_KMS_KES_ENDPOINT: 'https://kes.test:7373', CAIRN_KMS_KES_KEY_NAME: 'k1', CAIRN_KMS_KES_CERT_FILE: '/c.crt', CAIRN_KMS_KES_KEY_FILE: '/c.key' };

describe('loadKmsConfig', () => {
  it('is undefined without a KMS', () => assert.equal(kms({}), undefined));
  it('reads the built-in key (value or file)', () => {
    assert.deepEqual(kms({ CAIRN_KMS_SECRET_KEY: 'k:AAAA' }), { kind: 'builtin', secretKey: 'k:AAAA', probeIntervalMs: 10_000 });
    assert.deepEqual(kms({ CAIRN_KMS_SECRET_KEY_FILE: '/run/key', CAIRN_KMS_PROBE_INTERVAL: '2s' }), { kind: 'builtin', secretKeyFile: '/run/key', probeIntervalMs: 2000 });
  });
  it('reads Vault with a token, defaults the mount, trusts CERTS_DIR/CAs', () => {
    assert.deepEqual(kms({ ...VAULT, CAIRN_KMS_VAULT_TOKEN: 'hvs.x' }), {
      kind: 'vault', endpoint: 'https://vault.test:8200', auth: { kind: 'token', token: 'hvs.x' }, mount: 'transit', keyName: 'cairn-key',
      trust: { certsCaDir: '/certs/CAs' }, probeIntervalMs: 10_000,
    });
  });
  it('reads Vault with AppRole, a mount, a namespace and a CA path', () => {
    const c = kms({ ...VAULT, CAIRN_KMS_VAULT_APPROLE_ID: 'r', CAIRN_KMS_VAULT_APPROLE_SECRET: 's', CAIRN_KMS_VAULT_TRANSIT_MOUNT: '/team-a/transit/', CAIRN_KMS_VAULT_NAMESPACE: 'ns1', CAIRN_KMS_VAULT_CAPATH: '/ca.pem' });
    assert.equal(c?.kind, 'vault');
    if (c?.kind !== 'vault') return;
    assert.deepEqual(c.auth, { kind: 'approle', roleId: 'r', secretId: 's' });
    assert.equal(c.mount, 'team-a/transit');
    assert.equal(c.namespace, 'ns1');
    assert.deepEqual(c.trust, { caPath: '/ca.pem', certsCaDir: '/certs/CAs' });
  });
  it('reads KES', () => {
    assert.deepEqual(kms(KES), {
      kind: 'kes', endpoint: 'https://kes.test:7373', keyName: 'k1', certFile: '/c.crt', keyFile: '/c.key', trust: { certsCaDir: '/certs/CAs' }, probeIntervalMs: 10_000,
    });
  });
  it('refuses two KMSs', () => {
    refused({ ...VAULT, CAIRN_KMS_VAULT_TOKEN: 't', ...KES }, 'CAIRN_KMS_VAULT_ENDPOINT and CAIRN_KMS_KES_ENDPOINT are both set: configure one KMS (the built-in key, Vault or KES)');
    refused({ ...KES, CAIRN_KMS_SECRET_KEY: 'k:AAAA' }, 'CAIRN_KMS_SECRET_KEY and CAIRN_KMS_KES_ENDPOINT are both set: configure one KMS (the built-in key, Vault or KES)');
    refused({ CAIRN_KMS_SECRET_KEY: 'k:AAAA', CAIRN_KMS_SECRET_KEY_FILE: '/f', ...VAULT, CAIRN_KMS_VAULT_TOKEN: 't' },
      'CAIRN_KMS_SECRET_KEY and CAIRN_KMS_SECRET_KEY_FILE and CAIRN_KMS_VAULT_ENDPOINT are all set: configure one KMS (the built-in key, Vault or KES)');
  });
  it('refuses incomplete or contradictory Vault settings', () => {
    refused({ ...VAULT }, 'CAIRN_KMS_VAULT_ENDPOINT needs CAIRN_KMS_VAULT_TOKEN, or CAIRN_KMS_VAULT_APPROLE_ID and CAIRN_KMS_VAULT_APPROLE_SECRET');
    refused({ ...VAULT, CAIRN_KMS_VAULT_TOKEN: 't', CAIRN_KMS_VAULT_APPROLE_ID: 'r', CAIRN_KMS_VAULT_APPROLE_SECRET: 's' },
      'CAIRN_KMS_VAULT_TOKEN and CAIRN_KMS_VAULT_APPROLE_ID/_SECRET are both set: authenticate with a token or with AppRole, not both');
    refused({ ...VAULT, CAIRN_KMS_VAULT_APPROLE_ID: 'r' }, 'CAIRN_KMS_VAULT_APPROLE_ID and CAIRN_KMS_VAULT_APPROLE_SECRET must be set together');
    refused({ CAIRN_KMS_VAULT_ENDPOINT: 'http://v:8200', CAIRN_KMS_VAULT_TOKEN: 't' }, 'CAIRN_KMS_VAULT_ENDPOINT needs CAIRN_KMS_VAULT_KEY_NAME (the Transit key that seals data keys)');
    refused({ ...VAULT, CAIRN_KMS_VAULT_TOKEN: 't', CAIRN_KMS_VAULT_KEY_NAME: '../sys' },
      'CAIRN_KMS_VAULT_KEY_NAME: key name "../sys" must be 1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit');
    refused({ ...VAULT, CAIRN_KMS_VAULT_TOKEN: 't', CAIRN_KMS_VAULT_ENDPOINT: 'vault:8200' }, 'CAIRN_KMS_VAULT_ENDPOINT: expected an http(s) URL, got "vault:8200"');
    refused({ ...VAULT, CAIRN_KMS_VAULT_TOKEN: 't', CAIRN_KMS_VAULT_TRANSIT_MOUNT: 'a/../b' }, 'CAIRN_KMS_VAULT_TRANSIT_MOUNT: expected a mount path of A-Z a-z 0-9 _ - segments, got "a/../b"');
    refused({ CAIRN_KMS_VAULT_TOKEN: 't' }, 'CAIRN_KMS_VAULT_TOKEN is set but CAIRN_KMS_VAULT_ENDPOINT is not');
  });
  it('refuses incomplete KES settings', () => {
    refused({ ...KES, CAIRN_KMS_KES_ENDPOINT: 'http://kes:7373' }, 'CAIRN_KMS_KES_ENDPOINT: KES is spoken over mutual TLS: expected an https URL, got "http://kes:7373"');
    refused({ ...KES, CAIRN_KMS_KES_KEY_FILE: '' }, 'CAIRN_KMS_KES_ENDPOINT needs CAIRN_KMS_KES_CERT_FILE and CAIRN_KMS_KES_KEY_FILE (the client certificate KES identifies Cairn by)');
    refused({ ...KES, CAIRN_KMS_KES_KEY_NAME: '' }, 'CAIRN_KMS_KES_ENDPOINT needs CAIRN_KMS_KES_KEY_NAME (the KES key that seals data keys)');
    refused({ CAIRN_KMS_KES_CERT_FILE: '/c' }, 'CAIRN_KMS_KES_CERT_FILE is set but CAIRN_KMS_KES_ENDPOINT is not');
  });
});
