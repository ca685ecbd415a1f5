/**
 * Arguments of `cairn admin`: global flags anywhere on the line, then a command.
 *   cairn admin [--endpoint URL] [--region R] [--json] info
 *   cairn admin ... heal status
 *   cairn admin ... heal [--deep] [--wait] [--force]
 *   cairn admin ... prometheus token
 * Pure: the environment comes in as a parameter; mistakes throw UsageError.
 */
import type { AdminConnection } from './admin-http.js';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:9000';
export const DEFAULT_REGION = 'us-east-1';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type AdminCommand = 'help' | 'info' | 'heal' | 'heal-status' | 'prometheus-token';

export interface AdminArgs {
  readonly command: AdminCommand;
  readonly endpoint?: string;
  readonly region?: string;
  readonly json: boolean;
  readonly deep: boolean;
  readonly wait: boolean;
  readonly force: boolean;
}

const VALUE_FLAGS = new Set(['--endpoint', '--region']);
const BOOLEAN_FLAGS = new Set(['--json', '--deep', '--wait', '--force', '--help', '-h']);
const HEAL_START_FLAGS = ['--deep', '--wait', '--force'] as const;

function commandOf(words: readonly string[]): AdminCommand {
  const line = words.join(' ');
  switch (line) {
    case '': case 'help': return 'help';
    case 'info': return 'info';
    case 'heal': return 'heal';
    case 'heal status': return 'heal-status';
    case 'prometheus token': return 'prometheus-token';
    default: throw new UsageError(`unknown command "${line}" (try cairn admin --help)`);
  }
}

export function parseAdminArgs(argv: readonly string[]): AdminArgs {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const inline = arg.startsWith('--') && eq > 0; // --endpoint=URL
    const name = inline ? arg.slice(0, eq) : arg;
    if (VALUE_FLAGS.has(name)) {
      const value = inline ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
      values.set(name, value);
    } else if (BOOLEAN_FLAGS.has(arg)) {
      flags.add(arg);
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown flag ${arg} (try cairn admin --help)`);
    } else {
      words.push(arg);
    }
  }
  const command = flags.has('--help') || flags.has('-h') ? 'help' : commandOf(words);
  if (command !== 'heal' && command !== 'help') {
    const misplaced = HEAL_START_FLAGS.find((f) => flags.has(f));
    if (misplaced !== undefined) throw new UsageError(`${misplaced} goes with "heal" (starting a heal), not "${words.join(' ')}"`);
  }
  return {
    command,
    endpoint: values.get('--endpoint'),
    region: values.get('--region'),
    json: flags.has('--json'),
    deep: flags.has('--deep'),
    wait: flags.has('--wait'),
    force: flags.has('--force'),
  };
}

const set = (v: string | undefined): v is string => v !== undefined && v !== '';

/** Endpoint, region and credentials from the flags and the environment. */
export function resolveConnection(args: AdminArgs, env: Readonly<Record<string, string | undefined>>): AdminConnection {
  const raw = args.endpoint ?? (set(env['CAIRN_ENDPOINT']) ? env['CAIRN_ENDPOINT'] : DEFAULT_ENDPOINT);
  let endpoint: URL;
  try {
    endpoint = new URL(raw);
  } catch {
    throw new UsageError(`bad endpoint "${raw}": expected a URL like ${DEFAULT_ENDPOINT}`);
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
    throw new UsageError(`bad endpoint "${raw}": only http:// and https:// are supported`);
  }
  const region = args.region ?? [env['AWS_REGION'], env['CAIRN_REGION']].find(set) ?? DEFAULT_REGION;
  let credentials;
  if (set(env['AWS_ACCESS_KEY_ID']) && set(env['AWS_SECRET_ACCESS_KEY'])) {
    credentials = { accessKey: env['AWS_ACCESS_KEY_ID'], secretKey: env['AWS_SECRET_ACCESS_KEY'] };
  } else if (set(env['CAIRN_ROOT_USER']) && set(env['CAIRN_ROOT_PASSWORD'])) {
    credentials = { accessKey: env['CAIRN_ROOT_USER'], secretKey: env['CAIRN_ROOT_PASSWORD'] };
  } else {
    throw new UsageError('no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or CAIRN_ROOT_USER and CAIRN_ROOT_PASSWORD)');
  }
  // As the AWS CLI: AWS_CA_BUNDLE names the CAs to trust for an https:// endpoint.
  const caBundle = [env['CAIRN_CA_BUNDLE'], env['AWS_CA_BUNDLE']].find(set);
  return { endpoint, region, credentials, caBundle };
}
