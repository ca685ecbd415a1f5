/**
 * ListObjectVersions: the same key walk as ListObjects (list-objects.ts), emitting every
 * version and delete marker of each key, newest first. keyMarker alone resumes after that
 * key; keyMarker + versionIdMarker resumes after that version inside the key. Versions and
 * common prefixes count together toward maxKeys; a page may end inside a key's versions
 * (nextKeyMarker + nextVersionIdMarker). Versions removed by a hard delete are gone from the
 * record (record-merge.ts) and never listed; a key with none left is skipped.
 */
import { listBucket } from './buckets.js';
import type { LayerContext } from './layer-context.js';
import { clampMaxKeys, KeyWalk } from './list-objects.js';
import { PENDING } from './list-merge.js';
import { toObjectInfo } from './object-info.js';
import type { ListObjectVersionsRequest, ListVersionsResult, ObjectInfo } from './object-layer.js';

export function listObjectVersions(ctx: LayerContext, req: ListObjectVersionsRequest): Promise<ListVersionsResult> {
  return listBucket(ctx, req.bucket, () => walkVersions(ctx, req));
}

async function walkVersions(ctx: LayerContext, req: ListObjectVersionsRequest): Promise<ListVersionsResult> {
  const { bucket } = req;
  const maxKeys = clampMaxKeys(req.maxKeys);
  const versions: ObjectInfo[] = [];
  const commonPrefixes: string[] = [];
  if (maxKeys === 0) return { versions, commonPrefixes, isTruncated: false };
  const useVersionMarker = req.keyMarker !== undefined && req.keyMarker !== '' && req.versionIdMarker !== undefined && req.versionIdMarker !== '';
  const walk = new KeyWalk(ctx, bucket, {
    prefix: req.prefix ?? '',
    delimiter: req.delimiter || undefined,
    after: req.keyMarker || undefined,
    ...(useVersionMarker ? { from: req.keyMarker } : {}),
    batch: maxKeys + 1,
  });
  let last: { key: string; versionId?: string } | undefined;
  const truncated = (): ListVersionsResult => ({
    versions, commonPrefixes, isTruncated: true,
    ...(last ? { nextKeyMarker: last.key } : {}),
    ...(last?.versionId !== undefined ? { nextVersionIdMarker: last.versionId } : {}),
  });
  for (;;) {
    if (walk.isOverBudget) {
      if (walk.lastKey !== undefined) last = { key: walk.lastKey };
      return truncated();
    }
    let item = walk.nextReady();
    if (item === PENDING) item = await walk.next();
    if (!item) return { versions, commonPrefixes, isTruncated: false };
    if (item.kind === 'deleted') continue; // no version left: removed versions are never listed
    if (item.kind === 'prefix') {
      if (versions.length + commonPrefixes.length >= maxKeys) return truncated();
      commonPrefixes.push(item.prefix);
      last = { key: item.prefix };
      continue;
    }
    let list = item.record.versions;
    if (useVersionMarker && item.key === req.keyMarker) {
      const idx = list.findIndex((v) => v.versionId === req.versionIdMarker);
      list = idx >= 0 ? list.slice(idx + 1) : [];
    }
    for (const v of list) {
      if (versions.length + commonPrefixes.length >= maxKeys) return truncated();
      versions.push(toObjectInfo({ bucket, key: item.key }, v, v === item.record.versions[0]));
      last = { key: item.key, versionId: v.versionId };
    }
  }
}
