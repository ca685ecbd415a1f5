/**
 * Reads a certificates directory (`--certs-dir`, `CAIRN_CERTS_DIR`), laid out as MinIO's and as a
 * mounted Kubernetes TLS Secret:
 *
 *   DIR/public.crt + DIR/private.key       the default certificate (chain first, PEM)
 *     or DIR/tls.crt + DIR/tls.key         (the key names of a kubernetes.io/tls Secret)
 *   DIR/<name>/public.crt + private.key    one more certificate per subdirectory, served to
 *     (or tls.crt + tls.key)               clients whose SNI server name it covers
 *   DIR/CAs/*.crt|*.pem|*.cer              certificates the server's own outbound clients trust
 *
 * Entries starting with `..` (a Secret volume's `..data` and `..<timestamp>` directories) and
 * hidden entries are not subdirectories of certificates; the files reached through `..data`
 * symlinks are read like any file. The whole directory is read at once and described by the
 * sha256 of every byte read, so a reload only rebuilds contexts when something changed.
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import { certificateDnsNames } from './sni-match.js';

/** TLS 1.2 and newer only. */
export const MIN_TLS_VERSION = 'TLSv1.2';

const PAIRS: readonly (readonly [cert: string, key: string])[] = [['public.crt', 'private.key'], ['tls.crt', 'tls.key']];
const CA_DIR = 'CAs';
const CA_FILE = /\.(crt|pem|cer)$/i;

export interface ServedCertificate {
  /** The directory the pair came from (DIR itself for the default certificate). */
  readonly dir: string;
  readonly cert: Buffer;
  readonly key: Buffer;
  /** DNS names the certificate covers (SNI matching). */
  readonly names: readonly string[];
  readonly serialNumber: string;
  readonly validTo: Date;
  readonly context: SecureContext;
}

export interface CertificateBundle {
  readonly primary: ServedCertificate;
  readonly extra: readonly ServedCertificate[];
  /** PEM texts of DIR/CAs, for the server's outbound TLS clients. */
  readonly trustedCAs: readonly string[];
  readonly fingerprint: string;
}

/** A certificates directory that exists but cannot be served (names the file and the reason). */
export class CertificateDirError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CertificateDirError';
  }
}

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new CertificateDirError(`cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

export interface RawPair { readonly dir: string; readonly certPath: string; readonly cert: Buffer; readonly key: Buffer }

async function readPair(dir: string): Promise<RawPair | undefined> {
  for (const [certName, keyName] of PAIRS) {
    const cert = await readOptional(join(dir, certName));
    const key = await readOptional(join(dir, keyName));
    if (cert && key) return { dir, certPath: join(dir, certName), cert, key };
    if (cert || key) {
      const missing = cert ? keyName : certName;
      throw new CertificateDirError(`${join(dir, cert ? certName : keyName)} has no matching ${join(dir, missing)}`);
    }
  }
  return undefined;
}

function served(pair: RawPair): ServedCertificate {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(pair.cert);
  } catch (err) {
    throw new CertificateDirError(`${pair.certPath} is not a PEM certificate: ${(err as Error).message}`, { cause: err });
  }
  let context: SecureContext;
  try {
    if (!x509.checkPrivateKey(createPrivateKey(pair.key))) {
      throw new Error('the private key does not belong to the certificate');
    }
    context = createSecureContext({ cert: pair.cert, key: pair.key, minVersion: MIN_TLS_VERSION });
  } catch (err) {
    throw new CertificateDirError(`${pair.certPath}: ${(err as Error).message}`, { cause: err });
  }
  return {
    dir: pair.dir,
    cert: pair.cert,
    key: pair.key,
    names: certificateDnsNames(x509.subjectAltName, x509.subject),
    serialNumber: x509.serialNumber,
    validTo: new Date(x509.validTo),
    context,
  };
}

async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith('.') && e.name !== CA_DIR)
    .map((e) => e.name)
    .sort();
}

async function readTrustedCAs(dir: string, hash: ReturnType<typeof createHash>): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(join(dir, CA_DIR))).filter((n) => CA_FILE.test(n)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CertificateDirError(`cannot read ${join(dir, CA_DIR)}: ${(err as Error).message}`, { cause: err });
  }
  const pems: string[] = [];
  for (const name of names) {
    const bytes = await readOptional(join(dir, CA_DIR, name));
    if (!bytes) continue;
    hash.update(`ca:${name}\0`).update(bytes);
    pems.push(bytes.toString('utf8'));
  }
  return pems;
}

/** The bytes of a certificates directory, before anything is parsed. */
export interface CertificateFiles {
  readonly primary: RawPair;
  readonly extra: readonly RawPair[];
  readonly trustedCAs: readonly string[];
  /** sha256 of every file read: equal fingerprints mean nothing changed. */
  readonly fingerprint: string;
}

/**
 * Reads DIR's files. Undefined when DIR does not exist or holds no certificate (the server
 * speaks plain HTTP); a CertificateDirError when a certificate is incomplete or unreadable.
 */
export async function readCertificateFiles(dir: string): Promise<CertificateFiles | undefined> {
  let subdirs: string[];
  try {
    subdirs = await subdirectories(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new CertificateDirError(`cannot read the certificates directory ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const primary = await readPair(dir);
  const extra: RawPair[] = [];
  for (const name of subdirs) {
    const pair = await readPair(join(dir, name));
    if (pair) extra.push(pair);
  }
  if (!primary) {
    if (extra.length === 0) return undefined;
    throw new CertificateDirError(`${dir} has certificates in subdirectories but no public.crt + private.key (or tls.crt + tls.key) of its own`);
  }
  const hash = createHash('sha256');
  for (const pair of [primary, ...extra]) hash.update(`pair:${pair.dir}\0`).update(pair.cert).update('\0').update(pair.key);
  const trustedCAs = await readTrustedCAs(dir, hash);
  return { primary, extra, trustedCAs, fingerprint: hash.digest('hex') };
}

/** Parses and checks the files (certificate, key match) into servable TLS contexts. */
export function serveCertificates(files: CertificateFiles): CertificateBundle {
  return {
    primary: served(files.primary),
    extra: files.extra.map(served),
    trustedCAs: files.trustedCAs,
    fingerprint: files.fingerprint,
  };
}
