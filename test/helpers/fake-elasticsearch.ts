/**
 * A small in-repo stand-in for Elasticsearch's `_bulk` API (Elasticsearch itself is in neither
 * Debian nor npm): `POST /_bulk` and `POST /<index>/_bulk` with an NDJSON body of action lines
 * (`index` or `create`, with `_index` and optional `_id`) each followed by a document line,
 * the body ending with a newline, `Content-Type: application/x-ndjson`. The answer follows the
 * documented shape: `{ took, errors, items: [{ <action>: { _index, _id, _version, result,
 * status, error? } }] }` with one item per action, in order; `errors` is true when any item
 * failed. `index` with an existing `_id` replaces the document (`result: "updated"`, version
 * + 1); `create` of an existing `_id` is a 409 `version_conflict_engine_exception`.
 * A request the API refuses as a whole (no trailing newline, wrong content type, bad JSON,
 * wrong credentials) gets a 400/401 error document.
 *
 * Tests inject failures: `failItem(action, doc)` returns an item status (429, 503, 400...) or
 * undefined, and `failRequest()` a status for the whole request. Listens on 127.0.0.1:0.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';

export interface StoredDoc {
  readonly index: string;
  readonly id: string;
  readonly version: number;
  readonly source: Record<string, unknown>;
}

export interface FakeElasticsearchOptions {
  /** Exact Authorization header wanted (undefined: none checked). */
  readonly authorization?: string;
}

interface Action {
  readonly op: 'index' | 'create';
  readonly index: string;
  readonly id: string | undefined;
}

const ERROR_TYPES: Readonly<Record<number, { type: string; reason: string }>> = {
  400: { type: 'mapper_parsing_exception', reason: 'failed to parse field [api.statusCode] of type [long]' },
  429: { type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation' },
  503: { type: 'unavailable_shards_exception', reason: 'primary shard is not active' },
};

export class FakeElasticsearch {
  readonly docs = new Map<string, StoredDoc>();
  /** Every bulk request's action count, in arrival order. */
  readonly bulkSizes: number[] = [];
  /** Every action received (including failed ones): index/_id pairs, in order. */
  readonly actions: { index: string; id: string | undefined }[] = [];
  failItem: (action: { op: string; index: string; id: string | undefined }, doc: Record<string, unknown>) => number | undefined = () => undefined;
  failRequest: () => number | undefined = () => undefined;
  readonly #server: Server;
  readonly #opts: FakeElasticsearchOptions;
  #autoId = 0;

  private constructor(opts: FakeElasticsearchOptions) {
    this.#opts = opts;
    this.#server = createServer((req, res) => {
      void this.#handle(req).then(({ status, body }) => {
        const json = JSON.stringify(body);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
        res.end(json);
      });
    });
  }

  static async start(opts: FakeElasticsearchOptions = {}): Promise<FakeElasticsearch> {
    const es = new FakeElasticsearch(opts);
    await new Promise<void>((resolve) => es.#server.listen(0, '127.0.0.1', resolve));
    return es;
  }

  get url(): string {
    const a = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${a.port}`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #error(status: number, type: string, reason: string): { status: number; body: unknown } {
    return { status, body: { error: { root_cause: [{ type, reason }], type, reason }, status } };
  }

  async #handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const body = await text(req);
    const m = /^\/(?:([^/_][^/]*)\/)?_bulk(?:\?.*)?$/.exec(req.url ?? '');
    if (req.method !== 'POST' || m === null) return this.#error(404, 'not_found', `no handler for ${req.method} ${req.url}`);
    if (this.#opts.authorization !== undefined && req.headers.authorization !== this.#opts.authorization) {
      return this.#error(401, 'security_exception', 'missing authentication credentials for REST request');
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-ndjson') && !(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return this.#error(406, 'content_type_exception', `Content-Type header [${req.headers['content-type']}] is not supported`);
    }
    if (!body.endsWith('\n')) return this.#error(400, 'illegal_argument_exception', 'The bulk request must be terminated by a newline [\\n]');
    const whole = this.failRequest();
    if (whole !== undefined) {
      const e = ERROR_TYPES[whole] ?? { type: 'exception', reason: 'injected failure' };
      return this.#error(whole, e.type, e.reason);
    }
    const lines = body.split('\n').slice(0, -1);
    if (lines.length % 2 !== 0) return this.#error(400, 'illegal_argument_exception', 'Malformed action/metadata line: a document line is missing');
    const items: unknown[] = [];
    let errors = false;
    for (let i = 0; i < lines.length; i += 2) {
      let action: Action;
      let doc: Record<string, unknown>;
      try {
        action = this.#action(JSON.parse(lines[i]!) as Record<string, unknown>, m[1]);
        doc = JSON.parse(lines[i + 1]!) as Record<string, unknown>;
      } catch (err) {
        return this.#error(400, 'x_content_parse_exception', `line ${i + 1}: ${err instanceof Error ? err.message : String(err)}`);
      }
      const item = this.#apply(action, doc);
      if (item.status >= 300) errors = true;
      items.push({ [action.op]: item });
    }
    this.bulkSizes.push(items.length);
    return { status: 200, body: { took: 1, errors, items } };
  }

  #action(line: Record<string, unknown>, pathIndex: string | undefined): Action {
    const [op, meta] = Object.entries(line)[0] ?? [];
    if ((op !== 'index' && op !== 'create') || typeof meta !== 'object' || meta === null) throw new Error(`unsupported action ${String(op)}`);
    const { _index, _id } = meta as { _index?: unknown; _id?: unknown };
    const index = typeof _index === 'string' ? _index : pathIndex;
    if (index === undefined) throw new Error('no index');
    return { op, index, id: typeof _id === 'string' ? _id : undefined };
  }

  #apply(a: Action, doc: Record<string, unknown>): { _index: string; _id: string; status: number; _version?: number; result?: string; error?: unknown } {
    this.actions.push({ index: a.index, id: a.id });
    const id = a.id ?? `auto-${++this.#autoId}`;
    const failed = this.failItem(a, doc);
    if (failed !== undefined) {
      const e = ERROR_TYPES[failed] ?? { type: 'exception', reason: 'injected failure' };
      return { _index: a.index, _id: id, status: failed, error: { type: e.type, reason: e.reason, index: a.index } };
    }
    const key = `${a.index}/${id}`;
    const old = this.docs.get(key);
    if (old !== undefined && a.op === 'create') {
      return { _index: a.index, _id: id, status: 409, error: { type: 'version_conflict_engine_exception', reason: `[${id}]: version conflict, document already exists`, index: a.index } };
    }
    const version = (old?.version ?? 0) + 1;
    this.docs.set(key, { index: a.index, id, version, source: doc });
    return { _index: a.index, _id: id, _version: version, result: old === undefined ? 'created' : 'updated', status: old === undefined ? 201 : 200 };
  }
}
