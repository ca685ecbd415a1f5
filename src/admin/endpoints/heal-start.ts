/**
 * POST /minio/admin/v3/heal/[?forceStart]: start one heal pass over every key of every set
 * (and the bucket records). Answers madmin.HealStartSuccess with the token to poll; 409 while
 * another sequence runs, unless forceStart stops it first.
 */
import { AdminError } from '../admin-error.js';
import type { HealStartDocument } from '../wire-types.js';
import type { AdminEndpoint } from './endpoint.js';
import { parseHealOpts } from './heal-opts.js';

export const healStart: AdminEndpoint = (req, backend) => {
  const { deep } = parseHealOpts(req.body);
  const seq = backend.startHeal({ deep, force: req.route.forceStart === true, clientAddress: req.clientAddress });
  if (seq === 'already-running') {
    const running = backend.healStatus().sequence;
    const which = running === undefined ? '' : ` It was started by ${running.clientAddress} at ${running.started}; its token is ${running.clientToken}.`;
    throw new AdminError('XMinioHealAlreadyRunning', `A heal sequence is already running (use forceStart to stop it and start afresh).${which}`);
  }
  const document: HealStartDocument = { clientToken: seq.clientToken, clientAddress: seq.clientAddress, startTime: seq.started };
  return { status: 200, document };
};
