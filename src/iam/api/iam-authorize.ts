/**
 * Who may call which IAM action: an account root (the cluster root being the root of account
 * 000000000000) everything in its own account; an IAM user what its identity policies allow
 * on the resource ARN (`iam:<Action>`), an explicit Deny winning and a permissions boundary
 * narrowing (iam/policy's evaluation); a caller signing with STS session credentials (an
 * assumed role) what the role's policies allow, narrowed by the session policies. Otherwise AccessDenied with AWS's message:
 * `User: ARN is not authorized to perform: iam:X on resource: ARN because no identity-based
 * policy allows the iam:X action` (or `with an explicit deny in an identity-based policy`).
 */
import type { ResolvedCaller } from '../caller.js';
import { createRequestContext, evaluatePolicies } from '../policy/index.js';
import { IamError } from '../store/iam-errors.js';

export interface IamAuthzInput {
  readonly caller: ResolvedCaller;
  readonly action: string;
  readonly resource: string;
  readonly now: Date;
  readonly sourceIp: string;
  readonly userAgent: string | undefined;
  readonly secureTransport: boolean;
}

export function authorizeIam(input: IamAuthzInput): void {
  const { caller } = input;
  if (caller.isClusterRoot || caller.principal.type === 'Account') return;
  const action = `iam:${input.action}`;
  const request = createRequestContext({
    action, resource: input.resource, principal: caller.principal, now: input.now,
    keys: { 'aws:SourceIp': input.sourceIp, 'aws:UserAgent': input.userAgent, 'aws:SecureTransport': String(input.secureTransport) },
  });
  const decision = evaluatePolicies({
    request, identity: caller.identity, ...(caller.boundary !== undefined ? { boundary: caller.boundary } : {}),
    ...(caller.session !== undefined ? { session: caller.session } : {}),
  });
  if (decision.allowed) return;
  const who = caller.principal.arn ?? caller.accessKey;
  let why = `because no identity-based policy allows the ${action} action`;
  if (decision.effect === 'ExplicitDeny') {
    const source = decision.statements[0]?.source;
    why = source === 'boundary' ? 'with an explicit deny in a permissions boundary'
      : source === 'session' ? 'with an explicit deny in a session policy' : 'with an explicit deny in an identity-based policy';
  } else if (decision.reason.includes('boundary')) {
    why = `because no permissions boundary allows the ${action} action`;
  } else if (decision.reason.includes('session policy')) {
    why = `because no session policy allows the ${action} action`;
  }
  throw new IamError('AccessDenied', `User: ${who} is not authorized to perform: ${action} on resource: ${input.resource} ${why}`);
}
