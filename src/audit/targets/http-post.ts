/**
 * One POST over node:http(s) with a keep-alive agent per target (a target sends one request
 * at a time, so one socket serves it). Lighter than fetch per record (no web streams), which
 * matters when every request of the server produces a POST (webhook batch size 1).
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { text } from 'node:stream/consumers';
import { DELIVERY_TIMEOUT_MS } from './audit-target.js';

export interface PostAnswer {
  readonly status: number;
  readonly body: string;
}

export class HttpPoster {
  readonly #url: URL;
  readonly #agent: HttpAgent | HttpsAgent;
  readonly #request: typeof httpRequest;

  constructor(url: string) {
    this.#url = new URL(url);
    const https = this.#url.protocol === 'https:';
    this.#agent = https ? new HttpsAgent({ keepAlive: true, maxSockets: 1 }) : new HttpAgent({ keepAlive: true, maxSockets: 1 });
    this.#request = https ? httpsRequest : httpRequest;
  }

  post(opts: { headers: Readonly<Record<string, string>>; body: string; signal: AbortSignal }): Promise<PostAnswer> {
    const body = Buffer.from(opts.body);
    return new Promise((resolve, reject) => {
      const req = this.#request(this.#url, {
        method: 'POST', agent: this.#agent, signal: opts.signal, timeout: DELIVERY_TIMEOUT_MS,
        headers: { ...opts.headers, 'content-length': body.length },
      }, (res: IncomingMessage) => {
        text(res).then((answer) => resolve({ status: res.statusCode ?? 0, body: answer }), reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
