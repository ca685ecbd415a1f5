/** What the server thread and the audit thread (audit-thread.ts, audit-thread-main.ts) tell each other. */
import type { AuditTargetConfig } from '../config/index.js';
import type { ChainHead } from './audit-chain.js';
import type { LaneSettings } from './audit-lanes.js';
import type { AuditTargetStats } from './audit-types.js';

/** `workerData` of the audit thread. */
export interface AuditThreadInit {
  readonly settings: LaneSettings;
  readonly targets: readonly AuditTargetConfig[];
}

/** Server -> audit thread. `records` alternates JSON text and request id. */
export type ToAuditThread =
  | { readonly type: 'records'; readonly records: readonly string[] }
  | { readonly type: 'settle' | 'close'; readonly id: number };

/** Where the audit thread's lanes stand: `received` counts the records it took so far. */
export interface LaneSnapshot {
  readonly received: number;
  readonly stats: readonly AuditTargetStats[];
}

/** Audit thread -> server. */
export type FromAuditThread =
  | { readonly type: 'ready'; readonly newest: ChainHead | undefined; readonly snapshot: LaneSnapshot }
  | { readonly type: 'failed'; readonly error: string }
  | { readonly type: 'snapshot'; readonly snapshot: LaneSnapshot }
  | { readonly type: 'done'; readonly id: number; readonly snapshot: LaneSnapshot }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly msg: string; readonly fields: Record<string, unknown> | undefined };
