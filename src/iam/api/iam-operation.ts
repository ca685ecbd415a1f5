/**
 * What one IAM action is: the resource ARN an IAM user needs `iam:<Action>` on, and the work.
 * Operation files (users.ts, access-keys.ts, ...) export tables of these; iam-operations.ts
 * joins them.
 */
import type { ResolvedCaller } from '../caller.js';
import type { IamStore } from '../store/index.js';
import type { AccountDocument } from '../store/iam-records.js';
import { IamError } from '../store/iam-errors.js';
import type { IamParams } from './iam-params.js';

export interface IamCall {
  readonly params: IamParams;
  /** The account the caller acts in (its own). */
  readonly accountId: string;
  readonly store: IamStore;
  readonly caller: ResolvedCaller;
}

export interface IamOperation {
  /** The ARN authorized (`arn:aws:iam::ACCOUNT:user/path/name`, ...); `*` for account-wide reads. */
  resource(call: IamCall): string;
  /** The inner XML of `<ActionResult>`, or undefined for actions that answer only metadata. */
  run(call: IamCall): Promise<string | undefined>;
}

/** The caller's account document as cached (a change made in this process is in it at once). */
export function cachedDoc(call: IamCall): AccountDocument {
  const doc = call.store.account(call.accountId)?.doc;
  if (doc === undefined) throw new IamError('NoSuchEntity', `The account ${call.accountId} cannot be found.`);
  return doc;
}

/** The path of an entity that exists, else `/` (the ARN an IAM user is authorized on). */
export function pathOf(entity: { path: string } | undefined): string {
  return entity?.path ?? '/';
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly isTruncated: boolean;
  readonly marker?: string;
}

/** Case-insensitive order (IAM names are not distinguished by case), then by code point. */
function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * AWS's pagination: `MaxItems` 1..1000 (default 100), `Marker` from the previous page's
 * answer. Items are listed in `key` order regardless of case (ListUsers lists aa, Ab, ac, Ad as
 * AWS does); the marker is the opaque form of the next key.
 */
export function paginate<T>(params: IamParams, items: readonly T[], key: (t: T) => string): Page<T> {
  const max = params.int('MaxItems', { min: 1, max: 1000 }) ?? 100;
  const markerText = params.raw('Marker');
  const sorted = [...items].sort((a, b) => compareNames(key(a), key(b)));
  let start = 0;
  if (markerText !== undefined) {
    const from = Buffer.from(markerText, 'base64url').toString('utf8');
    if (markerText === '' || Buffer.from(from, 'utf8').toString('base64url') !== markerText) {
      throw new IamError('ValidationError', 'Invalid Marker.');
    }
    start = sorted.findIndex((t) => compareNames(key(t), from) >= 0);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + max);
  const next = sorted[start + max];
  return next === undefined
    ? { items: page, isTruncated: false }
    : { items: page, isTruncated: true, marker: Buffer.from(key(next), 'utf8').toString('base64url') };
}

/** `<IsTruncated>` and `<Marker>` of a page. */
export function pageTail(page: Page<unknown>): string {
  return `<IsTruncated>${page.isTruncated}</IsTruncated>${page.marker !== undefined ? `<Marker>${page.marker}</Marker>` : ''}`;
}
