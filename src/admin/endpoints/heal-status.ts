/** POST /minio/admin/v3/heal/?clientToken=T: progress of a started heal sequence. */
import { AdminError } from '../admin-error.js';
import type { AdminEndpoint } from './endpoint.js';
import { healTaskStatusDoc } from './heal-task-status.js';

export const healStatus: AdminEndpoint = (req, backend) => {
  const token = req.route.clientToken ?? '';
  const seq = backend.healSequence(token);
  if (seq === undefined) {
    throw new AdminError('XMinioHealNoSuchProcess', `No heal sequence has the client token ${JSON.stringify(token)} on this server (unknown, or ended long ago).`);
  }
  return { status: 200, document: healTaskStatusDoc(seq) };
};
