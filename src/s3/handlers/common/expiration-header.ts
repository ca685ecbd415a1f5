/**
 * `x-amz-expiration: expiry-date="<HTTP date>", rule-id="<id>"` on PutObject, CopyObject,
 * CompleteMultipartUpload, GetObject and HeadObject of a current version that an enabled
 * lifecycle Expiration (Days or Date) matches, as AWS computes it: creation + Days rounded up
 * to the next midnight UTC (lifecycle/evaluate.ts; a short "day" with CAIRN_ILM_DAY_SECONDS).
 */
import { currentExpiry, tagsOf } from '../../../lifecycle/index.js';
import type { ObjectInfo } from '../../../object/object-layer.js';
import type { HandlerContext } from '../handler.js';
import { httpDate } from './http-date.js';
import { TAGGING_METADATA } from './object-tags.js';

/** A rule id as a header can carry it: quotes and backslashes escaped, bytes outside printable ASCII %-encoded. */
function headerSafe(id: string): string {
  return id.replace(/["\\]/g, '\\$&').replace(/[^\x20-\x7e]/gu, (c) => encodeURIComponent(c));
}

export async function expirationHeader(ctx: HandlerContext, info: ObjectInfo): Promise<Record<string, string>> {
  if (!info.isLatest || info.isDeleteMarker) return {};
  const config = await ctx.lifecycle.configs.get(info.bucket);
  if (config === undefined) return {};
  const due = currentExpiry(config, {
    key: info.key, size: info.size, tags: tagsOf(info.systemMetadata[TAGGING_METADATA]), mtime: info.lastModified.getTime(),
  }, ctx.lifecycle.dayMs);
  if (due === undefined) return {};
  return { 'x-amz-expiration': `expiry-date="${httpDate(new Date(due.at))}", rule-id="${headerSafe(due.ruleId)}"` };
}
