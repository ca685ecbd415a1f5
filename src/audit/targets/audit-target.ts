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
  /** Records per request to the sink at most (NDJSON lines, bulk documents). */
  readonly batchSize: number;
  /**
   * Records per send() at most (default batchSize): more than batchSize when the target
   * pipelines several requests on its connection (webhook, batch size 1).
   */
  readonly perDelivery?: number;
  /**
   * Delivers records (JSON texts, oldest first). Resolves once every record is stored or
   * refused for good; rejects with a DeliveryError when records must be sent again (the sink
   * is down, answered 429/5xx, timed out, ...): all of them, or those after the first
   * `delivered` ones, which the sink stored. Stops early when `signal` aborts.
   */
  send(records: readonly string[], signal: AbortSignal): Promise<DeliveryResult>;
  /** Releases its connections (after the last send). */
  close(): void;
}

/**
 * A delivery that failed; the records after the first `delivered` (stored by the sink: 0
 * unless the target sends several requests per delivery) are sent again after a pause.
 */
export class DeliveryError extends Error {
  constructor(message: string, readonly status?: number, readonly delivered = 0) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Per-request deadline of a delivery. */
export const DELIVERY_TIMEOUT_MS = 15_000;
