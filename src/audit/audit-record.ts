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
import type { RequestEndEvent } from '../s3/pipeline/request-events.js';
import type { ChainHead } from './audit-chain.js';

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

export interface RecordContext {
  readonly deploymentId: string;
  /** The account name of an access key ('' when none is known). */
  readonly accountOf: (accessKey: string) => string;
}

const ns = (seconds: number): string => `${Math.round(seconds * 1e9)}ns`;

/**
 * sha256 hex of a string: the one-shot `crypto.hash` where the runtime has it (Node 20.12+,
 * 3-4x cheaper than a Hash object for a record's few hundred bytes), else createHash.
 */
const oneShot = (nodeCrypto as { hash?: (algorithm: string, data: string) => string }).hash;
const sha256Hex: (text: string) => string = typeof oneShot === 'function'
  ? (text) => oneShot('sha256', text)
  : (text) => nodeCrypto.createHash('sha256').update(text).digest('hex');

export function auditRecordBody(e: RequestEndEvent, ctx: RecordContext): AuditRecordBody {
  return {
    version: AUDIT_RECORD_VERSION,
    deploymentid: ctx.deploymentId,
    time: new Date(e.startedAtMs).toISOString(),
    event: 'audit',
    trigger: 'incoming',
    cairnApi: e.api,
    api: {
      name: e.operation,
      bucket: e.bucket,
      object: e.object,
      status: STATUS_CODES[e.statusCode] ?? String(e.statusCode),
      statusCode: e.statusCode,
      rx: e.rxBytes,
      tx: e.completed ? e.txBytes : 0,
      timeToFirstByte: ns(e.ttfbSeconds),
      timeToResponse: ns(e.durationSeconds),
    },
    remotehost: e.remoteAddress,
    requestID: e.requestId,
    userAgent: e.userAgent,
    requestPath: e.requestPath,
    requestHost: e.requestHost,
    accessKey: e.accessKey,
    account: e.accessKey === '' ? '' : ctx.accountOf(e.accessKey),
    errorCode: e.errorCode ?? '',
    completed: e.completed,
  };
}

/**
 * The sealed record of `e` as JSON text, built in one pass: what
 * `JSON.stringify(sealRecord(auditRecordBody(e, ctx), node, head).record)` gives, with the
 * same hash (audit-chain.ts), but without canonicalizing the record (sorting its keys at every
 * level) and serializing it a second time. The objects are built with their keys already in
 * canonical (code-unit) order, so their JSON.stringify is the canonical text; the chain link
 * is spliced in at its sorted place (between `cairnApi` and `completed`). audit-record.test.ts
 * checks the equivalence.
 */
export function sealedRecordText(e: RequestEndEvent, ctx: RecordContext, node: string, head: ChainHead): { json: string; head: ChainHead } {
  const before = {
    accessKey: e.accessKey,
    account: e.accessKey === '' ? '' : ctx.accountOf(e.accessKey),
    api: {
      bucket: e.bucket,
      name: e.operation,
      object: e.object,
      rx: e.rxBytes,
      status: STATUS_CODES[e.statusCode] ?? String(e.statusCode),
      statusCode: e.statusCode,
      timeToFirstByte: ns(e.ttfbSeconds),
      timeToResponse: ns(e.durationSeconds),
      tx: e.completed ? e.txBytes : 0,
    },
    cairnApi: e.api,
  };
  const after = {
    completed: e.completed,
    deploymentid: ctx.deploymentId,
    errorCode: e.errorCode ?? '',
    event: 'audit',
    remotehost: e.remoteAddress,
    requestHost: e.requestHost,
    requestID: e.requestId,
    requestPath: e.requestPath,
    time: new Date(e.startedAtMs).toISOString(),
    trigger: 'incoming',
    userAgent: e.userAgent,
    version: AUDIT_RECORD_VERSION,
  };
  const seq = head.seq + 1;
  const open = JSON.stringify(before).slice(0, -1);
  const close = JSON.stringify(after).slice(1);
  const link = `"node":${JSON.stringify(node)},"prev":${JSON.stringify(head.hash)},"seq":${seq}}`;
  const hash = sha256Hex(`${head.hash}\n${open},"chain":{${link},${close}`);
  return { json: `${open},"chain":{"hash":"${hash}",${link},${close}`, head: { seq, hash } };
}
