/**
 * The KMS admin endpoints (MinIO's paths and documents, madmin-go kms-commands.go):
 *   GET  kms/status               -> madmin.KMSStatus + backend, reachable, latency, version
 *   POST kms/key/create?key-id=K  -> creates the key in the KMS (an existing key is left as it is)
 *   GET  kms/key/status?key-id=K  -> madmin.KMSKeyStatus: a generate / decrypt round trip
 *   GET  kms/key/list?pattern=P   -> [{name}]
 * No KMS configured: 501 NotImplemented, as MinIO. An unknown key: 400 KMS.NotFoundException
 * ("Invalid keyId", as MinIO), a KMS that cannot be reached: 503 ServiceUnavailable naming it,
 * a KMS that refuses Cairn's credentials: 403 KMS.AccessDeniedException.
 */
import {
  KmsAccessDeniedError, KmsKeyNotFoundError, KmsRotationUnsupportedError, KmsUnavailableError,
} from '../../errors/domain-errors.js';
import { AdminError } from '../admin-error.js';
import type { AdminKms } from '../admin-kms.js';
import type { KmsStatusDocument } from '../wire-types.js';
import type { AdminEndpoint } from './endpoint.js';

const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const NAMES: Readonly<Record<AdminKmsStatusBackend, string>> = { builtin: 'Builtin', vault: 'HashiCorp Vault Transit', kes: 'MinIO KES' };
type AdminKmsStatusBackend = 'builtin' | 'vault' | 'kes';

export function kmsOf(kms: AdminKms | undefined): AdminKms {
  if (kms === undefined) throw new AdminError('NotImplemented', 'Server side encryption specified but KMS is not configured');
  return kms;
}

export function checkedName(keyId: string): string {
  if (!KEY_NAME.test(keyId) || keyId.includes('..')) {
    throw new AdminError('XMinioAdminInvalidArgument', `Invalid key-id ${JSON.stringify(keyId)}: 1-128 characters of A-Z a-z 0-9 . _ - starting with a letter or digit.`);
  }
  return keyId;
}

/** The KMS domain errors as admin errors; anything else is left for the listener (500). */
export async function kmsCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof KmsKeyNotFoundError) throw new AdminError('KMS.NotFoundException', `Invalid keyId: ${err.keyId}`);
    if (err instanceof KmsUnavailableError) throw new AdminError('ServiceUnavailable', err.message);
    if (err instanceof KmsAccessDeniedError) throw new AdminError('KMS.AccessDeniedException', err.message);
    if (err instanceof KmsRotationUnsupportedError) throw new AdminError('NotImplemented', err.message);
    throw err;
  }
}

export const kmsStatus: AdminEndpoint = async (_req, backend) => {
  const s = await kmsCall(() => kmsOf(backend.kms).status());
  const where = s.endpoint ?? 'builtin';
  const document: KmsStatusDocument = {
    name: NAMES[s.backend], 'default-key-id': s.defaultKeyId, endpoints: { [where]: s.reachable ? 'online' : 'offline' },
    backend: s.backend, reachable: s.reachable,
    ...(s.latencyMs !== undefined ? { latencyMs: Math.round(s.latencyMs * 1000) / 1000 } : {}),
    ...(s.version !== undefined ? { version: s.version } : {}),
    ...(s.error !== undefined ? { error: s.error } : {}),
    ...(s.sseEngine !== undefined ? { 'sse-engine': s.sseEngine } : {}),
  };
  return { status: 200, document };
};

export const kmsKeyCreate: AdminEndpoint = async (req, backend) => {
  const kms = kmsOf(backend.kms);
  const keyId = checkedName(req.route.keyId ?? '');
  const outcome = await kmsCall(() => kms.createKey(keyId));
  return { status: 200, document: { 'key-id': keyId, created: outcome === 'created' } };
};

export const kmsKeyStatus: AdminEndpoint = async (req, backend) => {
  const kms = kmsOf(backend.kms);
  const keyId = req.route.keyId ?? '';
  const s = await kmsCall(() => kms.keyStatus(keyId === '' ? undefined : checkedName(keyId)));
  const failed = s.error ?? 'failed';
  return {
    status: 200,
    document: { 'key-id': s.keyId, 'encryption-error': s.encryptionOk ? '' : failed, 'decryption-error': s.decryptionOk ? '' : (s.encryptionOk ? failed : 'not tried: no data key') },
  };
};

/** `*` = every key; `abc*` = names starting with abc; otherwise the exact name. */
export function matchesPattern(name: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*') && !pattern.slice(0, -1).includes('*')) return name.startsWith(pattern.slice(0, -1));
  return name === pattern;
}

export const kmsKeyList: AdminEndpoint = async (req, backend) => {
  const kms = kmsOf(backend.kms);
  const pattern = req.route.pattern ?? '*';
  const names = await kmsCall(() => kms.listKeys());
  return { status: 200, document: names.filter((n) => matchesPattern(n, pattern)).map((name) => ({ name })) };
};
