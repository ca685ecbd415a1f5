/**
 * Arguments of `cairn admin`: global flags anywhere on the line, then a command.
 *   cairn admin [--endpoint URL] [--region R] [--json] info
 *   cairn admin ... heal status
 *   cairn admin ... heal [--deep] [--wait] [--force]
 *   cairn admin ... prometheus token
 *   cairn admin ... kms status | kms key create NAME | kms key status [NAME] | kms key list [PATTERN]
 *   cairn admin [--json] audit verify FILE|-
 * Pure: the environment comes in as a parameter; mistakes throw UsageError.
 */
import type { AdminConnection } from './admin-http.js';
import { kmsArgs, type KmsCommand } from './kms-args.js';

export const DEFAULT_ENDPOINT = 'http://127.0.0.1:9000';
export const DEFAULT_REGION = 'us-east-1';

import { accountArgs, type AccountCommand } from './account-commands.js';
import { ldapPolicyArgs, type LdapPolicyArgs, type LdapPolicyCommand } from './ldap-policy-commands.js';
import { IAM_VALUE_FLAGS, IAM_WORDS, iamArgs, type IamArgs, type IamCommand } from './iam-args.js';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type AdminCommand =
  | 'help' | 'info' | 'heal' | 'heal-status' | 'prometheus-token' | 'audit-verify'
  | 'usage' | 'quota-set' | 'quota-clear' | 'quota-info' | KmsCommand | AccountCommand | LdapPolicyCommand | IamCommand;

export interface AdminArgs {
  readonly command: AdminCommand;
  readonly endpoint?: string;
  readonly region?: string;
  readonly json: boolean;
  readonly deep: boolean;
  readonly wait: boolean;
  readonly force: boolean;
  /** `audit verify`: the JSON-lines file, `-` for standard input. */
  readonly file?: string;
  /** bucket quota commands: the bucket. */
  readonly bucket?: string;
  /** bucket quota set: the quota in bytes. */
  readonly quotaBytes?: number;
  /** kms key create / status: the key name (status without one: the default key). */
  readonly keyId?: string;
  /** kms key list: a name, or a prefix ending in `*`. */
  readonly pattern?: string;
  /** account commands: the account's name (create) or id / name; kms account set / info: the 12-digit id. */
  readonly account?: string;
  /** account create --email. */
  readonly email?: string;
  /** account create --access-key AK --secret-key SK. */
  readonly rootKey?: { readonly accessKey: string; readonly secretKey: string };
  /** idp ldap policy attach | detach | entities. */
  readonly ldapPolicy?: LdapPolicyArgs;
  /** user / group / policy / accesskey commands (iam-args.ts); accesskey create's key pair is `rootKey`. */
  readonly iam?: IamArgs;
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1, b: 1,
  kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40, pib: 2 ** 50,
  k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50,
  kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, pb: 1e15,
};

/** `10MiB`, `1.5GiB`, `500MB` (decimal), `4096`: bytes, a whole number > 0 (mc's units). */
export function parseSize(raw: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(raw);
  const unit = m ? SIZE_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UsageError(`bad size "${raw}": expected e.g. 10MiB, 1.5GiB, 500MB or a number of bytes`);
  const bytes = Math.round(Number(m[1]) * unit);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new UsageError(`bad size "${raw}": must be more than 0 bytes (use "clear" to remove a quota)`);
  return bytes;
}

/** `bucket quota set|clear|info BUCKET [SIZE]`. */
function quotaArgs(words: readonly string[]): Pick<AdminArgs, 'command' | 'bucket' | 'quotaBytes'> {
  const [, , sub, bucket, size, ...rest] = words;
  const usage = 'usage: cairn admin bucket quota set BUCKET SIZE | clear BUCKET | info BUCKET';
  if (bucket === undefined || rest.length > 0) throw new UsageError(usage);
  if (sub === 'set') {
    if (size === undefined) throw new UsageError(usage);
    return { command: 'quota-set', bucket, quotaBytes: parseSize(size) };
  }
  if (size !== undefined) throw new UsageError(usage);
  if (sub === 'clear') return { command: 'quota-clear', bucket };
  if (sub === 'info') return { command: 'quota-info', bucket };
  throw new UsageError(usage);
}

const VALUE_FLAGS = new Set(['--endpoint', '--region', '--email', '--access-key', '--secret-key', '--bucket', ...IAM_VALUE_FLAGS]);
/** The value flags `idp ldap policy ...` shares with the IAM commands. */
const LDAP_POLICY_FLAGS: readonly string[] = ['--user', '--group', '--policy'];
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
    case 'usage': return 'usage';
    case 'audit verify': throw new UsageError('audit verify needs a file of JSON lines (or - for standard input)');
    default:
      if (words.length === 3 && words[0] === 'audit' && words[1] === 'verify') return 'audit-verify';
      throw new UsageError(`unknown command "${line}" (try cairn admin --help)`);
  }
}

export function parseAdminArgs(argv: readonly string[], now = new Date()): AdminArgs {
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
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown flag ${arg} (try cairn admin --help)`);
    } else {
      words.push(arg);
    }
  }
  const isQuota = words[0] === 'bucket' && words[1] === 'quota';
  const help = flags.has('--help') || flags.has('-h');
  const quota = isQuota && !help ? quotaArgs(words) : undefined;
  const kms = words[0] === 'kms' && !help ? kmsArgs(words) : undefined;
  const account = words[0] === 'account' && !help ? accountArgs(words) : undefined;
  const ldapPolicy = words[0] === 'idp' && !help
    ? ldapPolicyArgs(words, { user: values.get('--user'), group: values.get('--group'), policy: values.get('--policy') }) : undefined;
  const iam = IAM_WORDS.has(words[0] ?? '') && !help ? iamArgs(words, values, now) : undefined;
  const command = help ? 'help' : quota?.command ?? kms?.command ?? account?.command ?? ldapPolicy?.command ?? iam?.command ?? commandOf(words);
  if (values.has('--email') && command !== 'account-create') throw new UsageError('--email goes with "account create"');
  for (const flag of ['--access-key', '--secret-key']) {
    if (values.has(flag) && command !== 'account-create' && command !== 'accesskey-create') throw new UsageError(`${flag} goes with "account create" or "accesskey create"`);
  }
  const strayIamFlag = iam === undefined && !help
    ? IAM_VALUE_FLAGS.find((f) => values.has(f) && !(ldapPolicy !== undefined && LDAP_POLICY_FLAGS.includes(f))) : undefined;
  if (strayIamFlag !== undefined) {
    const also = LDAP_POLICY_FLAGS.includes(strayIamFlag) ? ' or "idp ldap policy ..."' : '';
    throw new UsageError(`${strayIamFlag} goes with the user, group, policy and accesskey commands${also}`);
  }
  if (values.has('--access-key') !== values.has('--secret-key')) throw new UsageError('--access-key and --secret-key go together');
  if (values.has('--bucket') && command !== 'kms-reseal') throw new UsageError('--bucket goes with "kms reseal"');
  if (command !== 'heal' && command !== 'help') {
    const misplaced = HEAL_START_FLAGS.find((f) => flags.has(f) && !(f === '--wait' && command === 'kms-reseal'));
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
    ...(command === 'audit-verify' ? { file: words[2]! } : {}),
    ...(quota?.bucket !== undefined ? { bucket: quota.bucket } : {}),
    ...(values.has('--bucket') ? { bucket: values.get('--bucket')! } : {}),
    ...(quota?.quotaBytes !== undefined ? { quotaBytes: quota.quotaBytes } : {}),
    ...(kms?.keyId !== undefined ? { keyId: kms.keyId } : {}),
    ...(kms?.pattern !== undefined ? { pattern: kms.pattern } : {}),
    ...(account?.account !== undefined ? { account: account.account } : {}),
    ...(values.has('--email') ? { email: values.get('--email')! } : {}),
    ...(kms?.account !== undefined ? { account: kms.account } : {}),
    ...(ldapPolicy !== undefined ? { ldapPolicy } : {}),
    ...(iam !== undefined ? { iam } : {}),
    ...(values.has('--access-key') ? { rootKey: { accessKey: values.get('--access-key')!, secretKey: values.get('--secret-key')! } } : {}),
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
