/**
 * HTTPS with certificates made by the real openssl CLI: the SDK v3, the AWS CLI (--ca-bundle)
 * and `cairn admin` over TLS; SNI picks the certificate of a subdirectory; certificates replaced
 * under a running server (file replace, then a Kubernetes Secret `..data` swap) are served to
 * the next connection while a download in flight on the old connection completes; a broken new
 * certificate is logged and the one in force kept.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { Agent, request as httpsRequest } from 'node:https';
import { connect } from 'node:tls';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { CreateBucketCommand, GetObjectCommand, HeadBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { makeTempDir, randomPayload, sha256Hex, type TempDir } from '../helpers/files.js';
import { issueCertificate, makeCa, type IssuedCertificate, type TestCa } from '../helpers/openssl-certs.js';
import { bodyBytes, sdkClient } from '../helpers/s3-client.js';
import { serverEntry, startServer, type CairnServer } from '../helpers/server.js';
import { signFor } from '../helpers/signed-request.js';
import { baseEnv, requireTool, run, runOk } from '../helpers/tools.js';
import { waitFor } from '../helpers/wait-for.js';

let tmp: TempDir;
let ca: TestCa;
let caPem: Buffer;
let first: IssuedCertificate;
let second: IssuedCertificate;
let third: IssuedCertificate;
let sni: IssuedCertificate;
const servers: CairnServer[] = [];

before(async () => {
  tmp = await makeTempDir('tls');
  ca = await makeCa(tmp.path);
  caPem = await readFile(ca.certFile);
  first = await issueCertificate({ ca, dir: tmp.path, prefix: 'first', dnsNames: ['localhost'], serial: '1001' });
  second = await issueCertificate({ ca, dir: tmp.path, prefix: 'second', dnsNames: ['localhost'], serial: '2002' });
  third = await issueCertificate({ ca, dir: tmp.path, prefix: 'third', dnsNames: ['localhost'], serial: '3003' });
  sni = await issueCertificate({ ca, dir: tmp.path, prefix: 'sni', dnsNames: ['*.s3.example.test'], serial: '4004' });
});
after(async () => {
  for (const s of servers) await s.stop();
  await tmp?.remove();
});

/** The serial number of the certificate a new TLS connection is served (optionally with SNI). */
function peerSerial(server: CairnServer, serverName?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: server.port, ca: caPem, ...(serverName ? { servername: serverName } : {}) }, () => {
      const serial = socket.getPeerCertificate().serialNumber;
      socket.end();
      resolve(serial);
    });
    socket.once('error', reject);
  });
}

async function installPair(dir: string, cert: IssuedCertificate, names: { cert: string; key: string } = { cert: 'public.crt', key: 'private.key' }): Promise<void> {
  // As an operator's tooling does: each file written beside and renamed over the old one.
  await copyFile(cert.certFile, join(dir, `${names.cert}.new`));
  await rename(join(dir, `${names.cert}.new`), join(dir, names.cert));
  await copyFile(cert.keyFile, join(dir, `${names.key}.new`));
  await rename(join(dir, `${names.key}.new`), join(dir, names.key));
}

async function tlsServer(certsDir: string): Promise<CairnServer> {
  const server = await startServer({ env: { CAIRN_CERTS_DIR: certsDir, CAIRN_CERTS_RELOAD_INTERVAL: '200ms' } });
  servers.push(server);
  return server;
}

describe('TLS', () => {
  it('serves HTTPS to the SDK, the AWS CLI and cairn admin, with SNI picking a subdirectory certificate', async () => {
    const certs = join(tmp.path, 'certs-clients');
    await mkdir(join(certs, 'example'), { recursive: true });
    await installPair(certs, first);
    await installPair(join(certs, 'example'), sni);
    const server = await tlsServer(certs);
    assert.match(server.printedUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(server.endpoint, `https://127.0.0.1:${server.port}`);

    assert.equal(await peerSerial(server), first.serial, 'no SNI (an IP endpoint): the default certificate');
    assert.equal(await peerSerial(server, 'bucket.s3.example.test'), sni.serial, 'SNI covered by a subdirectory certificate');
    assert.equal(await peerSerial(server, 'localhost'), first.serial, 'SNI nobody else covers: the default certificate');

    const s3 = trustingClient(server);
    try {
      await s3.send(new CreateBucketCommand({ Bucket: 'tls' }));
      const body = randomPayload(6 * 1024 * 1024);
      await s3.send(new PutObjectCommand({ Bucket: 'tls', Key: 'big', Body: body }));
      const ranged = await s3.send(new GetObjectCommand({ Bucket: 'tls', Key: 'big', Range: 'bytes=1000-1999' }));
      assert.deepEqual(await bodyBytes(ranged.Body), body.subarray(1000, 2000));
    } finally {
      s3.destroy();
    }

    const aws = requireTool('aws');
    const home = join(tmp.path, 'aws-home');
    await mkdir(home, { recursive: true });
    const env = {
      ...baseEnv(home), AWS_ACCESS_KEY_ID: server.accessKey, AWS_SECRET_ACCESS_KEY: server.secretKey,
      AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '',
    };
    const file = join(tmp.path, 'cli-upload.bin');
    const content = randomPayload(300_000);
    await writeFile(file, content);
    const cli = (...args: string[]): Promise<string> =>
      runOk(aws, ['--endpoint-url', server.endpoint, '--ca-bundle', ca.certFile, ...args], { env, cwd: tmp.path, timeoutMs: 120_000 });
    await cli('s3', 'cp', file, 's3://tls/from-cli');
    await cli('s3', 'cp', 's3://tls/from-cli', join(tmp.path, 'cli-download.bin'));
    assert.equal(sha256Hex(await readFile(join(tmp.path, 'cli-download.bin'))), sha256Hex(content));
    const untrusted = await run(aws, ['--endpoint-url', server.endpoint, 's3', 'ls'], { env, cwd: tmp.path, timeoutMs: 120_000 });
    assert.notEqual(untrusted.code, 0, 'without the CA bundle the AWS CLI must refuse the certificate');
    assert.match(untrusted.stderr, /SSL|certificate/i);

    const admin = await run(process.execPath, [serverEntry(), 'admin', '--endpoint', server.endpoint, 'info'], {
      env: { ...baseEnv(home), CAIRN_ROOT_USER: server.accessKey, CAIRN_ROOT_PASSWORD: server.secretKey, CAIRN_CA_BUNDLE: ca.certFile },
      cwd: tmp.path, timeoutMs: 60_000,
    });
    assert.equal(admin.code, 0, admin.stderr);
  });

  it('replaced files are served to the next connection while a download on the old one completes; a broken certificate is refused', async () => {
    const certs = join(tmp.path, 'certs-rotate');
    await mkdir(certs);
    await installPair(certs, first);
    const server = await tlsServer(certs);
    const s3 = trustingClient(server);
    await s3.send(new CreateBucketCommand({ Bucket: 'rotate' }));
    const body = randomPayload(24 * 1024 * 1024);
    await s3.send(new PutObjectCommand({ Bucket: 'rotate', Key: 'object', Body: body }));

    // A download on a connection made with the first certificate, paused after its first bytes.
    const signed = signFor(server, { method: 'GET', path: '/rotate/object' });
    const download = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpsRequest(`${server.endpoint}/rotate/object`, { ca: caPem, agent: false, headers: signed.headers }, resolve);
      req.once('error', reject);
      req.end();
    });
    assert.equal(download.statusCode, 200);
    const peer = (download.socket as import('node:tls').TLSSocket).getPeerCertificate().serialNumber;
    assert.equal(peer, first.serial);
    const received: Buffer[] = [];
    const firstChunk = await new Promise<Buffer>((resolve) => download.once('data', resolve));
    received.push(firstChunk);
    download.pause();

    await installPair(certs, second);
    await waitFor('the new certificate on a new connection', async () => (await peerSerial(server)) === second.serial || undefined, { timeoutMs: 15_000 });

    download.on('data', (c: Buffer) => received.push(c));
    download.resume();
    await new Promise<void>((resolve, reject) => { download.once('end', resolve); download.once('error', reject); });
    assert.equal(createHash('sha256').update(Buffer.concat(received)).digest('hex'), sha256Hex(body), 'the in-flight download completed intact');

    await writeFile(join(certs, 'public.crt.new'), '-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n');
    await rename(join(certs, 'public.crt.new'), join(certs, 'public.crt'));
    await waitFor('the refusal logged', () => server.output().includes('new certificates refused') || undefined, { timeoutMs: 15_000 });
    assert.equal(await peerSerial(server), second.serial, 'the certificate in force is kept');
    await s3.send(new HeadBucketCommand({ Bucket: 'rotate' }));
    s3.destroy();
  });

  it('a Kubernetes Secret update (the ..data symlink swap) is served without a restart', async () => {
    const certs = join(tmp.path, 'certs-secret');
    await mkdir(join(certs, '..2026_12_02_00_00_00.1'), { recursive: true });
    await installPair(join(certs, '..2026_12_02_00_00_00.1'), first, { cert: 'tls.crt', key: 'tls.key' });
    await symlink('..2026_12_02_00_00_00.1', join(certs, '..data'));
    await symlink('..data/tls.crt', join(certs, 'tls.crt'));
    await symlink('..data/tls.key', join(certs, 'tls.key'));
    const server = await tlsServer(certs);
    assert.equal(await peerSerial(server), first.serial);

    // What the kubelet does: a new timestamped directory, a temporary link, renamed over ..data.
    await mkdir(join(certs, '..2026_12_02_00_05_00.2'));
    await installPair(join(certs, '..2026_12_02_00_05_00.2'), third, { cert: 'tls.crt', key: 'tls.key' });
    await symlink('..2026_12_02_00_05_00.2', join(certs, '..data_tmp'));
    await rename(join(certs, '..data_tmp'), join(certs, '..data'));
    await waitFor('the Secret update served', async () => (await peerSerial(server)) === third.serial || undefined, { timeoutMs: 15_000 });
  });
});

/** An SDK v3 client that trusts the test CA. */
function trustingClient(server: CairnServer): S3Client {
  return sdkClient(server, { requestHandler: { httpsAgent: new Agent({ ca: caPem }) } });
}
