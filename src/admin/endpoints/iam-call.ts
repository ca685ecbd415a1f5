/**
 * What every IAM admin endpoint shares: the IdentityAdmin (501 without one), the account the
 * caller acts in (403 AccessDenied for an IAM user whose policies do not allow the route's
 * `admin:` action, or anyone naming another account but the cluster root), query and JSON body checks, and IamErrors as admin
 * errors: a missing user / group / policy / access key is MinIO's XMinioAdminNoSuch* (404),
 * a name taken, a quota or a delete conflict 409, an invalid value 400 XMinioAdminInvalidArgument,
 * a policy document IAM refuses 400 MalformedPolicyDocument with IAM's words.
 */
import { IamError } from '../../iam/store/index.js';
import { AdminError, type AdminErrorCode } from '../admin-error.js';
import type { IdentityAdmin } from '../identity-admin.js';
import type { EntityStatus } from '../iam-wire-types.js';
import type { AdminRequest } from './endpoint.js';

export interface IamScope {
  readonly identities: IdentityAdmin;
  readonly accountId: string;
}

function noSuchCode(message: string): AdminErrorCode {
  if (message.startsWith('The user ')) return 'XMinioAdminNoSuchUser';
  if (message.startsWith('The group ')) return 'XMinioAdminNoSuchGroup';
  if (message.startsWith('Policy ')) return 'XMinioAdminNoSuchPolicy';
  if (message.startsWith('The Access Key ')) return 'XMinioAdminNoSuchServiceAccount';
  if (message.startsWith('The account ')) return 'XCairnAdminNoSuchAccount';
  return 'XMinioAdminInvalidArgument';
}

export function toAdminIamError(err: unknown): unknown {
  if (!(err instanceof IamError)) return err;
  switch (err.iamCode) {
    case 'NoSuchEntity': return new AdminError(noSuchCode(err.message), err.message);
    case 'EntityAlreadyExists': return new AdminError('XCairnAdminEntityExists', err.message);
    case 'LimitExceeded': return new AdminError('XCairnAdminLimitExceeded', err.message);
    case 'DeleteConflict': return new AdminError('XCairnAdminDeleteConflict', err.message);
    case 'MalformedPolicyDocument': return new AdminError('MalformedPolicyDocument', err.message);
    case 'ValidationError': case 'InvalidInput': case 'InvalidParameterValue': return new AdminError('XMinioAdminInvalidArgument', err.message);
    case 'ServiceFailure': return new AdminError('ServiceUnavailable', err.message);
    default: return err;
  }
}

/** Runs `work` in the caller's account; IamErrors become admin errors. */
export async function inAccount<T>(req: AdminRequest, identities: IdentityAdmin | undefined, work: (s: IamScope) => T | Promise<T>): Promise<T> {
  if (identities === undefined) throw new AdminError('NotImplemented', 'Users, groups and policies are not available on this server.');
  try {
    const acting = identities.actingAccount({
      accessKey: req.accessKey ?? '', sessionToken: req.sessionToken, requested: param(req, 'account'), action: req.route.action,
      facts: req.facts ?? { now: new Date(), sourceIp: req.clientAddress, userAgent: undefined, secureTransport: false },
    });
    if (typeof acting !== 'string') throw new AdminError('AccessDenied', acting.denied);
    return await work({ identities, accountId: acting });
  } catch (err) {
    throw toAdminIamError(err);
  }
}

/** A query parameter ('' counts as absent). */
export function param(req: AdminRequest, name: string): string | undefined {
  const v = req.route.query?.get(name) ?? '';
  return v === '' ? undefined : v;
}

export function requiredParam(req: AdminRequest, name: string): string {
  const v = param(req, name);
  if (v === undefined) throw new AdminError('XMinioAdminInvalidArgument', `The ${name} query parameter is missing.`);
  return v;
}

/**
 * MinIO's SetUserStatus: "you cannot enable or disable yourself". Refused when the request is
 * signed with one of `user`'s access keys (a user acting through admin policies).
 */
export function refuseOwnStatus(req: AdminRequest, scope: IamScope, user: string): void {
  if (req.accessKey === undefined) return;
  let owner: string | undefined;
  try { owner = scope.identities.accessKeyInfo(scope.accountId, req.accessKey).parentUser; } catch (err) {
    if (err instanceof IamError && err.iamCode === 'NoSuchEntity') return; // not a key of this account's users (a root, a session)
    throw err;
  }
  if (owner === user) throw new AdminError('XMinioAdminInvalidArgument', `A user cannot enable or disable itself: the request is signed with ${user}'s access key.`);
}

/** `status=enabled|disabled` -> true / false. */
export function statusParam(req: AdminRequest): boolean {
  const s = param(req, 'status');
  if (s !== 'enabled' && s !== 'disabled') throw new AdminError('XMinioAdminInvalidArgument', `The status query parameter must be enabled or disabled, got ${JSON.stringify(s ?? '')}.`);
  return s === 'enabled';
}

export function statusWord(enabled: boolean): EntityStatus {
  return enabled ? 'enabled' : 'disabled';
}

/** The JSON object of the body; an empty body is `{}`. */
export function jsonBody(req: AdminRequest): Record<string, unknown> {
  if (req.body.trim() === '') return {};
  let doc: unknown;
  try { doc = JSON.parse(req.body); } catch { throw new AdminError('XMinioRequestBodyParse', 'The request body is not JSON.'); }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new AdminError('XMinioRequestBodyParse', 'The request body must be a JSON object.');
  return doc as Record<string, unknown>;
}

export function optionalString(doc: Record<string, unknown>, field: string): string | undefined {
  const v = doc[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new AdminError('XMinioAdminInvalidArgument', `${field} must be a string.`);
  return v;
}

export function stringList(doc: Record<string, unknown>, field: string): string[] {
  const v = doc[field];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' || x === '')) {
    throw new AdminError('XMinioAdminInvalidArgument', `${field} must be a list of names.`);
  }
  return v as string[];
}
