/**
 * The Object Lock documents (S3 API Reference: ObjectLockConfiguration, ObjectLockRetention,
 * ObjectLockLegalHold):
 *   <ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>
 *     <Rule><DefaultRetention><Mode>GOVERNANCE|COMPLIANCE</Mode><Days>n</Days>|<Years>n</Years>
 *     </DefaultRetention></Rule></ObjectLockConfiguration>
 *   <Retention><Mode>..</Mode><RetainUntilDate>ISO 8601</RetainUntilDate></Retention>
 *   <LegalHold><Status>ON|OFF</Status></LegalHold>
 * Errors as AWS (and ceph s3-tests test_object_lock_*) give them: a missing or other
 * ObjectLockEnabled, an unknown mode, a Rule without DefaultRetention, Days and Years together
 * or neither, a legal hold status other than ON/OFF: MalformedXML; a period that is not a
 * positive integer: InvalidRetentionPeriod.
 */
import { S3Error } from '../../../errors/s3-error.js';
import type { ObjectLockMode } from '../../../object/object-layer.js';
import { toXml } from '../build-xml.js';
import { childElement, childText, expectRoot, type XmlElement } from '../parse-xml.js';

export interface DefaultRetentionShape {
  readonly mode: ObjectLockMode;
  readonly days?: number;
  readonly years?: number;
}

export interface RetentionShape {
  readonly mode: ObjectLockMode;
  /** As sent; the handler checks it is ISO 8601 and in the future. */
  readonly retainUntilDate: string;
}

function malformed(message?: string): S3Error {
  return new S3Error('MalformedXML', message !== undefined ? { message } : {});
}

function parseMode(text: string | undefined): ObjectLockMode {
  const mode = text?.trim();
  if (mode !== 'GOVERNANCE' && mode !== 'COMPLIANCE') throw malformed();
  return mode;
}

function parsePeriod(text: string): number {
  const t = text.trim();
  const n = /^\d{1,9}$/.test(t) ? Number(t) : NaN;
  if (!(n > 0)) throw new S3Error('InvalidRetentionPeriod');
  return n;
}

/** The default retention of a configuration document; undefined when it has no Rule. */
export function parseObjectLockConfiguration(doc: XmlElement): { readonly rule?: DefaultRetentionShape } {
  expectRoot(doc, 'ObjectLockConfiguration');
  if (childText(doc, 'ObjectLockEnabled')?.trim() !== 'Enabled') throw malformed();
  const rule = childElement(doc, 'Rule');
  if (rule === undefined) return {};
  const def = childElement(rule, 'DefaultRetention');
  if (def === undefined) throw malformed();
  const mode = parseMode(childText(def, 'Mode'));
  const days = childText(def, 'Days');
  const years = childText(def, 'Years');
  if ((days === undefined) === (years === undefined)) throw malformed();
  return { rule: days !== undefined ? { mode, days: parsePeriod(days) } : { mode, years: parsePeriod(years!) } };
}

export function objectLockConfigurationXml(rule: DefaultRetentionShape | undefined): string {
  return toXml('ObjectLockConfiguration', {
    ObjectLockEnabled: 'Enabled',
    Rule: rule === undefined ? undefined : {
      DefaultRetention: { Mode: rule.mode, Days: rule.days, Years: rule.years },
    },
  });
}

/** A Retention document; undefined for an empty one (removes the retention). */
export function parseRetention(doc: XmlElement): RetentionShape | undefined {
  expectRoot(doc, 'Retention');
  const mode = childText(doc, 'Mode');
  const until = childText(doc, 'RetainUntilDate');
  if (mode === undefined && until === undefined) return undefined;
  if (mode === undefined || until === undefined) throw malformed();
  return { mode: parseMode(mode), retainUntilDate: until.trim() };
}

export function retentionXml(r: { readonly mode: ObjectLockMode; readonly retainUntil: Date }): string {
  return toXml('Retention', { Mode: r.mode, RetainUntilDate: r.retainUntil });
}

/** A LegalHold document: true for ON. */
export function parseLegalHold(doc: XmlElement): boolean {
  expectRoot(doc, 'LegalHold');
  const status = childText(doc, 'Status')?.trim();
  if (status !== 'ON' && status !== 'OFF') throw malformed();
  return status === 'ON';
}

export function legalHoldXml(on: boolean): string {
  return toXml('LegalHold', { Status: on ? 'ON' : 'OFF' });
}
