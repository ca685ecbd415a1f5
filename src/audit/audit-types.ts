/** Types shared by the audit log's parts. */

/** The logger the audit log writes to (the server's JSON logger fits). */
export interface AuditLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/** Why records were dropped: no room in the queue in time, or refused for good by the sink. */
export interface DropCounters {
  queue_full: number;
  rejected: number;
}

/** Running totals of one target (read by metrics through AuditLog.stats()). */
export interface TargetCounters {
  sent: number;
  /** Records in deliveries that failed (each attempt counts). */
  failed: number;
  dropped: DropCounters;
}

export interface AuditTargetStats {
  readonly target: string;
  /** Records not yet delivered: in the disk queue plus those waiting for room. */
  readonly queueLength: number;
  readonly sent: number;
  readonly failed: number;
  readonly dropped: Readonly<DropCounters>;
}
