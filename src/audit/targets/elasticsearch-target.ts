/**
 * Audit records into Elasticsearch through the `_bulk` API (written here over node:http(s);
 * no client library). One request per batch, NDJSON:
 *
 *   {"index":{"_index":"<index>","_id":"<requestID>"}}\n<record>\n ...
 *
 * `_id` is the record's request id, so a record sent twice (a redelivery after a crash) is
 * stored once. The answer lists one item per action in order; with `errors: true` some
 * failed: items answered 429 or 5xx are sent again, alone, after a pause (doubling up to
 * 30 s), until they are stored; any other 4xx (a mapping error: the document will never be
 * accepted) is logged and counted as rejected. A whole request answered 429/5xx, or no
 * answer, fails the delivery (the batch is sent again by the sender).
 * Auth: `_USERNAME`/`_PASSWORD` (Basic) or `_API_KEY` (`Authorization: ApiKey ...`).
 */
import { setTimeout as delay } from 'node:timers/promises';
import { DeliveryError, type AuditTarget, type DeliveryResult } from './audit-target.js';
import { HttpPoster, type PostAnswer } from './http-post.js';

export interface ElasticsearchTargetOptions {
  readonly name: string;
  readonly url: string;
  readonly index: string;
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly apiKey: string | undefined;
  readonly batchSize: number;
  /** First pause before failed items are sent again (default 100 ms). */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  readonly warn: (message: string, fields: Record<string, unknown>) => void;
}

interface BulkItemResult {
  readonly status?: unknown;
  readonly error?: unknown;
}

interface BulkAnswer {
  readonly errors?: unknown;
  readonly items?: unknown;
}

function itemOf(entry: unknown): BulkItemResult {
  if (typeof entry !== 'object' || entry === null) return {};
  const first = Object.values(entry as Record<string, unknown>)[0];
  return typeof first === 'object' && first !== null ? first as BulkItemResult : {};
}

function errorText(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as { type?: unknown; reason?: unknown };
    return `${String(e.type ?? 'error')}: ${String(e.reason ?? '')}`;
  }
  return String(error);
}

export function bulkBody(index: string, records: readonly string[]): string {
  let out = '';
  for (const json of records) {
    const id = (JSON.parse(json) as { requestID?: unknown }).requestID;
    const action = { index: { _index: index, ...(typeof id === 'string' && id !== '' ? { _id: id } : {}) } };
    out += `${JSON.stringify(action)}\n${json}\n`;
  }
  return out;
}

export class ElasticsearchTarget implements AuditTarget {
  readonly name: string;
  readonly batchSize: number;
  readonly #opts: ElasticsearchTargetOptions;
  readonly #poster: HttpPoster;

  constructor(opts: ElasticsearchTargetOptions) {
    this.name = opts.name;
    this.batchSize = opts.batchSize;
    this.#opts = opts;
    const auth = opts.apiKey !== undefined ? `ApiKey ${opts.apiKey}`
      : opts.username !== undefined ? `Basic ${Buffer.from(`${opts.username}:${opts.password ?? ''}`).toString('base64')}` : undefined;
    this.#poster = new HttpPoster(new URL('_bulk', opts.url.endsWith('/') ? opts.url : `${opts.url}/`).toString(), {
      Accept: 'application/json', ...(auth !== undefined ? { Authorization: auth } : {}),
    });
  }

  async send(records: readonly string[], signal: AbortSignal): Promise<DeliveryResult> {
    let pending = records;
    let rejected = 0;
    let retried = 0;
    let pause = this.#opts.retryMinMs ?? 100;
    for (;;) {
      const answer = await this.#bulk(pending, signal);
      const again: string[] = [];
      if (answer.errors === true) {
        const items = Array.isArray(answer.items) ? answer.items : [];
        if (items.length !== pending.length) throw new DeliveryError(`elasticsearch ${this.name}: ${items.length} items answered for ${pending.length} actions`);
        items.forEach((entry, i) => {
          const item = itemOf(entry);
          const status = typeof item.status === 'number' ? item.status : 0;
          if (status >= 200 && status <= 299) return;
          if (status === 429 || status >= 500 || status === 0) { again.push(pending[i]!); return; }
          rejected++;
          this.#opts.warn('audit record rejected by elasticsearch', { target: this.name, status, error: errorText(item.error) });
        });
      }
      if (again.length === 0) return { rejected, retried };
      retried += again.length;
      pending = again;
      await delay(pause, undefined, { signal });
      pause = Math.min(pause * 2, this.#opts.retryMaxMs ?? 30_000);
    }
  }

  close(): void {
    this.#poster.close();
  }

  async #bulk(records: readonly string[], signal: AbortSignal): Promise<BulkAnswer> {
    let res: PostAnswer;
    try {
      res = await this.#poster.post('application/x-ndjson', bulkBody(this.#opts.index, records), signal);
    } catch (err) {
      throw new DeliveryError(`elasticsearch ${this.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (res.status < 200 || res.status > 299) throw new DeliveryError(`elasticsearch ${this.name}: HTTP ${res.status} ${res.body.slice(0, 200)}`, res.status);
    try {
      return JSON.parse(res.body) as BulkAnswer;
    } catch {
      throw new DeliveryError(`elasticsearch ${this.name}: the _bulk answer is not JSON`);
    }
  }
}
