/**
 * Lifecycle evaluation, pure (clock and day length are parameters; MinIO's
 * `lifecycle.Eval(obj, now)`): which rules match an object, when an object is due, and what the
 * expiry worker does to one key's versions or to a pending upload.
 *
 * Due dates follow AWS (https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-expire-general-considerations.html):
 * start + N days, rounded up to the next midnight UTC. With a day of `dayMs` (CAIRN_ILM_DAY_SECONDS)
 * "midnight" is the next multiple of `dayMs` since the epoch. The start is the object's
 * creation (Expiration Days), the time a version became noncurrent, i.e. its successor's
 * creation (NoncurrentVersionExpiration), or an upload's initiation (AbortIncompleteMultipartUpload).
 */
import { ruleCriteria, type LifecycleConfiguration, type LifecycleRule } from './lifecycle-config.js';

export const DEFAULT_DAY_MS = 86_400_000;

/** The first "midnight" (multiple of dayMs) strictly after start + days. */
export function dueAfter(startMs: number, days: number, dayMs: number): number {
  return (Math.floor((startMs + days * dayMs) / dayMs) + 1) * dayMs;
}

/** What a rule's filter looks at. */
export interface ObjectFacts {
  readonly key: string;
  readonly size: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** Enabled, and the object's key, tags and size satisfy the rule's scope. */
export function ruleMatches(rule: LifecycleRule, obj: ObjectFacts): boolean {
  if (!rule.enabled) return false;
  const c = ruleCriteria(rule.scope);
  if (!obj.key.startsWith(c.prefix)) return false;
  if (c.tags.some((t) => obj.tags[t.key] !== t.value)) return false;
  if (c.greaterThan !== undefined && !(obj.size > c.greaterThan)) return false;
  if (c.lessThan !== undefined && !(obj.size < c.lessThan)) return false;
  return true;
}

export interface Due {
  /** Epoch ms. */
  readonly at: number;
  readonly ruleId: string;
}

function earliest(a: Due | undefined, b: Due | undefined): Due | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b.at < a.at ? b : a;
}

/** When the current version created at `mtime` expires, by which rule (x-amz-expiration); undefined: never. */
export function currentExpiry(config: LifecycleConfiguration, obj: ObjectFacts & { readonly mtime: number }, dayMs: number): Due | undefined {
  let due: Due | undefined;
  for (const rule of config.rules) {
    const e = rule.expiration;
    if (e === undefined || e.kind === 'deleteMarker' || !ruleMatches(rule, obj)) continue;
    const at = e.kind === 'days' ? dueAfter(obj.mtime, e.days, dayMs) : e.date;
    due = earliest(due, { at, ruleId: rule.id });
  }
  return due;
}

/** One version of a key as the worker lists it (newest first). */
export interface VersionFacts extends ObjectFacts {
  readonly versionId: string;
  readonly isDeleteMarker: boolean;
  /** Creation, epoch ms. */
  readonly mtime: number;
  readonly etag: string;
}

/** When an evaluation happens (epoch ms) and how long a lifecycle day lasts. */
export interface EvalTime {
  readonly now: number;
  readonly dayMs: number;
}

export type LifecycleAction =
  /** Expire the current version: delete it (unversioned) or put a delete marker on it. */
  | { readonly kind: 'expireCurrent'; readonly versionId: string; readonly etag: string; readonly ruleId: string }
  /** Remove a noncurrent version for good. */
  | { readonly kind: 'expireNoncurrent'; readonly versionId: string; readonly ruleId: string }
  /** Remove a delete marker that is the key's only version. */
  | { readonly kind: 'removeDeleteMarker'; readonly versionId: string; readonly ruleId: string };

function markerDue(config: LifecycleConfiguration, marker: VersionFacts, { now, dayMs }: EvalTime): string | undefined {
  for (const rule of config.rules) {
    const e = rule.expiration;
    if (e === undefined || !ruleMatches(rule, marker)) continue;
    if (e.kind === 'deleteMarker' && e.enabled) return rule.id;
    // Like MinIO: an Expiration by Days also clears a marker left alone that long.
    if (e.kind === 'days' && dueAfter(marker.mtime, e.days, dayMs) <= now) return rule.id;
  }
  return undefined;
}

function noncurrentDue(config: LifecycleConfiguration, version: VersionFacts, ctx: EvalTime & { since: number; rank: number }): string | undefined {
  for (const rule of config.rules) {
    const n = rule.noncurrent;
    if (n === undefined || !ruleMatches(rule, version)) continue;
    if (n.newer !== undefined && ctx.rank < n.newer) continue;
    if (dueAfter(ctx.since, n.days, ctx.dayMs) <= ctx.now) return rule.id;
  }
  return undefined;
}

/**
 * What is due on one key at `now`, given all its versions newest first. The current version
 * expires when an Expiration (Days or Date) of a matching rule is due; a delete marker that is
 * the only version goes when ExpiredObjectDeleteMarker (or an Expiration by Days) says so; a
 * noncurrent version goes NoncurrentDays after its successor was created, unless it is one of
 * the NewerNoncurrentVersions newest noncurrent versions.
 */
export function keyActions(config: LifecycleConfiguration, versions: readonly VersionFacts[], at: EvalTime): LifecycleAction[] {
  const out: LifecycleAction[] = [];
  const current = versions[0];
  if (current === undefined) return out;
  if (current.isDeleteMarker) {
    const ruleId = versions.length === 1 ? markerDue(config, current, at) : undefined;
    if (ruleId !== undefined) out.push({ kind: 'removeDeleteMarker', versionId: current.versionId, ruleId });
  } else {
    const due = currentExpiry(config, current, at.dayMs);
    if (due !== undefined && due.at <= at.now) out.push({ kind: 'expireCurrent', versionId: current.versionId, etag: current.etag, ruleId: due.ruleId });
  }
  for (let i = 1; i < versions.length; i++) {
    const v = versions[i]!;
    const ruleId = noncurrentDue(config, v, { ...at, since: versions[i - 1]!.mtime, rank: i - 1 });
    if (ruleId !== undefined) out.push({ kind: 'expireNoncurrent', versionId: v.versionId, ruleId });
  }
  return out;
}

/** The rule under which a pending upload of `key` initiated at `initiated` is due for abort, if any. */
export function uploadAbortDue(config: LifecycleConfiguration, upload: { readonly key: string; readonly initiated: number }, { now, dayMs }: EvalTime): string | undefined {
  for (const rule of config.rules) {
    if (rule.abortUploadDays === undefined || !rule.enabled) continue;
    if (!upload.key.startsWith(ruleCriteria(rule.scope).prefix)) continue;
    if (dueAfter(upload.initiated, rule.abortUploadDays, dayMs) <= now) return rule.id;
  }
  return undefined;
}

/** `k1=v1&k2=v2` (the stored x-amz-tagging form) as a map; undefined or '' is no tags. */
export function tagsOf(tagging: string | undefined): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  if (tagging === undefined || tagging === '') return out;
  for (const [k, v] of new URLSearchParams(tagging)) out[k] = v;
  return out;
}
