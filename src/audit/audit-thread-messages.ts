/** What the server thread and the audit thread (audit-thread.ts, audit-thread-main.ts) tell each other. */
import type { AuditTargetConfig } from '../config/index.js';
import type { LaneSettings } from './audit-lanes.js';
import type { AuditTargetStats } from './audit-types.js';
import type { RingMemory } from './record-ring.js';

/** `workerData` of the audit thread. Records come through `ring` (record-ring.ts) as encoded fields (record-fields.ts). */
export interface AuditThreadInit {
  readonly settings: LaneSettings;
  /** What every record of this deployment carries (`deploymentid`); the thread seals them. */
  readonly deploymentId: string;
  readonly targets: readonly AuditTargetConfig[];
  readonly ring: RingMemory;
}

/** Server -> audit thread (records go through the ring; these are answered with `done`). */
export type ToAuditThread = { readonly type: 'settle' | 'close'; readonly id: number };

/** Where the audit thread's lanes stand. */
export interface LaneSnapshot {
  readonly stats: readonly AuditTargetStats[];
}

/** Audit thread -> server. */
export type FromAuditThread =
  | { readonly type: 'ready'; readonly snapshot: LaneSnapshot }
  | { readonly type: 'failed'; readonly error: string }
  | { readonly type: 'snapshot'; readonly snapshot: LaneSnapshot }
  | { readonly type: 'done'; readonly id: number; readonly snapshot: LaneSnapshot }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly msg: string; readonly fields: Record<string, unknown> | undefined };
