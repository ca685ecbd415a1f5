/**
 * Test certificates made by the real `openssl` CLI: a CA, and server certificates it signs
 * with chosen DNS names, IP addresses and serial numbers (PEM files), to test the TLS listener
 * and certificate rotation the way an operator would set them up.
 */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface TestCa {
  readonly certFile: string;
  readonly keyFile: string;
}

export interface IssuedCertificate {
  readonly certFile: string;
  readonly keyFile: string;
  /** Upper-case hex, as node's X509Certificate.serialNumber and getPeerCertificate() give it. */
  readonly serial: string;
}

async function openssl(args: readonly string[]): Promise<void> {
  await exec('openssl', [...args], { timeout: 30_000 });
}

/** A self-signed CA in `dir` (ca.crt, ca.key). */
export async function makeCa(dir: string, name = 'Cairn Test CA'): Promise<TestCa> {
  const certFile = join(dir, 'ca.crt');
  const keyFile = join(dir, 'ca.key');
  await openssl([
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', `/CN=${name}`, '-keyout', keyFile, '-out', certFile,
  ]);
  return { certFile, keyFile };
}

export interface IssueOptions {
  readonly ca: TestCa;
  /** Output directory: `<prefix>.crt` and `<prefix>.key` are written there. */
  readonly dir: string;
  readonly prefix: string;
  readonly dnsNames?: readonly string[];
  readonly ips?: readonly string[];
  /** Serial number as hex digits (e.g. '1001'). */
  readonly serial: string;
}

/** A server certificate signed by the CA, with subjectAltName DNS/IP entries. */
export async function issueCertificate(opts: IssueOptions): Promise<IssuedCertificate> {
  const keyFile = join(opts.dir, `${opts.prefix}.key`);
  const csrFile = join(opts.dir, `${opts.prefix}.csr`);
  const certFile = join(opts.dir, `${opts.prefix}.crt`);
  const extFile = join(opts.dir, `${opts.prefix}.ext`);
  const san = [...(opts.dnsNames ?? []).map((n) => `DNS:${n}`), ...(opts.ips ?? ['127.0.0.1']).map((ip) => `IP:${ip}`)];
  await writeFile(extFile, `subjectAltName=${san.join(',')}\nextendedKeyUsage=serverAuth\n`);
  await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${opts.dnsNames?.[0] ?? 'cairn'}`, '-keyout', keyFile, '-out', csrFile]);
  await openssl([
    'x509', '-req', '-in', csrFile, '-CA', opts.ca.certFile, '-CAkey', opts.ca.keyFile, '-set_serial', `0x${opts.serial}`,
    '-days', '2', '-extfile', extFile, '-out', certFile,
  ]);
  return { certFile, keyFile, serial: opts.serial.toUpperCase() };
}
