/**
 * Request metrics: subscribes to the request channels (s3/pipeline/request-events.ts) that the
 * S3 pipeline and the admin listener publish on, and counts requests by API, operation and
 * status class, errors by code, in-flight requests, bytes in and out, and time-to-first-byte
 * and duration histograms per operation. Label values come from closed sets (operation names
 * of the routing tables, S3/admin error codes), so series stay bounded. The series a request
 * updates are looked up once per API and operation and their cells kept (none of these
 * families is ever reset), so a request costs a few increments, not a label key per series.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  REQUEST_END_CHANNEL, REQUEST_START_CHANNEL, type RequestEndEvent, type RequestStartEvent,
} from '../s3/pipeline/request-events.js';
import { Counter, Gauge, Histogram, type HistogramState, type MetricSource } from './metric-family.js';

/** Seconds: 1 ms .. 60 s, dense where small-object requests land. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const CLASSES = ['0xx', '1xx', '2xx', '3xx', '4xx', '5xx', '6xx', '7xx', '8xx', '9xx'];

/** '2xx' .. '5xx'; 'aborted' when the client left before the answer was sent whole. */
export function statusClass(e: Pick<RequestEndEvent, 'statusCode' | 'completed'>): string {
  if (!e.completed) return 'aborted';
  return CLASSES[Math.floor(e.statusCode / 100)] ?? `${Math.floor(e.statusCode / 100)}xx`;
}

/** The series one API and operation updates, kept so a request names no labels. */
interface OperationCells {
  readonly op: { readonly api: string; readonly operation: string };
  /** cairn_requests_total by status class. */
  readonly byClass: Map<string, { n: number }>;
  /** cairn_request_errors_total by error code. */
  readonly errors: Map<string, { n: number }>;
  readonly ttfb: HistogramState;
  readonly duration: HistogramState;
  /** Created with the first request that declared bytes (no zero series before). */
  rx: { n: number } | undefined;
  tx: { n: number } | undefined;
}

export class RequestMetrics implements MetricSource {
  readonly #requests = new Counter({ name: 'cairn_requests_total', help: 'Requests answered, by API, operation and status class (aborted: the client left first).', labels: ['api', 'operation', 'status_class'] });
  readonly #errors = new Counter({ name: 'cairn_request_errors_total', help: 'Error answers by API, operation and error code.', labels: ['api', 'operation', 'code'] });
  readonly #inFlight = new Gauge({ name: 'cairn_requests_in_flight', help: 'Requests received and not yet answered.', labels: ['api'] });
  readonly #ttfb = new Histogram({ name: 'cairn_request_ttfb_seconds', help: 'Time from a request\'s arrival to its response head, by operation.', labels: ['api', 'operation'], buckets: LATENCY_BUCKETS });
  readonly #duration = new Histogram({ name: 'cairn_request_duration_seconds', help: 'Time from a request\'s arrival to the end of its response, by operation.', labels: ['api', 'operation'], buckets: LATENCY_BUCKETS });
  readonly #rx = new Counter({ name: 'cairn_request_received_bytes_total', help: 'Request body bytes received (declared Content-Length), by operation.', labels: ['api', 'operation'] });
  readonly #tx = new Counter({ name: 'cairn_request_sent_bytes_total', help: 'Response body bytes sent (declared Content-Length), by operation.', labels: ['api', 'operation'] });

  /** Cells of the series every request of one API and operation updates (see Family.cell). */
  readonly #cells = new Map<string, Map<string, OperationCells>>();
  readonly #inFlightCells = new Map<string, { n: number }>();

  #inFlightOf(api: string): { n: number } {
    let c = this.#inFlightCells.get(api);
    if (c === undefined) { c = this.#inFlight.cell({ api }); this.#inFlightCells.set(api, c); }
    return c;
  }

  #cellsOf(api: string, operation: string): OperationCells {
    let byOp = this.#cells.get(api);
    if (byOp === undefined) { byOp = new Map(); this.#cells.set(api, byOp); }
    let c = byOp.get(operation);
    if (c === undefined) {
      const op = { api, operation };
      c = { op, byClass: new Map(), errors: new Map(), ttfb: this.#ttfb.cell(op), duration: this.#duration.cell(op), rx: undefined, tx: undefined };
      byOp.set(operation, c);
    }
    return c;
  }

  readonly #onStart = (msg: unknown): void => {
    this.#inFlightOf((msg as RequestStartEvent).api).n += 1;
  };

  readonly #onEnd = (msg: unknown): void => {
    const e = msg as RequestEndEvent;
    const c = this.#cellsOf(e.api, e.operation);
    this.#inFlightOf(e.api).n -= 1;
    const cls = statusClass(e);
    let requests = c.byClass.get(cls);
    if (requests === undefined) { requests = this.#requests.cell({ ...c.op, status_class: cls }); c.byClass.set(cls, requests); }
    requests.n += 1;
    if (e.errorCode !== undefined) {
      let errors = c.errors.get(e.errorCode);
      if (errors === undefined) { errors = this.#errors.cell({ ...c.op, code: e.errorCode }); c.errors.set(e.errorCode, errors); }
      errors.n += 1;
    }
    this.#ttfb.observeIn(c.ttfb, e.ttfbSeconds);
    this.#duration.observeIn(c.duration, e.durationSeconds);
    if (e.rxBytes > 0) (c.rx ??= this.#rx.cell(c.op)).n += e.rxBytes;
    if (e.completed && e.txBytes > 0) (c.tx ??= this.#tx.cell(c.op)).n += e.txBytes;
  };

  constructor() {
    // Both APIs show up in in-flight from the first scrape, 0 until a request arrives.
    for (const api of ['s3', 'admin']) this.#inFlight.set({ api }, 0);
    subscribe(REQUEST_START_CHANNEL, this.#onStart);
    subscribe(REQUEST_END_CHANNEL, this.#onEnd);
  }

  render(out: string[]): void {
    for (const f of [this.#requests, this.#errors, this.#inFlight, this.#ttfb, this.#duration, this.#rx, this.#tx]) f.render(out);
  }

  close(): void {
    unsubscribe(REQUEST_START_CHANNEL, this.#onStart);
    unsubscribe(REQUEST_END_CHANNEL, this.#onEnd);
  }
}
