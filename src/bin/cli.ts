/**
 * The `cairn` command line.
 *   cairn server [--address HOST:PORT] [--console-address HOST:PORT] [--domain D] DRIVE...
 *   cairn admin [--endpoint URL] COMMAND     (admin-client/admin-cli.ts; exits 0, 1 or 2)
 *   cairn --help | cairn --version
 * Once listening it prints `S3-API: http://HOST:PORT` (tests read the port from it) and, when
 * root credentials were just generated, `RootUser:` / `RootPass:` once. Startup errors print
 * `cairn: <message>` and exit 1. SIGTERM/SIGINT stop gracefully; a second signal exits at once.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { runAdminCli } from '../admin-client/admin-cli.js';
import { ConfigError, loadConfig, settingsHelp } from '../config/index.js';
import { composeServer, type RunningServer } from '../compose/compose.js';
import { createErasureObjectLayer } from '../compose/object-layer-factory.js';
import { jsonLogger } from '../s3/pipeline/logger.js';
import {
  ClusterPrimary, isClusterWorker, prepareDrives, resolveWorkerCount, runClusterWorker, workerIndexFromEnv,
} from '../cluster-mode/index.js';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const USAGE = `Usage:
  cairn server [FLAGS] DRIVE...     serve the S3 API on the given drives
  cairn admin COMMAND               info, heal status, heal, prometheus token (cairn admin --help)
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

/** `http://HOST:PORT` clients can use: a wildcard bind is shown as the loopback address. */
export function displayUrl(address: AddressInfo): string {
  let host = address.address;
  if (host === '0.0.0.0' || host === '') host = '127.0.0.1';
  else if (host === '::') host = '[::1]';
  else if (address.family === 'IPv6' || host.includes(':')) host = `[${host}]`;
  return `http://${host}:${address.port}`;
}

/** What `server` runs: one server, or (--workers N > 1) the primary of N server processes. */
export type Runnable = RunningServer | ClusterPrimary;

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
  const composeOpts = {
    config,
    drives: positionals,
    logger: jsonLogger((line) => io.err(line)),
    createObjectLayer: createErasureObjectLayer,
    version: version(),
  };
  const workerIndex = workerIndexFromEnv(io.env);
  if (workerIndex !== undefined && isClusterWorker()) return runClusterWorker(workerIndex, composeOpts);
  const workers = resolveWorkerCount(config.workers);
  if (workers > 1) {
    const root = await prepareDrives(config, positionals);
    const primary = await ClusterPrimary.start({
      count: workers,
      exec: fileURLToPath(import.meta.url),
      args: argv,
      shutdownTimeoutMs: config.shutdownTimeoutMs,
      log: (line) => io.err(`${line}\n`),
    });
    printStarted(io, primary.address, root);
    return primary;
  }
  const server = await composeServer(composeOpts);
  printStarted(io, server.address, server.root);
  return server;
}

function printStarted(io: CliIo, address: AddressInfo, root: RunningServer['root']): void {
  io.out(`S3-API: ${displayUrl(address)}\n`);
  if (root.source === 'generated') {
    io.out(`RootUser: ${root.accessKey}\nRootPass: ${root.secretKey}\n`);
    io.out('These root credentials were generated and stored on the drives; they are not shown again.\n');
  }
}

function installSignalHandlers(server: Runnable, io: CliIo): void {
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
  const io: CliIo = {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    env: process.env,
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
    const server = await runCli(argv, io);
    if (server) installSignalHandlers(server, io);
  } catch (err) {
    io.err(`cairn: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
    // A cluster worker's IPC channel keeps it alive: leave now so the primary sees the failure.
    if (isClusterWorker()) process.exit(1);
  }
}

const invoked = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (invoked) void main(process.argv.slice(2));
