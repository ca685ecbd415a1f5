/**
 * An HTTP receiver for audit webhooks in tests: collects every record POSTed (a JSON object,
 * or NDJSON for a batch), in arrival order, duplicates kept. stop() closes it (a target that
 * went down); start() again on the same port brings it back. Listens on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';

export class WebhookReceiver {
  /** Every record received, parsed, in arrival order (a redelivered record appears twice). */
  readonly records: Record<string, unknown>[] = [];
  readonly authorizations: (string | undefined)[] = [];
  #server: Server | undefined;
  #port = 0;

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      void text(req).then((body) => {
        this.authorizations.push(req.headers.authorization);
        for (const line of body.split('\n')) if (line.trim() !== '') this.records.push(JSON.parse(line) as Record<string, unknown>);
        res.writeHead(200, { 'content-length': 0 });
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(this.#port, '127.0.0.1', resolve));
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}/audit`;
  }

  async stop(): Promise<void> {
    const s = this.#server;
    this.#server = undefined;
    if (s === undefined) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
}
