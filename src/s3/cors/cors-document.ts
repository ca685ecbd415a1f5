/**
 * The stored form of a bucket's CORS configuration: the bucket config document `cors`, JSON
 * `{"version":1,"rules":[CorsRule...]}` (rules already validated by PutBucketCors). A document
 * that does not decode is a corrupt record: it fails loudly rather than allowing or denying
 * cross-origin requests by guess.
 */
import { CORS_METHODS, type CorsRule } from '../xml/shapes/cors-configuration.js';

export const CORS_CONFIG = 'cors';
const VERSION = 1;

export function encodeCorsDocument(rules: readonly CorsRule[]): Buffer {
  return Buffer.from(JSON.stringify({ version: VERSION, rules }));
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

function decodeRule(raw: unknown): CorsRule {
  if (typeof raw !== 'object' || raw === null) throw new Error('corrupt cors config document: rule is not an object');
  const r = raw as Record<string, unknown>;
  const methods = r['allowedMethods'];
  if (!isStringArray(r['allowedOrigins']) || !isStringArray(methods) || !isStringArray(r['allowedHeaders'])
    || !isStringArray(r['exposeHeaders']) || !methods.every((m) => (CORS_METHODS as readonly string[]).includes(m))) {
    throw new Error('corrupt cors config document: bad rule fields');
  }
  const id = r['id'];
  const maxAge = r['maxAgeSeconds'];
  if ((id !== undefined && typeof id !== 'string') || (maxAge !== undefined && typeof maxAge !== 'number')) {
    throw new Error('corrupt cors config document: bad ID or MaxAgeSeconds');
  }
  return {
    ...(id !== undefined ? { id } : {}),
    allowedOrigins: r['allowedOrigins'] as string[],
    allowedMethods: methods as CorsRule['allowedMethods'],
    allowedHeaders: r['allowedHeaders'] as string[],
    exposeHeaders: r['exposeHeaders'] as string[],
    ...(maxAge !== undefined ? { maxAgeSeconds: maxAge } : {}),
  };
}

/** undefined when the bucket has no CORS configuration. */
export function decodeCorsDocument(doc: Buffer | undefined): readonly CorsRule[] | undefined {
  if (doc === undefined || doc.length === 0) return undefined;
  let parsed: unknown;
  try { parsed = JSON.parse(doc.toString('utf8')); } catch (err) { throw new Error('corrupt cors config document', { cause: err }); }
  const p = parsed as { version?: unknown; rules?: unknown };
  if (p.version !== VERSION || !Array.isArray(p.rules)) throw new Error('corrupt cors config document: unknown version');
  return p.rules.map(decodeRule);
}
