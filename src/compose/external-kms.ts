/**
 * The external KMS of the configuration (config/kms-config.ts): a Vault Transit or KES client
 * (kms/) with its TLS material read from files here. Trust: CAIRN_KMS_*_CAPATH (a PEM file,
 * or a directory whose *.crt|*.pem|*.cer files are read) replaces the trusted CAs; without it
 * the system CAs and the server's own trust directory (CAIRN_CERTS_DIR/CAs/) are trusted.
 * A file that cannot be read fails the start with a KmsConfigError naming the variable.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import type { KesKmsConfig, KmsTrustConfig, VaultKmsConfig } from '../config/index.js';
import { KmsConfigError } from '../errors/domain-errors.js';
import { KesKms } from '../kms/kes-kms.js';
import type { ExternalKms } from '../kms/kms.js';
import { VaultTransitKms } from '../kms/vault-transit-kms.js';

const CA_FILE = /\.(crt|pem|cer)$/i;

async function readNamed(path: string, variable: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new KmsConfigError(`${variable}: cannot read ${path}: ${(err as Error).message}`);
  }
}

/** PEM files of a directory (sorted by name), or the one file. */
async function pemFiles(path: string, variable: string): Promise<Buffer[]> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch (err) {
    throw new KmsConfigError(`${variable}: cannot read ${path}: ${(err as Error).message}`);
  }
  if (!isDir) return [await readNamed(path, variable)];
  const names = (await readdir(path)).filter((n) => CA_FILE.test(n) && !n.startsWith('.')).sort();
  if (names.length === 0) throw new KmsConfigError(`${variable}: ${path} holds no *.crt, *.pem or *.cer file`);
  return Promise.all(names.map((n) => readNamed(join(path, n), variable)));
}

/** The CAs an outbound KMS connection trusts. */
export async function kmsTrustedCAs(trust: KmsTrustConfig, variable: string): Promise<(string | Buffer)[]> {
  if (trust.caPath !== undefined) return pemFiles(trust.caPath, variable);
  let own: Buffer[] = [];
  try {
    if ((await stat(trust.certsCaDir)).isDirectory()) {
      const names = (await readdir(trust.certsCaDir)).filter((n) => CA_FILE.test(n) && !n.startsWith('.')).sort();
      own = await Promise.all(names.map((n) => readNamed(join(trust.certsCaDir, n), `${trust.certsCaDir}`)));
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return [...rootCertificates, ...own];
}

/** Vault clients of one configuration: the configured mount and namespace, or others (per-account bindings). */
export type VaultClients = (over?: { readonly mount?: string; readonly namespace?: string }) => VaultTransitKms;

export async function vaultClients(config: VaultKmsConfig): Promise<VaultClients> {
  const ca = await kmsTrustedCAs(config.trust, 'CAIRN_KMS_VAULT_CAPATH');
  return (over = {}) => {
    const namespace = over.namespace ?? config.namespace;
    return new VaultTransitKms({
      endpoint: { url: new URL(config.endpoint), ca },
      auth: config.auth, mount: over.mount ?? config.mount, ...(namespace !== undefined ? { namespace } : {}),
    });
  };
}

export async function createExternalKms(config: VaultKmsConfig | KesKmsConfig): Promise<ExternalKms> {
  if (config.kind === 'vault') return (await vaultClients(config))();
  // One after the other: when several are unreadable, the error names the first, always the same.
  const ca = await kmsTrustedCAs(config.trust, 'CAIRN_KMS_KES_CAPATH');
  const cert = await readNamed(config.certFile, 'CAIRN_KMS_KES_CERT_FILE');
  const key = await readNamed(config.keyFile, 'CAIRN_KMS_KES_KEY_FILE');
  return new KesKms({ endpoint: { url: new URL(config.endpoint), ca, clientCert: { cert, key } } });
}
