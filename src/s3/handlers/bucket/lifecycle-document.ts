/**
 * The <LifecycleConfiguration> document of PutBucketLifecycleConfiguration, parsed and checked
 * as AWS checks it, into the model of lifecycle/ (Cairn keeps that, not the XML).
 *
 * Every fault answers what S3 answers (code and message as S3 was recorded answering them):
 * - the document: no rule -> InvalidRequest, more than 1,000 -> InvalidRequest, an ID over 255
 *   characters or used twice -> InvalidArgument;
 * - "Lifecycle V2" when the first rule has a <Filter>: then a rule-level <Prefix> is
 *   InvalidRequest, and without it a <Filter> or NewerNoncurrentVersions is InvalidRequest;
 *   V1 rules whose prefixes overlap for the same action are InvalidRequest;
 * - schema faults (Status, a Filter with two conditions, an Expiration with none or two of
 *   Date/Days/ExpiredObjectDeleteMarker, a missing NoncurrentDays/DaysAfterInitiation, a number
 *   that is not one) -> MalformedXML;
 * - values: Days, NoncurrentDays, NewerNoncurrentVersions, DaysAfterInitiation not positive,
 *   a Date not at midnight GMT -> InvalidArgument; sizes out of range or in the wrong order,
 *   duplicate tag keys, ExpiredObjectDeleteMarker or AbortIncompleteMultipartUpload with a tag
 *   or size filter, a rule without action -> InvalidRequest.
 * Transition and NoncurrentVersionTransition (storage classes, remote tiers) are checked like
 * the rest (Date / Days / NoncurrentDays, a known StorageClass) and then refused with 501
 * NotImplemented once the whole document is valid: never stored, never ignored.
 * A rule without an ID gets a random one, as AWS does.
 */
import { randomBytes } from 'node:crypto';
import { S3Error } from '../../../errors/s3-error.js';
import type {
  Expiration, LifecycleConfiguration, LifecycleRule, LifecycleTag, NoncurrentExpiration, RuleFilter, RuleScope,
} from '../../../lifecycle/index.js';
import { childElement, childElements, expectRoot, type XmlElement } from '../../xml/parse-xml.js';

export const MAX_LIFECYCLE_RULES = 1000;
const MAX_ID_CHARS = 255;
const MAX_SIZE = 1_099_511_627_776_000;
const DAY_MS = 86_400_000;

const malformed = (): S3Error => new S3Error('MalformedXML');
const invalidRequest = (message: string): S3Error => new S3Error('InvalidRequest', { message });
const invalidArgument = (message: string): S3Error => new S3Error('InvalidArgument', { message });

function only(el: XmlElement, name: string): XmlElement | undefined {
  const all = childElements(el, name);
  if (all.length > 1) throw malformed();
  return all[0];
}

function integer(el: XmlElement | undefined): number | undefined {
  if (el === undefined) return undefined;
  const t = el.text.trim();
  if (!/^-?\d{1,16}$/.test(t)) throw malformed();
  return Number(t);
}

function positive(el: XmlElement | undefined, message: string): number | undefined {
  const n = integer(el);
  if (n !== undefined && n <= 0) throw invalidArgument(message);
  return n;
}

function tagOf(el: XmlElement): LifecycleTag {
  const key = only(el, 'Key');
  const value = only(el, 'Value');
  if (key === undefined || key.text === '') throw malformed();
  return { key: key.text, value: value?.text ?? '' };
}

function sizes(el: XmlElement): { greaterThan?: number; lessThan?: number } {
  const gt = integer(only(el, 'ObjectSizeGreaterThan'));
  const lt = integer(only(el, 'ObjectSizeLessThan'));
  if (gt !== undefined && (gt < 0 || gt > MAX_SIZE)) throw invalidRequest("'ObjectSizeGreaterThan' should be between 0 and 1099511627776000.");
  if (lt !== undefined && (lt < 1 || lt > MAX_SIZE)) throw invalidRequest("'ObjectSizeLessThan' should be between 1 and 1099511627776000.");
  if (gt !== undefined && lt !== undefined && lt <= gt) {
    throw invalidRequest("'ObjectSizeLessThan' has to be a value greater than 'ObjectSizeGreaterThan'.");
  }
  return { ...(gt !== undefined ? { greaterThan: gt } : {}), ...(lt !== undefined ? { lessThan: lt } : {}) };
}

const FILTER_ELEMENTS = ['Prefix', 'Tag', 'ObjectSizeGreaterThan', 'ObjectSizeLessThan', 'And'];

function andOf(el: XmlElement): RuleFilter {
  const tags = childElements(el, 'Tag').map(tagOf);
  const keys = new Set(tags.map((t) => t.key));
  if (keys.size !== tags.length) throw invalidRequest('Duplicate Tag Keys are not allowed.');
  const prefix = only(el, 'Prefix')?.text;
  const s = sizes(el);
  if (prefix === undefined && tags.length === 0 && s.greaterThan === undefined && s.lessThan === undefined) throw malformed();
  return { kind: 'and', tags, ...(prefix !== undefined ? { prefix } : {}), ...s };
}

function filterOf(el: XmlElement): RuleFilter {
  const given = el.children.filter((c) => FILTER_ELEMENTS.includes(c.name));
  if (given.length === 0) return { kind: 'all' };
  if (given.length > 1) throw malformed();
  const c = given[0]!;
  switch (c.name) {
    case 'Prefix': return { kind: 'prefix', prefix: c.text };
    case 'Tag': return { kind: 'tag', tag: tagOf(c) };
    case 'And': return andOf(c);
    case 'ObjectSizeGreaterThan': {
      const s = sizes(el);
      return { kind: 'greaterThan', size: s.greaterThan! };
    }
    default: {
      const s = sizes(el);
      return { kind: 'lessThan', size: s.lessThan! };
    }
  }
}

function scopeOf(rule: XmlElement, v2: boolean): RuleScope {
  const prefix = only(rule, 'Prefix');
  const filter = only(rule, 'Filter');
  if (prefix === undefined && filter === undefined) throw malformed();
  if (prefix !== undefined && v2) {
    throw invalidRequest('Base level prefix cannot be used in Lifecycle V2, prefixes are only supported in the Filter.');
  }
  if (filter !== undefined && !v2) throw invalidRequest('Filter element can only be used in Lifecycle V2.');
  return prefix !== undefined ? { kind: 'prefix', prefix: prefix.text } : { kind: 'filter', filter: filterOf(filter!) };
}

function expirationOf(el: XmlElement): Expiration {
  const date = only(el, 'Date');
  const days = only(el, 'Days');
  const marker = only(el, 'ExpiredObjectDeleteMarker');
  if ([date, days, marker].filter((x) => x !== undefined).length !== 1) throw malformed();
  if (days !== undefined) return { kind: 'days', days: positive(days, "'Days' for Expiration action must be a positive integer")! };
  if (marker !== undefined) {
    const t = marker.text.trim();
    if (t !== 'true' && t !== 'false') throw malformed();
    return { kind: 'deleteMarker', enabled: t === 'true' };
  }
  return { kind: 'date', date: midnightOf(date!) };
}

/** An ISO 8601 date at midnight GMT (`2026-01-01` or `2026-01-01T00:00:00Z`), as epoch ms. */
function midnightOf(date: XmlElement): number {
  const text = date.text.trim();
  const at = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(at)) throw malformed();
  if (at % DAY_MS !== 0) throw invalidArgument("'Date' must be at midnight GMT");
  return at;
}

const TRANSITION_CLASSES = new Set(['GLACIER', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'DEEP_ARCHIVE', 'GLACIER_IR']);

/**
 * A Transition / NoncurrentVersionTransition checked as AWS checks it (exactly one of Date and
 * Days, or NoncurrentDays; a known StorageClass), so a faulty one is a 400 like any other
 * fault of the document; a valid one is then refused as not supported (parseLifecycleDocument).
 */
function checkTransition(el: XmlElement, noncurrent: boolean): void {
  const storageClass = only(el, 'StorageClass');
  if (storageClass === undefined) throw malformed();
  if (!TRANSITION_CLASSES.has(storageClass.text.trim())) throw malformed();
  if (noncurrent) {
    const days = only(el, 'NoncurrentDays');
    if (days === undefined) throw malformed();
    if (integer(days)! < 0) throw invalidArgument("'NoncurrentDays' in NoncurrentVersionTransition action must be nonnegative");
    return;
  }
  const date = only(el, 'Date');
  const days = only(el, 'Days');
  if ((date === undefined) === (days === undefined)) throw malformed();
  if (days !== undefined && integer(days)! < 0) throw invalidArgument("'Days' in Transition action must be nonnegative");
  if (date !== undefined) midnightOf(date);
}

function noncurrentOf(el: XmlElement, v2: boolean): NoncurrentExpiration {
  const daysEl = only(el, 'NoncurrentDays');
  if (daysEl === undefined) throw malformed();
  const days = positive(daysEl, "'NoncurrentDays' for NoncurrentVersionExpiration action must be a positive integer")!;
  const newerEl = only(el, 'NewerNoncurrentVersions');
  if (newerEl === undefined) return { days };
  if (!v2) throw invalidRequest('NewerNoncurrentVersions element can only be used in Lifecycle V2.');
  return { days, newer: positive(newerEl, "'NewerNoncurrentVersions' must be a positive integer")! };
}

function abortDaysOf(el: XmlElement): number {
  const days = only(el, 'DaysAfterInitiation');
  if (days === undefined) throw malformed();
  return positive(days, "'DaysAfterInitiation' for AbortIncompleteMultipartUpload action must be a positive integer")!;
}

function hasTransition(rule: XmlElement): boolean {
  return childElement(rule, 'Transition') !== undefined || childElement(rule, 'NoncurrentVersionTransition') !== undefined;
}

function ruleOf(el: XmlElement, ctx: { v2: boolean; newId: () => string }): LifecycleRule {
  const status = only(el, 'Status')?.text;
  if (status !== 'Enabled' && status !== 'Disabled') throw malformed();
  const scope = scopeOf(el, ctx.v2);
  const expEl = only(el, 'Expiration');
  const ncEl = only(el, 'NoncurrentVersionExpiration');
  const abortEl = only(el, 'AbortIncompleteMultipartUpload');
  if (expEl === undefined && ncEl === undefined && abortEl === undefined && !hasTransition(el)) {
    throw invalidRequest('At least one action needs to be specified in a rule');
  }
  for (const t of childElements(el, 'Transition')) checkTransition(t, false);
  for (const t of childElements(el, 'NoncurrentVersionTransition')) checkTransition(t, true);
  const expiration = expEl === undefined ? undefined : expirationOf(expEl);
  const noncurrent = ncEl === undefined ? undefined : noncurrentOf(ncEl, ctx.v2);
  const abortUploadDays = abortEl === undefined ? undefined : abortDaysOf(abortEl);
  const f = scope.kind === 'filter' ? scope.filter : undefined;
  const tags = f !== undefined && (f.kind === 'tag' || (f.kind === 'and' && f.tags.length > 0));
  const size = f !== undefined && (f.kind === 'greaterThan' || f.kind === 'lessThan'
    || (f.kind === 'and' && (f.greaterThan !== undefined || f.lessThan !== undefined)));
  if (expiration?.kind === 'deleteMarker') {
    if (tags) throw invalidRequest('ExpiredObjectDeleteMarker cannot be specified with Tags.');
    if (size) throw invalidRequest('ExpiredObjectDeleteMarker cannot be specified with Object Size.');
  }
  if (abortUploadDays !== undefined) {
    if (tags) throw invalidRequest('AbortIncompleteMultipartUpload cannot be specified with Tags.');
    if (size) throw invalidRequest('AbortIncompleteMultipartUpload cannot be specified with Object Size.');
  }
  const id = only(el, 'ID')?.text;
  return {
    id: id === undefined || id === '' ? ctx.newId() : id,
    enabled: status === 'Enabled', scope,
    ...(expiration !== undefined ? { expiration } : {}),
    ...(noncurrent !== undefined ? { noncurrent } : {}),
    ...(abortUploadDays !== undefined ? { abortUploadDays } : {}),
  };
}

type ActionKind = readonly [string, (r: LifecycleRule) => boolean];
const ACTION_KINDS: readonly ActionKind[] = [
  ['Expiration', (r) => r.expiration !== undefined],
  ['NoncurrentVersionExpiration', (r) => r.noncurrent !== undefined],
  ['AbortIncompleteMultipartUpload', (r) => r.abortUploadDays !== undefined],
];

/** V1 (rule-level Prefix) rules may not overlap for the same kind of action. */
function checkOverlaps(rules: readonly LifecycleRule[]): void {
  for (const [kind, takes] of ACTION_KINDS) {
    const prefixes = rules.filter(takes).flatMap((r) => (r.scope.kind === 'prefix' ? [r.scope.prefix] : [])).sort();
    for (let i = 1; i < prefixes.length; i++) {
      if (prefixes[i]!.startsWith(prefixes[i - 1]!)) {
        throw invalidRequest(`Found overlapping prefixes '${prefixes[i - 1]!}' and '${prefixes[i]!}' for same action type '${kind}'`);
      }
    }
  }
}

function checkIds(rules: readonly XmlElement[]): void {
  const seen = new Set<string>();
  for (const r of rules) {
    const id = only(r, 'ID')?.text;
    if (id === undefined || id === '') continue;
    if ([...id].length > MAX_ID_CHARS) throw invalidArgument('ID length should not exceed allowed limit of 255');
    if (seen.has(id)) throw invalidArgument('Rule ID must be unique. Found same ID for more than one rule');
    seen.add(id);
  }
}

/** AWS-style generated rule id (random, base64 of 36 bytes, 48 characters). */
export function randomRuleId(): string {
  return randomBytes(36).toString('base64');
}

export function parseLifecycleDocument(doc: XmlElement, newId: () => string = randomRuleId): LifecycleConfiguration {
  expectRoot(doc, 'LifecycleConfiguration');
  const ruleEls = childElements(doc, 'Rule');
  if (ruleEls.length === 0) throw invalidRequest('At least one lifecycle rule must be specified.');
  if (ruleEls.length > MAX_LIFECYCLE_RULES) {
    throw invalidRequest('The number of lifecycle rules must not exceed the allowed limit of 1000 rules.');
  }
  checkIds(ruleEls);
  const v2 = childElement(ruleEls[0]!, 'Filter') !== undefined;
  const rules = ruleEls.map((el) => ruleOf(el, { v2, newId }));
  if (!v2) checkOverlaps(rules);
  if (ruleEls.some(hasTransition)) {
    throw new S3Error('NotImplemented', {
      message: 'Transition and NoncurrentVersionTransition actions (storage classes, remote tiers) are not supported by this server yet.',
    });
  }
  const used = new Set(rules.map((r) => r.id));
  if (used.size !== rules.length) throw invalidArgument('Rule ID must be unique. Found same ID for more than one rule');
  return { rules };
}
