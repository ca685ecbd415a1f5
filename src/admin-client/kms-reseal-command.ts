/**
 * `cairn admin kms key rotate NAME`, `kms reseal [--bucket B] [--wait]`, `kms reseal status`.
 * Exit codes: 0; 1 when the pass failed (reseal status / --wait), or when --wait saw no
 * progress for NO_PROGRESS_MS (the process running the pass died: `kms reseal` continues it);
 * errors (no KMS, unknown key, KES / the master key cannot rotate, a pass running) are 2.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { KmsKeyRotateDocument, KmsResealStatusDocument } from '../admin/wire-types.js';
import type { AdminArgs } from './admin-args.js';
import { callAdmin, type AdminConnection } from './admin-http.js';

const KMS = '/minio/admin/v3/kms';
const POLL_MS = 500;
const NO_PROGRESS_MS = 120_000;

export function formatResealStatus(doc: KmsResealStatusDocument): string {
  const lines = [`Re-seal pass: ${doc.state}${doc.state === 'idle' ? '' : ` (${doc.bucket !== undefined ? `bucket ${doc.bucket}` : 'every bucket'})`}`];
  if (doc.startedAt !== undefined) lines.push(`  started:  ${doc.startedAt}`);
  if (doc.finishedAt !== undefined) lines.push(`  finished: ${doc.finishedAt}`);
  if (doc.state !== 'idle') lines.push(`  scanned ${doc.scanned}, re-sealed ${doc.resealed}, current ${doc.current}, skipped ${doc.skipped}, failed ${doc.failed}`);
  if (doc.position !== undefined && doc.state !== 'done') lines.push(`  at:       bucket ${doc.position.bucket} (${doc.position.phase})`);
  if (doc.error !== undefined) lines.push(`  error:    ${doc.error}`);
  return `${lines.join('\n')}\n`;
}

async function waitForEnd(conn: AdminConnection, first: KmsResealStatusDocument): Promise<KmsResealStatusDocument> {
  let doc = first;
  let lastChange = Date.now();
  while (doc.state === 'running') {
    if (Date.now() - lastChange > NO_PROGRESS_MS) return doc;
    await delay(POLL_MS);
    const next = await callAdmin(conn, { method: 'GET', path: `${KMS}/reseal/status` }) as KmsResealStatusDocument;
    if (next.updatedAt !== doc.updatedAt || next.state !== doc.state) lastChange = Date.now();
    doc = next;
  }
  return doc;
}

export async function resealCommand(conn: AdminConnection, args: AdminArgs, io: { readonly out: (text: string) => void }): Promise<number> {
  const print = (doc: unknown, text: string): void => io.out(args.json ? `${JSON.stringify(doc, null, 2)}\n` : text);
  if (args.command === 'kms-key-rotate') {
    const doc = await callAdmin(conn, { method: 'POST', path: `${KMS}/key/rotate`, query: { 'key-id': args.keyId ?? '' } }) as KmsKeyRotateDocument;
    print(doc, `Rotated key ${doc['key-id']}: new data keys use version ${doc.version}; run "cairn admin kms reseal" to re-seal existing objects\n`);
    return 0;
  }
  let doc = args.command === 'kms-reseal'
    ? await callAdmin(conn, { method: 'POST', path: `${KMS}/reseal`, query: args.bucket !== undefined ? { bucket: args.bucket } : {} }) as KmsResealStatusDocument
    : await callAdmin(conn, { method: 'GET', path: `${KMS}/reseal/status` }) as KmsResealStatusDocument;
  if (args.wait) doc = await waitForEnd(conn, doc);
  print(doc, formatResealStatus(doc));
  return doc.state === 'failed' || (args.wait && doc.state === 'running') ? 1 : 0;
}
