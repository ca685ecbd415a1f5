/**
 * x-amz-bypass-governance-retention: true lets a request remove or shorten GOVERNANCE
 * retention only when the caller is also allowed s3:BypassGovernanceRetention (AWS S3 User
 * Guide, "Bypassing governance mode"). The pipeline asks the authorizer for that action only
 * when the header says true, and tells the handler the outcome (S3Request.bypassGovernanceRetention);
 * a caller without the permission is treated as not bypassing, so the lock refuses.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Authorizer, AuthzRequest } from './authorize.js';

export const BYPASS_GOVERNANCE_ACTION = 's3:BypassGovernanceRetention';

export function asksGovernanceBypass(headers: IncomingHttpHeaders): boolean {
  const v = headers['x-amz-bypass-governance-retention'];
  return typeof v === 'string' && v.trim().toLowerCase() === 'true';
}

/** The header says true and the caller may s3:BypassGovernanceRetention on this resource. */
export async function governanceBypass(authorizer: Authorizer, headers: IncomingHttpHeaders, who: Omit<AuthzRequest, 'action'>): Promise<boolean> {
  if (!asksGovernanceBypass(headers)) return false;
  return authorizer.isAllowed({ ...who, action: BYPASS_GOVERNANCE_ACTION });
}
