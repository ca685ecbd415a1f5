/**
 * GetBucketLifecycleConfiguration's document, rendered from the stored rules in AWS's element
 * order (Expiration, ID, Filter|Prefix, Status, NoncurrentVersionExpiration,
 * AbortIncompleteMultipartUpload); a rule's scope reads back in the form it was put.
 */
import type { LifecycleConfiguration, LifecycleRule, LifecycleTag, RuleFilter } from '../../../lifecycle/index.js';
import { toXml, type XmlObject } from '../../xml/build-xml.js';

const tagXml = (t: LifecycleTag): XmlObject => ({ Key: t.key, Value: t.value });

function filterXml(f: RuleFilter): XmlObject {
  switch (f.kind) {
    case 'all': return {};
    case 'prefix': return { Prefix: f.prefix };
    case 'tag': return { Tag: tagXml(f.tag) };
    case 'greaterThan': return { ObjectSizeGreaterThan: f.size };
    case 'lessThan': return { ObjectSizeLessThan: f.size };
    case 'and': return {
      And: { Prefix: f.prefix, Tag: f.tags.map(tagXml), ObjectSizeGreaterThan: f.greaterThan, ObjectSizeLessThan: f.lessThan },
    };
  }
}

function expirationXml(rule: LifecycleRule): XmlObject | undefined {
  const e = rule.expiration;
  if (e === undefined) return undefined;
  if (e.kind === 'days') return { Days: e.days };
  if (e.kind === 'date') return { Date: new Date(e.date) };
  return { ExpiredObjectDeleteMarker: e.enabled };
}

function ruleXml(rule: LifecycleRule): XmlObject {
  return {
    Expiration: expirationXml(rule),
    ID: rule.id,
    ...(rule.scope.kind === 'prefix' ? { Prefix: rule.scope.prefix } : { Filter: filterXml(rule.scope.filter) }),
    Status: rule.enabled ? 'Enabled' : 'Disabled',
    NoncurrentVersionExpiration: rule.noncurrent === undefined
      ? undefined
      : { NoncurrentDays: rule.noncurrent.days, NewerNoncurrentVersions: rule.noncurrent.newer },
    AbortIncompleteMultipartUpload: rule.abortUploadDays === undefined ? undefined : { DaysAfterInitiation: rule.abortUploadDays },
  };
}

export function renderLifecycleConfiguration(config: LifecycleConfiguration): string {
  return toXml('LifecycleConfiguration', { Rule: config.rules.map(ruleXml) });
}
