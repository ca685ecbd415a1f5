/**
 * One audit record per request, with the field names operators know from MinIO's audit log
 * (`version`, `deploymentid`, `time`, `event`, `trigger`, `api{...}`, `remotehost`,
 * `requestID`, `userAgent`, `requestPath`, `requestHost`, `accessKey`) plus Cairn's
 * `account`, `errorCode`, `cairnApi` (s3 or admin) and the tamper-evidence `chain`
 * (audit-chain.ts). Built only from the request trace's event, which never carries the
 * Authorization header, signatures, security tokens, SSE-C keys or the query string.
 * Durations are strings in nanoseconds (`"1234567ns"`, a Go duration as MinIO prints them),
 * so the record hashes the same after a round trip through any JSON store.
 */
import * as nodeCrypto from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { ChainHead } from './audit-chain.js';
import type { RecordFields } from './record-fields.js';

export const AUDIT_RECORD_VERSION = '1';

export interface AuditApi {
  readonly name: string;
  readonly bucket: string;
  readonly object: string;
  readonly status: string;
  readonly statusCode: number;
  readonly rx: number;
  readonly tx: number;
  readonly timeToFirstByte: string;
  readonly timeToResponse: string;
}

export interface AuditChainLink {
  /** The process that wrote the record (hostname and worker slot). */
  readonly node: string;
  /** 1, 2, 3, ... per node, across restarts. */
  readonly seq: number;
  /** hash of the node's previous record ('' before the first). */
  readonly prev: string;
  /** sha256 hex over the canonical record (without `chain.hash`) and `prev`. */
  readonly hash: string;
}

export interface AuditRecordBody {
  readonly version: string;
  readonly deploymentid: string;
  readonly time: string;
  readonly event: 'audit';
  readonly trigger: 'incoming';
  readonly cairnApi: string;
  readonly api: AuditApi;
  readonly remotehost: string;
  readonly requestID: string;
  readonly userAgent: string;
  readonly requestPath: string;
  readonly requestHost: string;
  readonly accessKey: string;
  /** The account the access key belongs to (root for now; '' anonymous or unknown). */
  readonly account: string;
  /** The error code answered ('' on success). */
  readonly errorCode: string;
  /** False when the client went away before the answer was sent whole. */
  readonly completed: boolean;
}

export interface AuditRecord extends AuditRecordBody {
  readonly chain: AuditChainLink;
}

const ns = (n: number): string => `${n}ns`;

/**
 * sha256 hex of a string: the one-shot `crypto.hash` where the runtime has it (Node 20.12+,
 * 3-4x cheaper than a Hash object for a record's few hundred bytes), else createHash.
 */
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: string) => string }).hash;
const sha256Hex: (text: string) => string = typeof oneShot === 'function'
  ? (text) => oneShot('sha256', text)
  : (text) => nodeCrypto.createHash('sha256').update(text).digest('hex');

export function auditRecordBody(f: RecordFields, deploymentId: string): AuditRecordBody {
  return {
    version: AUDIT_RECORD_VERSION,
    deploymentid: deploymentId,
    time: new Date(f.startedAtMs).toISOString(),
    event: 'audit',
    trigger: 'incoming',
    cairnApi: f.api,
    api: {
      name: f.operation,
      bucket: f.bucket,
      object: f.object,
      status: STATUS_CODES[f.statusCode] ?? String(f.statusCode),
      statusCode: f.statusCode,
      rx: f.rxBytes,
      tx: f.completed ? f.txBytes : 0,
      timeToFirstByte: ns(f.ttfbNs),
      timeToResponse: ns(f.durationNs),
    },
    remotehost: f.remoteAddress,
    requestID: f.requestId,
    userAgent: f.userAgent,
    requestPath: f.requestPath,
    requestHost: f.requestHost,
    accessKey: f.accessKey,
    account: f.account,
    errorCode: f.errorCode,
    completed: f.completed,
  };
}

/** Characters JSON.stringify escapes in a string (quote, backslash, controls, surrogates). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** `JSON.stringify(s)` for a string, without the call for the common string that needs no escape. */
const q = (s: string): string => (NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`);

/**
 * The sealed record of `f` as JSON text, built in one pass: what
 * `JSON.stringify(sealRecord(auditRecordBody(f, deploymentId), node, head).record)` gives, with the
 * same hash (audit-chain.ts), but without canonicalizing the record (sorting its keys at every
 * level) and serializing it a second time. The text is written with its keys already in
 * canonical (code-unit) order, each string escaped as JSON.stringify escapes it, and the chain
 * link in its sorted place (between `cairnApi` and `completed`). audit-record.test.ts checks
 * the equivalence.
 */
export function sealedRecordText(f: RecordFields, deploymentId: string, node: string, head: ChainHead): { json: string; head: ChainHead } {
  const status = STATUS_CODES[f.statusCode] ?? String(f.statusCode);
  const open = `{"accessKey":${q(f.accessKey)},"account":${q(f.account)},"api":{"bucket":${q(f.bucket)},"name":${q(f.operation)},`
    + `"object":${q(f.object)},"rx":${f.rxBytes},"status":${q(status)},"statusCode":${f.statusCode},`
    + `"timeToFirstByte":"${ns(f.ttfbNs)}","timeToResponse":"${ns(f.durationNs)}","tx":${f.completed ? f.txBytes : 0}},"cairnApi":${q(f.api)}`;
  const close = `"completed":${f.completed},"deploymentid":${q(deploymentId)},"errorCode":${q(f.errorCode)},"event":"audit",`
    + `"remotehost":${q(f.remoteAddress)},"requestHost":${q(f.requestHost)},"requestID":${q(f.requestId)},"requestPath":${q(f.requestPath)},`
    + `"time":"${new Date(f.startedAtMs).toISOString()}","trigger":"incoming","userAgent":${q(f.userAgent)},"version":"${AUDIT_RECORD_VERSION}"}`;
  const seq = head.seq + 1;
  const link = `"node":${q(node)},"prev":${q(head.hash)},"seq":${seq}}`;
  const hash = sha256Hex(`${head.hash}\n${open},"chain":{${link},${close}`);
  return { json: `${open},"chain":{"hash":"${hash}",${link},${close}`, head: { seq, hash } };
}
