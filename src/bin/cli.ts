/**
 * The `cairn` command line.
 *   cairn server [--address HOST:PORT] [--console-address HOST:PORT] [--domain D] DRIVE...
 *   cairn admin [--endpoint URL] COMMAND     (admin-client/admin-cli.ts; exits 0, 1 or 2)
 *   cairn --help | cairn --version
 * Once listening it prints one `S3-API: http://HOST:PORT` line per address (127.0.0.1 first on
 * a wildcard bind; tests read the first) and what credentials-notice.ts says about the root
 * credentials (a generated pair: on a terminal only, else in a 0600 file it names). Startup errors print
 * `cairn: <message>` and exit 1. SIGTERM/SIGINT stop gracefully; a second signal exits at once.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runAdminCli } from '../admin-client/admin-cli.js';
import { ConfigError, loadAuditTargets, loadConfig, loadIdentityConfig, loadKmsConfig, settingsHelp } from '../config/index.js';
import { composeServer, type RunningServer } from '../compose/compose.js';
import { listenUrls, type UrlScheme } from '../http/listen-urls.js';
import { readCertificateFiles, serveCertificates } from '../http/tls/certificate-files.js';
import { credentialsNotice } from './credentials-notice.js';
import { applyHeapGrowth } from './heap-growth.js';
import { createErasureObjectLayer } from '../compose/object-layer-factory.js';
import { jsonLogger } from '../s3/pipeline/logger.js';
import {
  ClusterPrimary, isClusterWorker, prepareDrives, resolveWorkerCount, runClusterWorker, workerIndexFromEnv,
} from '../cluster-mode/index.js';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether standard output is a terminal (generated secrets are printed only there). */
  readonly isTerminal: boolean;
  /** Working directory (where a generated credentials file goes when output is not a terminal). */
  readonly cwd: string;
  /**
   * Called with the server once it listens, before the banner is printed (main installs the
   * signal handlers here, so a signal sent as soon as the banner is seen drains gracefully).
   */
  readonly onListening?: (server: Runnable) => void;
}

const USAGE = `Usage:
  cairn server [FLAGS] DRIVE...     serve the S3 API on the given drives
  cairn admin COMMAND               info, heal status, heal, prometheus token, audit verify (cairn admin --help)
  cairn --help                      this text
  cairn --version                   the version

DRIVE is a directory; ranges expand: /data/d{1...4} is /data/d1 ... /data/d4.

Settings (flag, environment variable):
`;

export function helpText(): string {
  return `${USAGE}${settingsHelp()}\n`;
}

function version(): string {
  try {
    const pkgPath = fileURLToPath(new URL('../../../package.json', import.meta.url));
    return (JSON.parse(readFileSync(pkgPath, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** What `server` runs: one server, or (--workers N > 1) the primary of N server processes. */
export interface Runnable {
  readonly address: AddressInfo;
  close(): Promise<void>;
}

/** Runs the command; resolves with the server for `server`, undefined for help/version. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<Runnable | undefined> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(helpText());
    return undefined;
  }
  if (command === '--version' || command === 'version') {
    io.out(`cairn ${version()}\n`);
    return undefined;
  }
  if (command !== 'server') throw new ConfigError(`unknown command ${JSON.stringify(command)} (try cairn --help)`);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(helpText());
    return undefined;
  }
  const { config, positionals } = loadConfig(rest, io.env);
  if (positionals.length === 0) throw new ConfigError('no drives given: cairn server DRIVE... (try cairn --help)');
  applyHeapGrowth(config.heapGrowth);
  const composeOpts = {
    config,
    drives: positionals,
    logger: jsonLogger((line) => io.err(line), config.logLevel),
    createObjectLayer: createErasureObjectLayer,
    version: version(),
    auditTargets: loadAuditTargets(io.env),
    kms: loadKmsConfig(config, io.env),
    identity: loadIdentityConfig(io.env),
  };
  const workerIndex = workerIndexFromEnv(io.env);
  if (workerIndex !== undefined && isClusterWorker()) {
    const worker = await runClusterWorker(workerIndex, composeOpts);
    io.onListening?.(worker);
    return worker;
  }
  const workers = resolveWorkerCount(config.workers);
  if (workers > 1) {
    // The workers open the certificates themselves; the primary checks them first (a broken
    // certificate fails the start before any fork) and prints https:// URLs when there are some.
    const certificates = await readCertificateFiles(config.certsDir);
    if (certificates) serveCertificates(certificates);
    const scheme: UrlScheme = certificates ? 'https' : 'http';
    const { root, claim } = await prepareDrives(config, positionals, composeOpts.kms);
    let primary: ClusterPrimary;
    try {
      primary = await ClusterPrimary.start({
        count: workers,
        exec: fileURLToPath(import.meta.url),
        args: argv,
        shutdownTimeoutMs: config.shutdownTimeoutMs,
        log: (line) => io.err(`${line}\n`),
      });
    } catch (err) {
      await claim.release();
      throw err;
    }
    await claim.announce(listenUrls(primary.address, undefined, scheme)[0]!);
    const family: Runnable = { address: primary.address, close: async () => { await primary.close(); await claim.release(); } };
    io.onListening?.(family);
    await printStarted(io, { address: primary.address, consoleAddress: primary.consoleAddress, root, scheme });
    return family;
  }
  const server = await composeServer(composeOpts);
  io.onListening?.(server);
  await printStarted(io, server);
  return server;
}

async function printStarted(io: CliIo, server: Pick<RunningServer, 'address' | 'root' | 'scheme'> & { readonly consoleAddress?: RunningServer['consoleAddress'] }): Promise<void> {
  // One write: whoever reads up to the S3-API line gets the notice with it.
  const notice = await credentialsNotice({ root: server.root, isTerminal: io.isTerminal, dir: io.cwd });
  const lines = (label: string, address: RunningServer['address'] | undefined): string => (address === undefined ? '' : listenUrls(address, undefined, server.scheme).map((url) => `${label}: ${url}\n`).join(''));
  io.out(`${lines('S3-API', server.address)}${lines('Console', server.consoleAddress)}${notice}`);
}

function installSignalHandlers(server: Runnable, io: Pick<CliIo, 'err'>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      io.err(`cairn: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        io.err(`cairn: shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  // A terminal's Ctrl-C reaches the whole process group: cluster workers leave it to the
  // primary, which stops them with one SIGTERM (a second signal would cut their drain short).
  if (!isClusterWorker()) process.on('SIGINT', stop);
}

export async function main(argv: readonly string[]): Promise<void> {
  const base = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stderr.write(t), env: process.env };
  const io: CliIo = {
    ...base,
    isTerminal: process.stdout.isTTY === true,
    cwd: process.cwd(),
    onListening: (server) => installSignalHandlers(server, base),
  };
  if (argv[0] === 'admin') {
    process.exitCode = await runAdminCli(argv.slice(1), io);
    return;
  }
  // A serving process answers every request it can rather than dying on one stray rejected
  // promise (lmdb-js leaves one behind when a commit fails on a full disk): log it, keep serving.
  process.on('unhandledRejection', (reason) => {
    io.err(`cairn: unhandled rejection (kept serving): ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}\n`);
  });
  try {
    await runCli(argv, io);
  } catch (err) {
    io.err(`cairn: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
    // A cluster worker's IPC channel keeps it alive: leave now so the primary sees the failure.
    if (isClusterWorker()) process.exit(1);
  }
}

const invoked = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invoked) void main(process.argv.slice(2));
