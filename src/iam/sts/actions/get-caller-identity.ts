/** GetCallerIdentity (STS API Reference): who signed the request; no permission is needed. */
import type { StsAnswer, StsCaller } from './sts-context.js';
import { callerArn } from './assume-role.js';

export function getCallerIdentity(c: StsCaller): StsAnswer {
  const p = c.caller.principal;
  return {
    action: 'GetCallerIdentity',
    result: [['Arn', callerArn(c)], ['UserId', p.userId ?? c.caller.account.id], ['Account', c.caller.account.id]],
  };
}
