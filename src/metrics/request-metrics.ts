/**
 * Request metrics: subscribes to the request channels (s3/pipeline/request-events.ts) that the
 * S3 pipeline and the admin listener publish on, and counts requests by API, operation and
 * status class, errors by code, in-flight requests, bytes in and out, and time-to-first-byte
 * and duration histograms per operation. Label values come from closed sets (operation names
 * of the routing tables, S3/admin error codes), so series stay bounded.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  REQUEST_END_CHANNEL, REQUEST_START_CHANNEL, type RequestEndEvent, type RequestStartEvent,
} from '../s3/pipeline/request-events.js';
import { Counter, Gauge, Histogram, type MetricSource } from './metric-family.js';

/** Seconds: 1 ms .. 60 s, dense where small-object requests land. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** '2xx' .. '5xx'; 'aborted' when the client left before the answer was sent whole. */
export function statusClass(e: Pick<RequestEndEvent, 'statusCode' | 'completed'>): string {
  if (!e.completed) return 'aborted';
  return `${Math.floor(e.statusCode / 100)}xx`;
}

export class RequestMetrics implements MetricSource {
  readonly #requests = new Counter({ name: 'cairn_requests_total', help: 'Requests answered, by API, operation and status class (aborted: the client left first).', labels: ['api', 'operation', 'status_class'] });
  readonly #errors = new Counter({ name: 'cairn_request_errors_total', help: 'Error answers by API, operation and error code.', labels: ['api', 'operation', 'code'] });
  readonly #inFlight = new Gauge({ name: 'cairn_requests_in_flight', help: 'Requests received and not yet answered.', labels: ['api'] });
  readonly #ttfb = new Histogram({ name: 'cairn_request_ttfb_seconds', help: 'Time from a request\'s arrival to its response head, by operation.', labels: ['api', 'operation'], buckets: LATENCY_BUCKETS });
  readonly #duration = new Histogram({ name: 'cairn_request_duration_seconds', help: 'Time from a request\'s arrival to the end of its response, by operation.', labels: ['api', 'operation'], buckets: LATENCY_BUCKETS });
  readonly #rx = new Counter({ name: 'cairn_request_received_bytes_total', help: 'Request body bytes received (declared Content-Length), by operation.', labels: ['api', 'operation'] });
  readonly #tx = new Counter({ name: 'cairn_request_sent_bytes_total', help: 'Response body bytes sent (declared Content-Length), by operation.', labels: ['api', 'operation'] });

  readonly #onStart = (msg: unknown): void => {
    this.#inFlight.add({ api: (msg as RequestStartEvent).api }, 1);
  };

  readonly #onEnd = (msg: unknown): void => {
    const e = msg as RequestEndEvent;
    const op = { api: e.api, operation: e.operation };
    this.#inFlight.add({ api: e.api }, -1);
    this.#requests.inc({ ...op, status_class: statusClass(e) });
    if (e.errorCode !== undefined) this.#errors.inc({ ...op, code: e.errorCode });
    this.#ttfb.observe(op, e.ttfbSeconds);
    this.#duration.observe(op, e.durationSeconds);
    if (e.rxBytes > 0) this.#rx.inc(op, e.rxBytes);
    if (e.completed && e.txBytes > 0) this.#tx.inc(op, e.txBytes);
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
