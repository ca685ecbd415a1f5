/**
 * The KMS settings of the config schema (spread into CONFIG_SCHEMA): HashiCorp Vault Transit
 * and MinIO KES, and how often the KMS is probed for the metrics. Each is a plain string here;
 * which combinations make a KMS is decided by kms-config.ts (loadKmsConfig), which also reads
 * the built-in key (CAIRN_KMS_SECRET_KEY[_FILE]) to refuse two KMSs at once.
 */
import { parseDuration } from './duration.js';
import { parseString } from './parsers.js';
import type { Setting } from './schema.js';

const setting = <T>(s: Setting<T>): Setting<T> => s;
const text = (env: string, doc: string, secret = false): Setting<string | undefined> => ({ env, default: undefined, doc, secret, parse: parseString });

export const KMS_SETTINGS = {
  kmsVaultEndpoint: text('CAIRN_KMS_VAULT_ENDPOINT', 'HashiCorp Vault as the KMS: its http(s) URL (the Transit secrets engine seals the data keys). Needs CAIRN_KMS_VAULT_KEY_NAME and a token or AppRole.'),
  kmsVaultToken: text('CAIRN_KMS_VAULT_TOKEN', 'Vault token (X-Vault-Token); or use AppRole.', true),
  kmsVaultAppRoleId: text('CAIRN_KMS_VAULT_APPROLE_ID', 'Vault AppRole role_id (with CAIRN_KMS_VAULT_APPROLE_SECRET; logs in at auth/approle/login and again at 80% of the lease).'),
  kmsVaultAppRoleSecret: text('CAIRN_KMS_VAULT_APPROLE_SECRET', 'Vault AppRole secret_id.', true),
  kmsVaultTransitMount: setting<string>({
    env: 'CAIRN_KMS_VAULT_TRANSIT_MOUNT', default: 'transit', doc: 'Path the Vault Transit engine is mounted at (default transit).', parse: parseString,
  }),
  kmsVaultKeyName: text('CAIRN_KMS_VAULT_KEY_NAME', 'The Transit key that seals data keys by default (created with cairn admin kms key create NAME, or by the Vault operator).'),
  kmsVaultCaPath: text('CAIRN_KMS_VAULT_CAPATH', 'CA certificates to trust for Vault: a PEM file or a directory of them (default: the system CAs plus CAIRN_CERTS_DIR/CAs/).'),
  kmsVaultNamespace: text('CAIRN_KMS_VAULT_NAMESPACE', 'Vault Enterprise namespace (X-Vault-Namespace).'),
  kmsKesEndpoint: text('CAIRN_KMS_KES_ENDPOINT', 'MinIO KES as the KMS: its https URL (mutual TLS). Needs CAIRN_KMS_KES_KEY_NAME, _CERT_FILE and _KEY_FILE.'),
  kmsKesKeyName: text('CAIRN_KMS_KES_KEY_NAME', 'The KES key that seals data keys by default.'),
  kmsKesCertFile: text('CAIRN_KMS_KES_CERT_FILE', 'Client certificate (PEM) Cairn presents to KES; KES identifies Cairn by its public key.'),
  kmsKesKeyFile: text('CAIRN_KMS_KES_KEY_FILE', 'Private key (PEM) of CAIRN_KMS_KES_CERT_FILE.', true),
  kmsKesCaPath: text('CAIRN_KMS_KES_CAPATH', 'CA certificates to trust for KES: a PEM file or a directory of them (default: the system CAs plus CAIRN_CERTS_DIR/CAs/).'),
  kmsProbeInterval: setting<number>({
    env: 'CAIRN_KMS_PROBE_INTERVAL', default: 10_000, doc: 'How often the KMS is probed (status round trip) for cairn_kms_online and the latency figures; a scrape never waits on the KMS.', parse: parseDuration,
  }),
} as const;
