/**
 * Per-account default KMS keys (Cairn's, no MinIO counterpart; kms/tenant-kms.ts):
 *   PUT kms/account/set-key?account=A&key-id=K   body empty, or {"vault":{"mount":M,"namespace":N}}
 *   GET kms/account/get-key?account=A            -> {account, key-id, default, vault?}
 * The key must exist (400 KMS.NotFoundException) and must not be another account's default
 * key (403 KMS.AccessDeniedException); a per-account mount or namespace needs Vault.
 */
import { AdminError } from '../admin-error.js';
import type { AdminKmsAccountKey } from '../admin-kms.js';
import type { KmsAccountKeyDocument } from '../wire-types.js';
import type { AdminEndpoint } from './endpoint.js';
import { checkedName, kmsCall, kmsOf } from './kms.js';

const MOUNT = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_-]+)*$/;

type VaultPlacement = { mount?: string; namespace?: string };

/** The optional `vault` placement of the body. */
export function parseAccountKeyBody(body: string): VaultPlacement | undefined {
  if (body.trim() === '') return undefined;
  let doc: unknown;
  try { doc = JSON.parse(body); } catch { throw new AdminError('XMinioAdminInvalidArgument', 'The body is not JSON.'); }
  const vault = typeof doc === 'object' && doc !== null ? (doc as { vault?: unknown }).vault : undefined;
  if (vault === undefined) return undefined;
  if (typeof vault !== 'object' || vault === null) throw new AdminError('XMinioAdminInvalidArgument', 'vault must be an object {"mount","namespace"}.');
  const { mount, namespace } = vault as { mount?: unknown; namespace?: unknown };
  const out: VaultPlacement = {};
  if (mount !== undefined) {
    if (typeof mount !== 'string' || !MOUNT.test(mount)) throw new AdminError('XMinioAdminInvalidArgument', 'vault.mount must be a mount path of A-Z a-z 0-9 _ - segments.');
    out.mount = mount;
  }
  if (namespace !== undefined) {
    if (typeof namespace !== 'string' || !MOUNT.test(namespace)) throw new AdminError('XMinioAdminInvalidArgument', 'vault.namespace must be a namespace path of A-Z a-z 0-9 _ - segments.');
    out.namespace = namespace;
  }
  return out.mount === undefined && out.namespace === undefined ? undefined : out;
}

const document = (k: AdminKmsAccountKey): KmsAccountKeyDocument => ({
  account: k.account, 'key-id': k.keyId, default: k.isDefault, ...(k.vault !== undefined ? { vault: k.vault } : {}),
});

export const kmsAccountKeySet: AdminEndpoint = async (req, backend) => {
  const kms = kmsOf(backend.kms);
  const account = req.route.account ?? '';
  const keyId = checkedName(req.route.keyId ?? '');
  const vault = parseAccountKeyBody(req.body);
  await kmsCall(() => kms.setAccountKey({ account, keyId, ...(vault !== undefined ? { vault } : {}) }));
  return { status: 200, document: document(await kmsCall(() => kms.accountKey(account))) };
};

export const kmsAccountKeyGet: AdminEndpoint = async (req, backend) => {
  const kms = kmsOf(backend.kms);
  return { status: 200, document: document(await kmsCall(() => kms.accountKey(req.route.account ?? ''))) };
};
