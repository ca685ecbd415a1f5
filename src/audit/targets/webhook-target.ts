/**
 * Audit webhook: POSTs records to an HTTP(S) endpoint. One record: the JSON object
 * (`application/json`); a batch: one JSON object per line (`application/x-ndjson`), oldest
 * first. `Authorization: Bearer TOKEN` when a token is set (a token that already names its
 * scheme, `Basic ...`, is sent as is). Any 2xx stores the batch; anything else, or no
 * answer within the deadline, sends the same batch again later.
 */
import { DeliveryError, type AuditTarget, type DeliveryResult } from './audit-target.js';
import { HttpPoster, type PostAnswer } from './http-post.js';

export interface WebhookTargetOptions {
  readonly name: string;
  readonly endpoint: string;
  readonly authToken: string | undefined;
  readonly batchSize: number;
}

const DELIVERED: DeliveryResult = { rejected: 0, retried: 0 };

export function authorizationValue(token: string): string {
  return token.includes(' ') ? token : `Bearer ${token}`;
}

export class WebhookTarget implements AuditTarget {
  readonly name: string;
  readonly batchSize: number;
  readonly #poster: HttpPoster;

  constructor(opts: WebhookTargetOptions) {
    this.name = opts.name;
    this.batchSize = opts.batchSize;
    this.#poster = new HttpPoster(opts.endpoint, opts.authToken === undefined ? {} : { Authorization: authorizationValue(opts.authToken) });
  }

  async send(records: readonly string[], signal: AbortSignal): Promise<DeliveryResult> {
    const single = records.length === 1;
    let res: PostAnswer;
    try {
      res = single
        ? await this.#poster.post('application/json', records[0]!, signal)
        : await this.#poster.post('application/x-ndjson', `${records.join('\n')}\n`, signal);
    } catch (err) {
      throw new DeliveryError(`webhook ${this.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (res.status < 200 || res.status > 299) throw new DeliveryError(`webhook ${this.name}: HTTP ${res.status}`, res.status);
    return DELIVERED;
  }

  close(): void {
    this.#poster.close();
  }
}
