/**
 * A bucket's lifecycle configuration as Cairn keeps it: the rules PutBucketLifecycleConfiguration
 * accepted (s3/ checks them against AWS's rules and renders them back), stored as the bucket
 * config document `lifecycle` in a versioned JSON form, and read by the expiry worker and the
 * `x-amz-expiration` header. A rule keeps the form its scope was given in (legacy top-level
 * Prefix, or one Filter kind), so GetBucketLifecycleConfiguration answers what was put.
 *
 * Pure: no I/O, no clock.
 */

export const LIFECYCLE_CONFIG = 'lifecycle';

export interface LifecycleTag {
  readonly key: string;
  readonly value: string;
}

/** The one element a <Filter> holds (none: every object). */
export type RuleFilter =
  | { readonly kind: 'all' }
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'tag'; readonly tag: LifecycleTag }
  | { readonly kind: 'greaterThan'; readonly size: number }
  | { readonly kind: 'lessThan'; readonly size: number }
  | {
    readonly kind: 'and';
    readonly prefix?: string;
    readonly tags: readonly LifecycleTag[];
    readonly greaterThan?: number;
    readonly lessThan?: number;
  };

/** A rule names its objects by the legacy top-level <Prefix> or by a <Filter>. */
export type RuleScope =
  | { readonly kind: 'prefix'; readonly prefix: string }
  | { readonly kind: 'filter'; readonly filter: RuleFilter };

export type Expiration =
  | { readonly kind: 'days'; readonly days: number }
  /** Epoch ms of a midnight UTC. */
  | { readonly kind: 'date'; readonly date: number }
  /** ExpiredObjectDeleteMarker true|false. */
  | { readonly kind: 'deleteMarker'; readonly enabled: boolean };

export interface NoncurrentExpiration {
  readonly days: number;
  /** Noncurrent versions kept whatever their age (NewerNoncurrentVersions). */
  readonly newer?: number;
}

export interface LifecycleRule {
  readonly id: string;
  readonly enabled: boolean;
  readonly scope: RuleScope;
  readonly expiration?: Expiration;
  readonly noncurrent?: NoncurrentExpiration;
  /** AbortIncompleteMultipartUpload DaysAfterInitiation. */
  readonly abortUploadDays?: number;
}

export interface LifecycleConfiguration {
  readonly rules: readonly LifecycleRule[];
}

/** What a rule's scope asks of an object, whatever form it was given in. */
export interface RuleCriteria {
  readonly prefix: string;
  readonly tags: readonly LifecycleTag[];
  readonly greaterThan?: number;
  readonly lessThan?: number;
}

export function ruleCriteria(scope: RuleScope): RuleCriteria {
  if (scope.kind === 'prefix') return { prefix: scope.prefix, tags: [] };
  const f = scope.filter;
  switch (f.kind) {
    case 'all': return { prefix: '', tags: [] };
    case 'prefix': return { prefix: f.prefix, tags: [] };
    case 'tag': return { prefix: '', tags: [f.tag] };
    case 'greaterThan': return { prefix: '', tags: [], greaterThan: f.size };
    case 'lessThan': return { prefix: '', tags: [], lessThan: f.size };
    case 'and': return {
      prefix: f.prefix ?? '', tags: f.tags,
      ...(f.greaterThan !== undefined ? { greaterThan: f.greaterThan } : {}),
      ...(f.lessThan !== undefined ? { lessThan: f.lessThan } : {}),
    };
  }
}

// ---- stored form ----

const FORMAT = 1;

export class CorruptLifecycleDocumentError extends Error {
  constructor(detail: string) { super(`corrupt lifecycle configuration document: ${detail}`); }
}

export function encodeLifecycleConfiguration(config: LifecycleConfiguration): Buffer {
  return Buffer.from(JSON.stringify({ format: FORMAT, rules: config.rules }));
}

type Json = Readonly<Record<string, unknown>>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function count(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new CorruptLifecycleDocumentError(`${what} is not a count`);
  return v;
}

function text(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new CorruptLifecycleDocumentError(`${what} is not a string`);
  return v;
}

function tag(v: unknown): LifecycleTag {
  if (!isObject(v)) throw new CorruptLifecycleDocumentError('tag is not an object');
  return { key: text(v['key'], 'tag key'), value: text(v['value'], 'tag value') };
}

function filter(v: unknown): RuleFilter {
  if (!isObject(v)) throw new CorruptLifecycleDocumentError('filter is not an object');
  switch (v['kind']) {
    case 'all': return { kind: 'all' };
    case 'prefix': return { kind: 'prefix', prefix: text(v['prefix'], 'prefix') };
    case 'tag': return { kind: 'tag', tag: tag(v['tag']) };
    case 'greaterThan': return { kind: 'greaterThan', size: count(v['size'], 'size') };
    case 'lessThan': return { kind: 'lessThan', size: count(v['size'], 'size') };
    case 'and': {
      if (!Array.isArray(v['tags'])) throw new CorruptLifecycleDocumentError('And tags is not a list');
      return {
        kind: 'and', tags: v['tags'].map(tag),
        ...(v['prefix'] !== undefined ? { prefix: text(v['prefix'], 'prefix') } : {}),
        ...(v['greaterThan'] !== undefined ? { greaterThan: count(v['greaterThan'], 'size') } : {}),
        ...(v['lessThan'] !== undefined ? { lessThan: count(v['lessThan'], 'size') } : {}),
      };
    }
    default: throw new CorruptLifecycleDocumentError(`unknown filter kind ${String(v['kind'])}`);
  }
}

function scope(v: unknown): RuleScope {
  if (!isObject(v)) throw new CorruptLifecycleDocumentError('scope is not an object');
  if (v['kind'] === 'prefix') return { kind: 'prefix', prefix: text(v['prefix'], 'prefix') };
  if (v['kind'] === 'filter') return { kind: 'filter', filter: filter(v['filter']) };
  throw new CorruptLifecycleDocumentError(`unknown scope kind ${String(v['kind'])}`);
}

function expiration(v: unknown): Expiration {
  if (!isObject(v)) throw new CorruptLifecycleDocumentError('expiration is not an object');
  if (v['kind'] === 'days') return { kind: 'days', days: count(v['days'], 'days') };
  if (v['kind'] === 'date') return { kind: 'date', date: count(v['date'], 'date') };
  if (v['kind'] === 'deleteMarker' && typeof v['enabled'] === 'boolean') return { kind: 'deleteMarker', enabled: v['enabled'] };
  throw new CorruptLifecycleDocumentError('bad expiration');
}

function noncurrent(v: unknown): NoncurrentExpiration {
  if (!isObject(v)) throw new CorruptLifecycleDocumentError('noncurrent expiration is not an object');
  return { days: count(v['days'], 'noncurrent days'), ...(v['newer'] !== undefined ? { newer: count(v['newer'], 'newer') } : {}) };
}

function rule(v: unknown): LifecycleRule {
  if (!isObject(v) || typeof v['enabled'] !== 'boolean') throw new CorruptLifecycleDocumentError('bad rule');
  return {
    id: text(v['id'], 'id'), enabled: v['enabled'], scope: scope(v['scope']),
    ...(v['expiration'] !== undefined ? { expiration: expiration(v['expiration']) } : {}),
    ...(v['noncurrent'] !== undefined ? { noncurrent: noncurrent(v['noncurrent']) } : {}),
    ...(v['abortUploadDays'] !== undefined ? { abortUploadDays: count(v['abortUploadDays'], 'abort days') } : {}),
  };
}

/** The stored document back as a configuration; garbage or an unknown format throws. */
export function decodeLifecycleConfiguration(doc: Buffer): LifecycleConfiguration {
  let parsed: unknown;
  try {
    parsed = JSON.parse(doc.toString('utf8'));
  } catch (err) {
    throw new CorruptLifecycleDocumentError(err instanceof Error ? err.message : String(err));
  }
  if (!isObject(parsed) || parsed['format'] !== FORMAT || !Array.isArray(parsed['rules'])) {
    throw new CorruptLifecycleDocumentError('unknown format');
  }
  return { rules: parsed['rules'].map(rule) };
}
