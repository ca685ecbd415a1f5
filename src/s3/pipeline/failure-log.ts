/**
 * The pipeline's log lines about requests (one JSON line each, through the injected Logger):
 *  - a failed request with a 5xx status: always, at error, with the cause;
 *  - an authentication or authorization failure (401/403): at warn, with the access key the
 *    request claimed (never the secret or the signature), rate-limited to `burst` lines per
 *    window; the first line after a window that dropped some says how many were dropped;
 *  - every request at debug (method, path, operation, status, duration, access key).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { LogFields, Logger } from './logger.js';

const CREDENTIAL = /Credential=([^/,\s]+)\//;
const CREDENTIAL_QUERY = /(?:^|&)X-Amz-Credential=([^%&/]+)(?:%2F|\/)/i;
const SIGV2_HEADER = /^AWS ([^:\s]+):/;
const SIGV2_QUERY = /(?:^|&)AWSAccessKeyId=([^&]+)/;

/** The access key a request claims (SigV4 or SigV2, header or query); never anything secret. */
export function claimedAccessKey(headers: IncomingHttpHeaders, rawQuery: string): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string') return CREDENTIAL.exec(auth)?.[1] ?? SIGV2_HEADER.exec(auth)?.[1];
  const q = CREDENTIAL_QUERY.exec(rawQuery)?.[1] ?? SIGV2_QUERY.exec(rawQuery)?.[1];
  if (q === undefined) return undefined;
  try { return decodeURIComponent(q); } catch { return q; }
}

export interface FailureLogOptions {
  readonly logger: Logger;
  /** Auth failure lines per window at most (default 10). */
  readonly burst?: number;
  readonly windowMs?: number;
  readonly now?: () => number;
}

export class RequestLog {
  readonly #logger: Logger;
  readonly #burst: number;
  readonly #windowMs: number;
  readonly #now: () => number;
  #windowStart = -Infinity;
  #inWindow = 0;
  #dropped = 0;

  constructor(opts: FailureLogOptions) {
    this.#logger = opts.logger;
    this.#burst = opts.burst ?? 10;
    this.#windowMs = opts.windowMs ?? 10_000;
    this.#now = opts.now ?? Date.now;
  }

  /**
   * A request that ended with `status` (logs a failure line when it failed, and the debug
   * line). `fieldsOf` is called only when a line is written.
   */
  finished(status: number, fieldsOf: () => LogFields, error?: unknown): void {
    const quiet = status < 500 && status !== 401 && status !== 403 && this.#logger.debugEnabled === false;
    if (quiet) return;
    const fields = fieldsOf();
    if (status >= 500) this.#logger.error('request failed', { ...fields, status, error });
    else if (status === 401 || status === 403) this.#authFailure({ ...fields, status });
    this.#logger.debug('request', { ...fields, status });
  }

  #authFailure(fields: LogFields): void {
    const t = this.#now();
    if (t - this.#windowStart >= this.#windowMs) {
      this.#windowStart = t;
      this.#inWindow = 0;
    }
    if (this.#inWindow >= this.#burst) {
      this.#dropped++;
      return;
    }
    this.#inWindow++;
    const dropped = this.#dropped;
    this.#dropped = 0;
    this.#logger.warn('request refused', dropped > 0 ? { ...fields, droppedSinceLastLine: dropped } : fields);
  }
}
