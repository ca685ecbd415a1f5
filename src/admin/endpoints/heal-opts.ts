/**
 * The body of a heal start: madmin.HealOpts as JSON. Cairn heals everything, recursively, in
 * one of two modes (scanMode 0 or 1: normal, records and shard existence/size; 2: deep,
 * every bitrot checksum too). Options Cairn cannot honour are refused (501), never ignored:
 * an operator asking for a dry run must not get a real heal. Unknown fields are ignored, as
 * MinIO's decoder does.
 */
import { AdminError } from '../admin-error.js';

export interface ParsedHealOpts {
  readonly deep: boolean;
}

const UNSUPPORTED_FLAGS = ['dryRun', 'remove', 'recreate', 'updateParity', 'crossPool'] as const;

export function parseHealOpts(body: string): ParsedHealOpts {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new AdminError('XMinioRequestBodyParse', 'The request body must be a JSON object (madmin.HealOpts), e.g. {"recursive":true,"scanMode":1}.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new AdminError('XMinioRequestBodyParse', 'The request body must be a JSON object (madmin.HealOpts).');
  }
  const opts = doc as Record<string, unknown>;
  for (const name of ['recursive', ...UNSUPPORTED_FLAGS]) {
    const v = opts[name];
    if (v !== undefined && typeof v !== 'boolean') throw new AdminError('XMinioAdminInvalidArgument', `${name} must be true or false.`);
  }
  for (const name of UNSUPPORTED_FLAGS) {
    if (opts[name] === true) throw new AdminError('NotImplemented', `${name} is not supported yet.`);
  }
  if (opts['recursive'] === false) throw new AdminError('NotImplemented', 'Only recursive heals (of everything) are supported.');
  if ((opts['pool'] ?? null) !== null || (opts['set'] ?? null) !== null) {
    throw new AdminError('NotImplemented', 'Healing one pool or set is not supported yet.');
  }
  const mode = opts['scanMode'] ?? 0;
  if (mode === 0 || mode === 1) return { deep: false };
  if (mode === 2) return { deep: true };
  if (mode === 4) throw new AdminError('NotImplemented', 'scanMode 4 (uncommitted objects only) is not supported.');
  throw new AdminError('XMinioAdminInvalidArgument', `scanMode must be 1 (normal) or 2 (deep), got ${JSON.stringify(mode)}.`);
}
