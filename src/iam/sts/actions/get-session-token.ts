/**
 * GetSessionToken (STS API Reference): temporary credentials with the caller's own permissions.
 * DurationSeconds 900..129600 (default 43200); an account root gets at most 3600; session
 * credentials may not call it ("Cannot call GetSessionToken with session credentials").
 */
import { credentialsXml } from '../sts-xml.js';
import { StsError } from '../sts-error.js';
import { durationSeconds, MAX_SESSION_TOKEN_DURATION, type StsParams } from '../sts-params.js';
import { issueSession } from './issue-session.js';
import type { StsAnswer, StsCaller, StsContext } from './sts-context.js';

const DEFAULT_DURATION = 43_200;
const ROOT_MAX = 3600;

export function getSessionToken(ctx: StsContext, c: StsCaller, params: StsParams): StsAnswer {
  if (c.isSession) throw new StsError('AccessDenied', 'Cannot call GetSessionToken with session credentials');
  const isRoot = c.caller.principal.type === 'Account';
  const requested = durationSeconds(params, { fallback: DEFAULT_DURATION, max: MAX_SESSION_TOKEN_DURATION });
  const duration = isRoot ? Math.min(requested, ROOT_MAX) : requested;
  const creds = issueSession(ctx, { kind: 'user', parentAccessKey: c.caller.accessKey, accountId: c.caller.account.id }, duration);
  return { action: 'GetSessionToken', result: [credentialsXml(creds)] };
}
