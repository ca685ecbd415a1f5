/**
 * Cairn's account endpoints (cluster root only; MinIO has no accounts):
 *   PUT    /minio/admin/v3/cairn/add-account        body {"name":N,"email":E,"accessKey":AK,"secretKey":SK}
 *   GET    /minio/admin/v3/cairn/list-accounts
 *   GET    /minio/admin/v3/cairn/account-info?account=ID|NAME
 *   DELETE /minio/admin/v3/cairn/remove-account?account=ID|NAME
 */
import { AdminError } from '../admin-error.js';
import type { AccountAdmin, AccountInput } from '../account-admin.js';
import type { AdminEndpoint, AdminRequest } from './endpoint.js';

function accountsOf(accounts: AccountAdmin | undefined): AccountAdmin {
  if (accounts === undefined) throw new AdminError('NotImplemented', 'Accounts are not available on this server.');
  return accounts;
}

function refOf(req: AdminRequest): string {
  return req.route.account ?? '';
}

function parseBody(body: string): AccountInput {
  let doc: unknown;
  try { doc = JSON.parse(body); } catch { throw new AdminError('XMinioAdminInvalidArgument', 'The account body is not JSON.'); }
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as { name?: unknown; email?: unknown; accessKey?: unknown; secretKey?: unknown };
  if (typeof d.name !== 'string' || d.name === '') throw new AdminError('XMinioAdminInvalidArgument', 'The account needs a name.');
  if (d.email !== undefined && typeof d.email !== 'string') throw new AdminError('XMinioAdminInvalidArgument', 'email must be a string.');
  if ((d.accessKey === undefined) !== (d.secretKey === undefined) || (d.accessKey !== undefined && (typeof d.accessKey !== 'string' || typeof d.secretKey !== 'string'))) {
    throw new AdminError('XMinioAdminInvalidArgument', 'accessKey and secretKey go together, as strings.');
  }
  return {
    name: d.name, ...(typeof d.email === 'string' ? { email: d.email } : {}),
    ...(typeof d.accessKey === 'string' && typeof d.secretKey === 'string' ? { rootKey: { accessKey: d.accessKey, secretKey: d.secretKey } } : {}),
  };
}

export const addAccount: AdminEndpoint = async (req, _backend, accounts) => {
  const input = parseBody(req.body);
  const out = await accountsOf(accounts).create(input);
  if (out === 'exists') throw new AdminError('XCairnAdminAccountExists', `An account named ${input.name} exists already.`);
  if ('invalid' in out) throw new AdminError('XMinioAdminInvalidArgument', out.invalid);
  return { status: 200, document: out };
};

export const listAccounts: AdminEndpoint = (_req, _backend, accounts) => ({
  status: 200, document: { accounts: accountsOf(accounts).list() },
});

export const accountInfo: AdminEndpoint = (req, _backend, accounts) => {
  const found = accountsOf(accounts).info(refOf(req));
  if (found === undefined) throw new AdminError('XCairnAdminNoSuchAccount', `The account ${refOf(req)} does not exist.`);
  return { status: 200, document: found };
};

export const removeAccount: AdminEndpoint = async (req, _backend, accounts) => {
  const ref = refOf(req);
  const out = await accountsOf(accounts).remove(ref);
  if (out === 'no-such-account') throw new AdminError('XCairnAdminNoSuchAccount', `The account ${ref} does not exist.`);
  if (out === 'cluster-account') throw new AdminError('XCairnAdminAccountNotEmpty', 'The cluster account (000000000000) cannot be removed.');
  if (out !== 'removed') {
    throw new AdminError('XCairnAdminAccountNotEmpty', `The account ${ref} owns buckets (${out.ownsBuckets.slice(0, 10).join(', ')}): remove them first.`);
  }
  return { status: 200, document: { removed: ref } };
};
