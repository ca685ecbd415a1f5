/**
 * The S3 router: a pure function from the request line and Host header to the operation,
 * bucket and key. Path-style (`/bucket/key`) and virtual-host-style (`bucket.<domain>/key`)
 * addressing; the operation comes from the data table in route-table.ts.
 *
 * Keys are opaque: the path is split at the first `/` after the bucket and each part is
 * percent-decoded exactly once. `..`, `//`, `+` and trailing slashes are kept as sent.
 */
import { S3Error } from '../../errors/s3-error.js';
import type { ResourceKind, S3Operation } from '../operations.js';
import { HTTP_METHODS, ROUTE_RULES, type HttpMethod, type RouteRule } from './route-table.js';

export interface RouteInput {
  readonly method: string;
  /** Host header as sent (may carry a port). */
  readonly host?: string;
  /** Raw path of the request target, without the query string (still percent-encoded). */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-cased request header names present on the request (only presence is consulted). */
  readonly hasHeader: (name: string) => boolean;
}

export interface RouterOptions {
  /** Domains for virtual-host-style requests (`bucket.s3.example.com` with domain `s3.example.com`). */
  readonly domains: readonly string[];
}

export interface Route {
  readonly op: S3Operation;
  readonly target: ResourceKind;
  readonly bucket?: string;
  readonly key?: string;
  /** True when the bucket came from the Host header. */
  readonly isVirtualHost: boolean;
}

const MAX_KEY_BYTES = 1024;

function decode(part: string, resource: string): string {
  try {
    return decodeURIComponent(part);
  } catch (err) {
    throw new S3Error('InvalidURI', { resource, cause: err });
  }
}

/** Lower-cased host without the port (IPv6 literals keep their brackets). */
export function hostName(host: string | undefined): string {
  if (!host) return '';
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? h : h.slice(0, end + 1);
  }
  const colon = h.lastIndexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

/** The bucket named by a virtual-host-style Host header, or undefined for path style. */
export function bucketFromHost(host: string | undefined, domains: readonly string[]): string | undefined {
  const name = hostName(host);
  if (!name) return undefined;
  for (const domain of domains) {
    const d = domain.toLowerCase();
    if (name.length > d.length + 1 && name.endsWith(`.${d}`)) return name.slice(0, name.length - d.length - 1);
  }
  return undefined;
}

function specificity(rule: RouteRule): number {
  return (rule.query?.length ?? 0) + Object.keys(rule.queryValue ?? {}).length + (rule.header ? 1 : 0);
}

function matches(rule: RouteRule, input: RouteInput): boolean {
  if (rule.query) for (const q of rule.query) if (!input.query.has(q)) return false;
  if (rule.queryValue) for (const [q, v] of Object.entries(rule.queryValue)) if (input.query.get(q) !== v) return false;
  if (rule.header && !input.hasHeader(rule.header)) return false;
  return true;
}

/** A rule with what selectOp asks of it computed once. */
interface IndexedRule {
  readonly rule: RouteRule;
  readonly score: number;
  /** The rule names query parameters: it cannot match a request without a query. */
  readonly needsQuery: boolean;
}

/** Rules grouped by method and target, built once. */
const INDEX: ReadonlyMap<string, readonly IndexedRule[]> = (() => {
  const m = new Map<string, IndexedRule[]>();
  for (const rule of ROUTE_RULES) {
    const k = `${rule.method} ${rule.target}`;
    const list = m.get(k) ?? [];
    list.push({ rule, score: specificity(rule), needsQuery: (rule.query?.length ?? 0) > 0 || Object.keys(rule.queryValue ?? {}).length > 0 });
    m.set(k, list);
  }
  return m;
})();

function isHttpMethod(method: string): method is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(method);
}

function selectOp(method: string, target: ResourceKind, input: RouteInput, resource: string): S3Operation {
  if (!isHttpMethod(method)) throw new S3Error('MethodNotAllowed', { resource, extra: { Method: method, ResourceType: target.toUpperCase() } });
  const rules = INDEX.get(`${method} ${target}`) ?? [];
  const noQuery = input.query.size === 0;
  let best: RouteRule | undefined;
  let bestScore = -1;
  let tie = false;
  for (const { rule, score, needsQuery } of rules) {
    if ((noQuery && needsQuery) || !matches(rule, input)) continue;
    if (score > bestScore) { best = rule; bestScore = score; tie = false; } else if (score === bestScore) tie = true;
  }
  if (!best) throw new S3Error('MethodNotAllowed', { resource, extra: { Method: method, ResourceType: target.toUpperCase() } });
  if (tie) throw new S3Error('InvalidRequest', { resource, message: 'The request combines sub-resources that cannot be used together.' });
  return best.op;
}

/** The addressed resource of a request, without its operation (CORS preflights have none). */
export type Address = Omit<Route, 'op'>;

/** Resolves bucket and key of one request. Throws S3Error (InvalidURI, KeyTooLongError). */
export function resolveAddress(input: Pick<RouteInput, 'host' | 'path'>, opts: RouterOptions): Address {
  const { path } = input;
  if (!path.startsWith('/')) throw new S3Error('InvalidURI', { resource: path });
  const hostBucket = bucketFromHost(input.host, opts.domains);
  let bucket: string | undefined;
  let rawKey: string | undefined;
  if (hostBucket !== undefined) {
    bucket = hostBucket;
    rawKey = path.length > 1 ? path.slice(1) : undefined;
  } else if (path !== '/') {
    const slash = path.indexOf('/', 1);
    const rawBucket = slash < 0 ? path.slice(1) : path.slice(1, slash);
    if (rawBucket.length === 0) throw new S3Error('InvalidURI', { resource: path });
    bucket = decode(rawBucket, path);
    rawKey = slash < 0 || slash === path.length - 1 ? undefined : path.slice(slash + 1);
  }
  const key = rawKey === undefined ? undefined : decode(rawKey, path);
  if (key !== undefined && Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new S3Error('KeyTooLongError', { resource: path, extra: { Size: String(Buffer.byteLength(key, 'utf8')), MaxSizeAllowed: String(MAX_KEY_BYTES) } });
  }
  const target: ResourceKind = bucket === undefined ? 'service' : key === undefined ? 'bucket' : 'object';
  return {
    target,
    ...(bucket !== undefined ? { bucket } : {}),
    ...(key !== undefined ? { key } : {}),
    isVirtualHost: hostBucket !== undefined,
  };
}

/** Resolves one request. Throws S3Error (InvalidURI, KeyTooLongError, MethodNotAllowed, InvalidRequest). */
export function route(input: RouteInput, opts: RouterOptions): Route {
  const address = resolveAddress(input, opts);
  const op = selectOp(input.method.toUpperCase(), address.target, input, input.path);
  return { op, ...address };
}
