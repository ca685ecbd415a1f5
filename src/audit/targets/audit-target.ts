/** What a sink of audit records implements (webhook, Elasticsearch). */

export interface DeliveryResult {
  /** Records the sink refused for good (e.g. a mapping error); the target logged them. */
  readonly rejected: number;
  /** Records that failed once and were sent again within this delivery. */
  readonly retried: number;
}

export interface AuditTarget {
  /** Names the target's queue directory and its metric label. */
  readonly name: string;
  /** Records per delivery at most. */
  readonly batchSize: number;
  /**
   * Delivers records (JSON texts, oldest first). Resolves once every record is stored or
   * refused for good; rejects when the whole batch must be sent again (the sink is down,
   * answered 429/5xx, timed out, ...). Stops early when `signal` aborts.
   */
  send(records: readonly string[], signal: AbortSignal): Promise<DeliveryResult>;
  /** Releases its connections (after the last send). */
  close(): void;
}

/** A delivery that failed as a whole; the batch is sent again after a pause. */
export class DeliveryError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Per-request deadline of a delivery. */
export const DELIVERY_TIMEOUT_MS = 15_000;
