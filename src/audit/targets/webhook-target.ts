/**
 * Audit webhook: POSTs records to an HTTP(S) endpoint. One record: the JSON object
 * (`application/json`); a batch: one JSON object per line (`application/x-ndjson`), oldest
 * first. `Authorization: Bearer TOKEN` when a token is set (a token that already names its
 * scheme, `Basic ...`, is sent as is). Any 2xx stores the batch; anything else, or no
 * answer within the deadline, sends the same batch again later.
 * At batch size 1 (one POST per record, the default) up to PIPELINE_DEPTH records waiting
 * are POSTed together, pipelined on the kept connection (http-post.ts postAll): one socket
 * write and a few reads for all of them instead of a round trip each. The records answered
 * 2xx before the first other answer (or the connection's failure) are stored; the rest are
 * sent again, in order. A receiver that refuses one record and stores the next therefore
 * gets that next one again after the refused one (at-least-once, as after any lost answer).
 */
import { DeliveryError, type AuditTarget, type DeliveryResult } from './audit-target.js';
import { HttpPoster, PipelineError, type PostAnswer } from './http-post.js';

export interface WebhookTargetOptions {
  readonly name: string;
  readonly endpoint: string;
  readonly authToken: string | undefined;
  readonly batchSize: number;
}

const DELIVERED: DeliveryResult = { rejected: 0, retried: 0 };
/** Records POSTed together on one connection at batch size 1. */
export const PIPELINE_DEPTH = 16;

const stored = (status: number): boolean => status >= 200 && status <= 299;

export function authorizationValue(token: string): string {
  return token.includes(' ') ? token : `Bearer ${token}`;
}

export class WebhookTarget implements AuditTarget {
  readonly name: string;
  readonly batchSize: number;
  readonly perDelivery: number;
  readonly #poster: HttpPoster;

  constructor(opts: WebhookTargetOptions) {
    this.name = opts.name;
    this.batchSize = opts.batchSize;
    this.perDelivery = opts.batchSize === 1 ? PIPELINE_DEPTH : opts.batchSize;
    this.#poster = new HttpPoster(opts.endpoint, opts.authToken === undefined ? {} : { Authorization: authorizationValue(opts.authToken) });
  }

  async send(records: readonly string[], signal: AbortSignal): Promise<DeliveryResult> {
    if (this.batchSize > 1) return this.#sendBatch(records, signal);
    let answers: readonly PostAnswer[];
    let failure: string | undefined;
    try {
      answers = await this.#poster.postAll('application/json', records, signal);
    } catch (err) {
      answers = err instanceof PipelineError ? err.answers : [];
      failure = err instanceof Error ? err.message : String(err);
    }
    const refused = answers.findIndex((a) => !stored(a.status));
    if (refused >= 0) throw new DeliveryError(`webhook ${this.name}: HTTP ${answers[refused]!.status}`, answers[refused]!.status, refused);
    if (failure !== undefined) throw new DeliveryError(`webhook ${this.name}: ${failure}`, undefined, answers.length);
    return DELIVERED;
  }

  async #sendBatch(records: readonly string[], signal: AbortSignal): Promise<DeliveryResult> {
    let res: PostAnswer;
    try {
      res = records.length === 1
        ? await this.#poster.post('application/json', records[0]!, signal)
        : await this.#poster.post('application/x-ndjson', `${records.join('\n')}\n`, signal);
    } catch (err) {
      throw new DeliveryError(`webhook ${this.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!stored(res.status)) throw new DeliveryError(`webhook ${this.name}: HTTP ${res.status}`, res.status);
    return DELIVERED;
  }

  close(): void {
    this.#poster.close();
  }
}
