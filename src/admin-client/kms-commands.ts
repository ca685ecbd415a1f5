/**
 * The `cairn admin kms ...` commands: text for people (or the API's JSON with --json).
 * Exit codes: `kms status` 0 when the KMS answered, 1 when it is unreachable; `kms key status`
 * 0 when the generate / decrypt round trip worked, 1 when it did not; errors (no KMS
 * configured, unknown key, KMS down for a key operation) are 2, one line on stderr.
 */
import type { KmsAccountKeyDocument, KmsKeyCreateDocument, KmsKeyListDocument, KmsKeyStatusDocument, KmsStatusDocument } from '../admin/wire-types.js';
import { resealCommand } from './kms-reseal-command.js';
import type { AdminArgs } from './admin-args.js';
import { callAdmin, type AdminConnection } from './admin-http.js';

export interface KmsCliIo {
  readonly out: (text: string) => void;
}

const OK = 0;
const NOT_OK = 1;
const KMS = '/minio/admin/v3/kms';

function print(io: KmsCliIo, args: AdminArgs, doc: unknown, text: string): void {
  io.out(args.json ? `${JSON.stringify(doc, null, 2)}\n` : text);
}

export function formatKmsStatus(doc: KmsStatusDocument): string {
  const endpoint = Object.keys(doc.endpoints)[0] ?? '';
  const lines = [
    `KMS:         ${doc.name}${doc.backend === 'builtin' ? '' : ` (${endpoint})`}`,
    `Default key: ${doc['default-key-id']}`,
    doc.reachable
      ? `Status:      reachable${doc.latencyMs !== undefined ? `, ${doc.latencyMs.toFixed(1)} ms` : ''}${doc.version !== undefined ? `, version ${doc.version}` : ''}`
      : `Status:      UNREACHABLE: ${doc.error ?? 'no answer'}`,
    ...(doc['sse-engine'] !== undefined ? [`SSE ciphers: ${doc['sse-engine']}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

export function formatKeyStatus(doc: KmsKeyStatusDocument): string {
  const step = (name: string, error: string): string => `  ${name}: ${error === '' ? 'ok' : `FAILED: ${error}`}`;
  return `Key ${doc['key-id']}\n${step('encryption', doc['encryption-error'])}\n${step('decryption', doc['decryption-error'])}\n`;
}

export async function kmsCommand(conn: AdminConnection, args: AdminArgs, io: KmsCliIo): Promise<number> {
  switch (args.command) {
    case 'kms-status': {
      const doc = await callAdmin(conn, { method: 'GET', path: `${KMS}/status` }) as KmsStatusDocument;
      print(io, args, doc, formatKmsStatus(doc));
      return doc.reachable ? OK : NOT_OK;
    }
    case 'kms-key-create': {
      const keyId = args.keyId ?? '';
      const doc = await callAdmin(conn, { method: 'POST', path: `${KMS}/key/create`, query: { 'key-id': keyId } }) as KmsKeyCreateDocument;
      print(io, args, doc, doc.created ? `Created key ${keyId}\n` : `Key ${keyId} exists already (left as it is)\n`);
      return OK;
    }
    case 'kms-key-status': {
      const doc = await callAdmin(conn, { method: 'GET', path: `${KMS}/key/status`, query: args.keyId !== undefined ? { 'key-id': args.keyId } : {} }) as KmsKeyStatusDocument;
      print(io, args, doc, formatKeyStatus(doc));
      return doc['encryption-error'] === '' && doc['decryption-error'] === '' ? OK : NOT_OK;
    }
    case 'kms-key-rotate': case 'kms-reseal': case 'kms-reseal-status':
      return resealCommand(conn, args, io);
    case 'kms-account-set': case 'kms-account-info': {
      const doc = (args.command === 'kms-account-set'
        ? await callAdmin(conn, { method: 'PUT', path: `${KMS}/account/set-key`, query: { account: args.account ?? '', 'key-id': args.keyId ?? '' }, body: {} })
        : await callAdmin(conn, { method: 'GET', path: `${KMS}/account/get-key`, query: { account: args.account ?? '' } })) as KmsAccountKeyDocument;
      print(io, args, doc, `Account ${doc.account}: key ${doc['key-id']}${doc.default ? ' (the deployment default)' : ''}\n`);
      return OK;
    }
    default: {
      const doc = await callAdmin(conn, { method: 'GET', path: `${KMS}/key/list`, query: { pattern: args.pattern ?? '*' } }) as KmsKeyListDocument;
      print(io, args, doc, doc.length === 0 ? 'no keys\n' : `${doc.map((k) => k.name).join('\n')}\n`);
      return OK;
    }
  }
}
