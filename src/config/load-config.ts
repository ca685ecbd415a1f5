/**
 * Builds the typed Config from command-line flags and environment variables, following
 * CONFIG_SCHEMA. Pure: the caller passes argv and env. Returns the positional arguments
 * (drives) alongside. Cross-setting rules (root user/password) are checked here.
 */
import { ConfigError } from './config-error.js';
import { CONFIG_SCHEMA, type Config, type ConfigKey, type Setting } from './schema.js';

export interface LoadedConfig {
  readonly config: Config;
  readonly positionals: readonly string[];
}

const FLAG_INDEX: ReadonlyMap<string, ConfigKey> = new Map(
  (Object.keys(CONFIG_SCHEMA) as ConfigKey[])
    .filter((k) => CONFIG_SCHEMA[k].flag !== undefined)
    .map((k) => [CONFIG_SCHEMA[k].flag as string, k]),
);

export const MIN_ROOT_USER = 3;
export const MIN_ROOT_PASSWORD = 8;

export function loadConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): LoadedConfig {
  const flagValues = new Map<ConfigKey, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (!arg.startsWith('--')) { positionals.push(arg); continue; }
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const key = FLAG_INDEX.get(flag);
    if (key === undefined) throw new ConfigError(`unknown flag ${flag}`);
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new ConfigError(`${flag} needs a value`);
      value = next;
      i++;
    }
    const list = flagValues.get(key) ?? [];
    if (list.length > 0 && !(CONFIG_SCHEMA[key] as Setting<unknown>).repeatable) throw new ConfigError(`${flag} given more than once`);
    list.push(value);
    flagValues.set(key, list);
  }

  const out: Record<string, unknown> = {};
  for (const key of Object.keys(CONFIG_SCHEMA) as ConfigKey[]) {
    const s = CONFIG_SCHEMA[key] as Setting<unknown>;
    const fromFlags = flagValues.get(key);
    if (fromFlags !== undefined) {
      out[key] = s.repeatable
        ? fromFlags.flatMap((v) => s.parse(v, s.flag!) as unknown[])
        : s.parse(fromFlags[0]!, s.flag!);
      continue;
    }
    const fromEnv = s.env !== undefined ? env[s.env] : undefined;
    out[key] = fromEnv !== undefined && fromEnv !== '' ? s.parse(fromEnv, s.env!) : s.default;
  }
  const config = out as Config;
  checkRoot(config);
  return { config, positionals };
}

function checkRoot(c: Config): void {
  const user = c.rootUser;
  const password = c.rootPassword;
  if ((user === undefined) !== (password === undefined)) {
    throw new ConfigError('CAIRN_ROOT_USER and CAIRN_ROOT_PASSWORD must be set together (or neither, to use generated credentials)');
  }
  if (user !== undefined && user.length < MIN_ROOT_USER) throw new ConfigError(`CAIRN_ROOT_USER must be at least ${MIN_ROOT_USER} characters`);
  if (password !== undefined && password.length < MIN_ROOT_PASSWORD) throw new ConfigError(`CAIRN_ROOT_PASSWORD must be at least ${MIN_ROOT_PASSWORD} characters`);
  if (user !== undefined && /[\s:/]/.test(user)) throw new ConfigError('CAIRN_ROOT_USER must not contain whitespace, ":" or "/"');
}

/** --help text of the settings, from the schema. */
export function settingsHelp(): string {
  const lines: string[] = [];
  for (const key of Object.keys(CONFIG_SCHEMA) as ConfigKey[]) {
    const s = CONFIG_SCHEMA[key] as Setting<unknown>;
    const names = [s.flag ? `${s.flag} ${s.arg ?? 'VALUE'}` : undefined, s.env ? `$${s.env}` : undefined].filter(Boolean).join(', ');
    lines.push(`  ${names}\n      ${s.doc}`);
  }
  return lines.join('\n');
}
