/**
 * Arguments of the IAM commands of `cairn admin` (mc admin's verbs), pure:
 *   user add NAME [SECRET] | user ls | user info NAME | user rm NAME | user enable|disable NAME
 *   group add GROUP MEMBER... | group rm GROUP [MEMBER...] | group ls | group info GROUP | group enable|disable GROUP
 *   policy create NAME FILE | policy ls | policy info NAME | policy rm NAME
 *   policy attach|detach POLICY... (--user U | --group G) | policy entities [--user U] [--group G] [--policy P]
 *   accesskey create [--user U] [--access-key AK --secret-key SK] [--expiry T] | accesskey ls [--user U]
 *   accesskey info AK | accesskey rm AK | accesskey enable|disable AK
 * Each takes --account ACCOUNT (the cluster root acting in another account). --expiry T is a
 * time (ISO 8601, e.g. 2027-01-31 or 2027-01-31T12:00:00Z) or a duration from now (30m, 12h, 7d).
 */
import { UsageError } from './admin-args.js';

export const IAM_WORDS: ReadonlySet<string> = new Set(['user', 'group', 'policy', 'accesskey']);

export type IamCommand =
  | 'user-add' | 'user-list' | 'user-info' | 'user-remove' | 'user-enable' | 'user-disable'
  | 'group-add' | 'group-remove' | 'group-list' | 'group-info' | 'group-enable' | 'group-disable'
  | 'policy-create' | 'policy-list' | 'policy-info' | 'policy-remove' | 'policy-attach' | 'policy-detach' | 'policy-entities'
  | 'accesskey-create' | 'accesskey-list' | 'accesskey-info' | 'accesskey-remove' | 'accesskey-enable' | 'accesskey-disable';

export interface IamArgs {
  readonly command: IamCommand;
  /** The words after the verb: names, members, policies, the file of `policy create`. */
  readonly names: readonly string[];
  readonly account?: string;
  readonly user?: string;
  readonly group?: string;
  readonly policy?: string;
  /** accesskey create: ISO 8601 time. */
  readonly expiration?: string;
}

/** The flags only the IAM commands take. */
export const IAM_VALUE_FLAGS = ['--account', '--user', '--group', '--policy', '--expiry'] as const;

const ALIASES: Readonly<Record<string, string>> = { list: 'ls', remove: 'rm', delete: 'rm', add: 'add', create: 'create' };
const VERBS: Readonly<Record<string, Readonly<Record<string, IamCommand>>>> = {
  user: { add: 'user-add', ls: 'user-list', info: 'user-info', rm: 'user-remove', enable: 'user-enable', disable: 'user-disable' },
  group: { add: 'group-add', rm: 'group-remove', ls: 'group-list', info: 'group-info', enable: 'group-enable', disable: 'group-disable' },
  policy: {
    create: 'policy-create', add: 'policy-create', ls: 'policy-list', info: 'policy-info', rm: 'policy-remove',
    attach: 'policy-attach', detach: 'policy-detach', entities: 'policy-entities',
  },
  accesskey: {
    create: 'accesskey-create', add: 'accesskey-create', ls: 'accesskey-list', info: 'accesskey-info', rm: 'accesskey-remove',
    enable: 'accesskey-enable', disable: 'accesskey-disable',
  },
};

/** How many names each command takes: [min, max]. */
const ARITY: Readonly<Record<IamCommand, readonly [number, number]>> = {
  'user-add': [1, 2], 'user-list': [0, 0], 'user-info': [1, 1], 'user-remove': [1, 1], 'user-enable': [1, 1], 'user-disable': [1, 1],
  'group-add': [2, Infinity], 'group-remove': [1, Infinity], 'group-list': [0, 0], 'group-info': [1, 1], 'group-enable': [1, 1], 'group-disable': [1, 1],
  'policy-create': [2, 2], 'policy-list': [0, 0], 'policy-info': [1, 1], 'policy-remove': [1, 1],
  'policy-attach': [1, Infinity], 'policy-detach': [1, Infinity], 'policy-entities': [0, 0],
  'accesskey-create': [0, 0], 'accesskey-list': [0, 0], 'accesskey-info': [1, 1], 'accesskey-remove': [1, 1],
  'accesskey-enable': [1, 1], 'accesskey-disable': [1, 1],
};

const USAGE: Readonly<Record<string, string>> = {
  user: 'usage: cairn admin user add NAME [SECRET] | ls | info NAME | rm NAME | enable NAME | disable NAME [--account A]',
  group: 'usage: cairn admin group add GROUP MEMBER... | rm GROUP [MEMBER...] | ls | info GROUP | enable GROUP | disable GROUP [--account A]',
  policy: 'usage: cairn admin policy create NAME FILE | ls | info NAME | rm NAME | attach|detach POLICY... --user U|--group G | entities [--user U] [--group G] [--policy P] [--account A]',
  accesskey: 'usage: cairn admin accesskey create [--user U] [--access-key AK --secret-key SK] [--expiry T] | ls [--user U] | info AK | rm AK | enable AK | disable AK [--account A]',
};

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--expiry`: an ISO 8601 time, or a duration from `now` (30m, 12h, 7d). */
export function parseExpiry(raw: string, now: Date): string {
  const d = /^(\d+)([smhd])$/.exec(raw);
  if (d !== null) return new Date(now.getTime() + Number(d[1]) * UNITS[d[2]!]!).toISOString();
  const at = /^\d{4}-\d{2}-\d{2}/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(at)) throw new UsageError(`bad --expiry "${raw}": expected a time (2027-01-31, 2027-01-31T12:00:00Z) or a duration (30m, 12h, 7d)`);
  return new Date(at).toISOString();
}

/** Which IAM flags each command takes (besides --account, which all take). */
function allowedFlags(command: IamCommand): readonly string[] {
  if (command === 'policy-attach' || command === 'policy-detach') return ['--user', '--group'];
  if (command === 'policy-entities') return ['--user', '--group', '--policy'];
  if (command === 'accesskey-create') return ['--user', '--expiry'];
  if (command === 'accesskey-list') return ['--user'];
  return [];
}

/** The IAM command of `words` (after the flags were taken out); `values` are the value flags given. */
export function iamArgs(words: readonly string[], values: ReadonlyMap<string, string>, now: Date): IamArgs {
  const [noun, rawVerb, ...names] = words;
  const usage = USAGE[noun!] ?? '';
  const verb = rawVerb === undefined ? undefined : ALIASES[rawVerb] ?? rawVerb;
  const command = verb === undefined ? undefined : VERBS[noun!]?.[verb];
  if (command === undefined) throw new UsageError(usage);
  const [min, max] = ARITY[command];
  if (names.length < min || names.length > max) throw new UsageError(usage);
  const allowed = allowedFlags(command);
  for (const flag of IAM_VALUE_FLAGS) {
    if (flag !== '--account' && values.has(flag) && !allowed.includes(flag)) throw new UsageError(`${flag} does not go with "${noun} ${rawVerb}"`);
  }
  const user = values.get('--user');
  const group = values.get('--group');
  if ((command === 'policy-attach' || command === 'policy-detach') && (user === undefined) === (group === undefined)) {
    throw new UsageError(`policy ${verb} needs either --user U or --group G`);
  }
  const expiry = values.get('--expiry');
  const account = values.get('--account');
  const policy = values.get('--policy');
  return {
    command, names,
    ...(account !== undefined ? { account } : {}), ...(user !== undefined ? { user } : {}), ...(group !== undefined ? { group } : {}),
    ...(policy !== undefined ? { policy } : {}), ...(expiry !== undefined ? { expiration: parseExpiry(expiry, now) } : {}),
  };
}
