/**
 * Key rotation and the re-seal pass (Cairn's; MinIO has no counterpart):
 *   POST kms/key/rotate?key-id=K   -> {key-id, version}: new data keys use the new version
 *                                     (501 NotImplemented: KES, or the built-in master key)
 *   POST kms/reseal[?bucket=B]     -> the pass's status (state running); 409
 *                                     XCairnAdminResealRunning while one runs
 *   GET  kms/reseal/status         -> the pass's status (idle before the first pass)
 */
import { BucketNotFoundError } from '../../errors/domain-errors.js';
import { AdminError } from '../admin-error.js';
import type { KmsKeyRotateDocument } from '../wire-types.js';
import type { AdminEndpoint } from './endpoint.js';
import { checkedName, kmsCall, kmsOf } from './kms.js';

export const kmsKeyRotate: AdminEndpoint = async (req, backend) => {
  const kms = kmsOf(backend.kms);
  const keyId = checkedName(req.route.keyId ?? '');
  const r = await kmsCall(() => kms.rotateKey(keyId));
  const document: KmsKeyRotateDocument = { 'key-id': r.keyId, version: r.version };
  return { status: 200, document };
};

export const kmsResealStart: AdminEndpoint = async (req, backend) => {
  const kms = kmsOf(backend.kms);
  const bucket = req.route.bucket;
  try {
    return { status: 200, document: await kmsCall(() => kms.startReseal(bucket)) };
  } catch (err) {
    if (err instanceof BucketNotFoundError) throw new AdminError('NoSuchBucket', `The bucket ${bucket ?? ''} does not exist.`);
    throw err;
  }
};

export const kmsResealStatus: AdminEndpoint = async (_req, backend) => ({ status: 200, document: await kmsOf(backend.kms).resealStatus() });
