/**
 * Audit targets from the environment. Their variables carry an optional `_<NAME>` suffix so
 * one deployment can feed several sinks, which a fixed schema cannot list; this scan finds
 * every `CAIRN_AUDIT_WEBHOOK_ENDPOINT[_NAME]` and `CAIRN_AUDIT_ELASTICSEARCH_URL[_NAME]` and
 * reads the settings of the same suffix:
 *
 *   CAIRN_AUDIT_WEBHOOK_ENDPOINT[_N]     http(s) URL records are POSTed to
 *   CAIRN_AUDIT_WEBHOOK_AUTH_TOKEN[_N]   sent as `Authorization: Bearer TOKEN` (as is when it has a scheme)
 *   CAIRN_AUDIT_WEBHOOK_BATCH_SIZE[_N]   records per POST (default 1: one JSON object; more: NDJSON)
 *   CAIRN_AUDIT_ELASTICSEARCH_URL[_N]    the cluster's base URL
 *   CAIRN_AUDIT_ELASTICSEARCH_INDEX[_N]  index (default cairn-audit)
 *   CAIRN_AUDIT_ELASTICSEARCH_USERNAME[_N] / _PASSWORD[_N], or _API_KEY[_N]
 *   CAIRN_AUDIT_ELASTICSEARCH_BATCH_SIZE[_N] documents per _bulk request (default 100)
 *
 * A target's name is `webhook` / `elasticsearch`, or `webhook-n` / `elasticsearch-n` with a
 * suffix (lower case): it names its queue directory and its metric label. Pure: env is a parameter.
 */
import { parseBatchSize } from './audit-parsers.js';
import { ConfigError } from './config-error.js';

export interface WebhookTargetConfig {
  readonly kind: 'webhook';
  readonly name: string;
  readonly endpoint: string;
  readonly authToken: string | undefined;
  readonly batchSize: number;
}

export interface ElasticsearchTargetConfig {
  readonly kind: 'elasticsearch';
  readonly name: string;
  readonly url: string;
  readonly index: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly apiKey: string | undefined;
  readonly batchSize: number;
}

export type AuditTargetConfig = WebhookTargetConfig | ElasticsearchTargetConfig;

type Env = Readonly<Record<string, string | undefined>>;

const WEBHOOK = 'CAIRN_AUDIT_WEBHOOK_';
const ELASTIC = 'CAIRN_AUDIT_ELASTICSEARCH_';
const SUFFIX = /^(?:_([A-Za-z0-9_]+))?$/;

function httpUrl(raw: string, name: string): string {
  let u: URL;
  try { u = new URL(raw); } catch { throw new ConfigError(`${name}: not a URL: ${JSON.stringify(raw)}`); }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(`${name}: expected an http(s) URL, got ${JSON.stringify(raw)}`);
  return u.toString();
}

/** The suffixes (`''` for none) of every variable `prefix + key + [_SUFFIX]` that is set. */
function suffixes(env: Env, base: string): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(env)) {
    if (!k.startsWith(base) || v === undefined || v === '') continue;
    const m = SUFFIX.exec(k.slice(base.length));
    if (m !== null) out.push(m[1] ?? '');
  }
  return out.sort();
}

function targetName(kind: string, suffix: string): string {
  return suffix === '' ? kind : `${kind}-${suffix.toLowerCase()}`;
}

function read(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}

export function loadAuditTargets(env: Env): AuditTargetConfig[] {
  const targets: AuditTargetConfig[] = [];
  for (const s of suffixes(env, `${WEBHOOK}ENDPOINT`)) {
    const v = (key: string): string => `${WEBHOOK}${key}${s === '' ? '' : `_${s}`}`;
    const batch = read(env, v('BATCH_SIZE'));
    targets.push({
      kind: 'webhook', name: targetName('webhook', s),
      endpoint: httpUrl(env[v('ENDPOINT')]!, v('ENDPOINT')),
      authToken: read(env, v('AUTH_TOKEN')),
      batchSize: batch === undefined ? 1 : parseBatchSize(batch, v('BATCH_SIZE')),
    });
  }
  for (const s of suffixes(env, `${ELASTIC}URL`)) {
    const v = (key: string): string => `${ELASTIC}${key}${s === '' ? '' : `_${s}`}`;
    const batch = read(env, v('BATCH_SIZE'));
    const index = read(env, v('INDEX')) ?? 'cairn-audit';
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(index) || index.length > 255) throw new ConfigError(`${v('INDEX')}: not a valid index name: ${JSON.stringify(index)}`);
    const username = read(env, v('USERNAME'));
    const password = read(env, v('PASSWORD'));
    const apiKey = read(env, v('API_KEY'));
    if ((username === undefined) !== (password === undefined)) throw new ConfigError(`${v('USERNAME')} and ${v('PASSWORD')} must be set together`);
    if (apiKey !== undefined && username !== undefined) throw new ConfigError(`${v('API_KEY')} or ${v('USERNAME')}/${v('PASSWORD')}, not both`);
    targets.push({
      kind: 'elasticsearch', name: targetName('elasticsearch', s),
      url: httpUrl(env[v('URL')]!, v('URL')), index, username, password, apiKey,
      batchSize: batch === undefined ? 100 : parseBatchSize(batch, v('BATCH_SIZE')),
    });
  }
  const names = new Set<string>();
  for (const t of targets) {
    if (names.has(t.name)) throw new ConfigError(`two audit targets are named ${t.name} (suffixes differ only in case)`);
    names.add(t.name);
  }
  return targets;
}
