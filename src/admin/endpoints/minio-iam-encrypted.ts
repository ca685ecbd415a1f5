/**
 * MinIO's IAM admin paths whose request bodies madmin encrypts (EncryptData with the signer's
 * secret key): add-user, add-service-account, update-service-account,
 * idp/builtin/policy/attach|detach. Over the same IdentityAdmin as every IAM endpoint.
 * Access keys have no policy, name or description of their own here: a request setting one is
 * refused (400), never dropped silently.
 */
import { AdminError } from '../admin-error.js';
import type { AdminEndpoint, AdminRequest } from './endpoint.js';
import { inAccount, optionalString, requiredParam, stringList } from './iam-call.js';
import { MINIO_OK } from './minio-iam.js';

/** The decrypted JSON object of the body. */
async function decryptedJson(req: AdminRequest): Promise<Record<string, unknown>> {
  if (req.decrypt === undefined || req.rawBody === undefined || req.rawBody.length === 0) {
    throw new AdminError('XMinioAdminInvalidArgument', 'The request needs a madmin-encrypted body.');
  }
  const plain = await req.decrypt(req.rawBody);
  let doc: unknown;
  try { doc = JSON.parse(plain.toString('utf8')); } catch {
    throw new AdminError('XMinioRequestBodyParse', 'The decrypted body is not JSON.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new AdminError('XMinioRequestBodyParse', 'The decrypted body must be a JSON object.');
  return doc as Record<string, unknown>;
}

function refuseOwnPolicy(body: Record<string, unknown>, fields: readonly string[]): void {
  for (const f of fields) {
    const v = body[f];
    if (v !== undefined && v !== null && v !== '' && !(typeof v === 'object' && Object.keys(v).length === 0)) {
      throw new AdminError('XMinioAdminInvalidArgument', `${f} is not supported: access keys carry no policy, name or description of their own; attach policies to the user.`);
    }
  }
}

function expirationOf(body: Record<string, unknown>, field: string): string | undefined {
  const v = optionalString(body, field);
  if (v === undefined || Date.parse(v) === 0 || v.startsWith('0001-01-01')) return undefined; // Go's zero time / madmin's sentinel
  return v;
}

export const minioAddUser: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  const user = requiredParam(req, 'accessKey');
  const body = await decryptedJson(req);
  const secretKey = optionalString(body, 'secretKey');
  const status = optionalString(body, 'status');
  if (status !== undefined && status !== 'enabled' && status !== 'disabled') throw new AdminError('XMinioAdminInvalidArgument', `Invalid status ${status}.`);
  const policies = (optionalString(body, 'policy') ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  const exists = ids.listUsers(accountId).find((u) => u.userName === user);
  if (exists === undefined) {
    if (secretKey === undefined) throw new AdminError('XMinioAdminInvalidArgument', 'A new user needs a secret key.');
    await ids.addUser(accountId, user, secretKey);
  } else if (secretKey !== undefined) {
    if (exists.accessKeys.includes(user)) await ids.setAccessKeySecret(accountId, user, secretKey);
    else await ids.addAccessKey(accountId, { user, accessKey: user, secretKey });
  }
  if (status !== undefined) await ids.setUserStatus(accountId, user, status === 'enabled');
  if (policies.length > 0) await ids.associatePolicies(accountId, { policies, user }, true);
  return MINIO_OK;
});

export const minioAddServiceAccount: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  const body = await decryptedJson(req);
  refuseOwnPolicy(body, ['policy', 'name', 'description']);
  const user = optionalString(body, 'targetUser');
  const accessKey = optionalString(body, 'accessKey');
  const secretKey = optionalString(body, 'secretKey');
  const expiration = expirationOf(body, 'expiration');
  const made = await ids.addAccessKey(accountId, {
    ...(user !== undefined ? { user } : {}), ...(accessKey !== undefined ? { accessKey } : {}),
    ...(secretKey !== undefined ? { secretKey } : {}), ...(expiration !== undefined ? { expiration } : {}),
  });
  const credentials = { accessKey: made.accessKey, secretKey: made.secretKey, ...(made.expiration !== undefined ? { expiration: made.expiration } : {}) };
  return { status: 200, encrypted: true, document: { credentials } };
});

export const minioUpdateServiceAccount: AdminEndpoint = (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
  const accessKey = requiredParam(req, 'accessKey');
  const body = await decryptedJson(req);
  refuseOwnPolicy(body, ['newPolicy', 'newName', 'newDescription']);
  ids.accessKeyInfo(accountId, accessKey); // NoSuchServiceAccount before any change
  const status = optionalString(body, 'newStatus');
  if (status !== undefined && status !== 'on' && status !== 'off') throw new AdminError('XMinioAdminInvalidArgument', `Invalid newStatus ${status}: on or off.`);
  const secretKey = optionalString(body, 'newSecretKey');
  const expiration = expirationOf(body, 'newExpiration');
  if (secretKey !== undefined) await ids.setAccessKeySecret(accountId, accessKey, secretKey);
  if (expiration !== undefined) await ids.setAccessKeyExpiration(accountId, accessKey, expiration);
  if (status !== undefined) await ids.setAccessKeyStatus(accountId, accessKey, status === 'on');
  return { status: 204, document: {} };
});

function associate(attach: boolean): AdminEndpoint {
  return (req, _b, _a, identities) => inAccount(req, identities, async ({ identities: ids, accountId }) => {
    const body = await decryptedJson(req);
    const policies = stringList(body, 'policies');
    const user = optionalString(body, 'user');
    const group = optionalString(body, 'group');
    if (policies.length === 0) throw new AdminError('XMinioAdminInvalidArgument', 'No policy named.');
    if ((user === undefined) === (group === undefined)) throw new AdminError('XMinioAdminInvalidArgument', 'Name either a user or a group.');
    const changed = await ids.associatePolicies(accountId, { policies, ...(user !== undefined ? { user } : { group: group! }) }, attach);
    if (changed.length === 0) throw new AdminError('XMinioAdminPolicyChangeAlreadyApplied', 'The specified policy change is already in effect.');
    const document = { ...(attach ? { policiesAttached: changed } : { policiesDetached: changed }), updatedAt: new Date().toISOString() };
    return { status: 200, encrypted: true, document };
  });
}

export const minioAttachPolicy = associate(true);
export const minioDetachPolicy = associate(false);
