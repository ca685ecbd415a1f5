/**
 * updateObjectAcl: rewrite the ACL of one version IN PLACE (update-version-metadata.ts: same
 * versionId, data, ETag and Last-Modified; a new metaWriteId). The ACL is an opaque document
 * of the S3 surface, kept in the version's system metadata entry `x-cairn-acl`; a copy never
 * inherits it (copy-object.ts drops it and stores the request's own).
 */
import type { LayerContext } from './layer-context.js';
import type { ObjectInfo, UpdateObjectAclRequest } from './object-layer.js';
import { updateVersionMetadata } from './update-version-metadata.js';

/** System metadata name of a version's ACL document. */
export const ACL_METADATA = 'x-cairn-acl';

/** `meta` with its ACL replaced by `acl` (removed when undefined). */
export function withAcl(meta: Readonly<Record<string, string>>, acl: string | undefined): Record<string, string> {
  const out: Record<string, string> = { ...meta };
  delete out[ACL_METADATA];
  if (acl !== undefined) out[ACL_METADATA] = acl;
  return out;
}

export async function updateObjectAcl(ctx: LayerContext, req: UpdateObjectAclRequest): Promise<ObjectInfo> {
  return updateVersionMetadata(ctx, req, (version) => withAcl(version.systemMetadata, req.acl));
}
