/**
 * Request ids as S3 shows them: x-amz-request-id is 16 upper-case hex characters and
 * x-amz-id-2 (the "host id") is an opaque base64 token. A per-process random prefix plus a
 * counter keeps ids unique without a random draw per request.
 */
import { randomBytes } from 'node:crypto';

export class RequestIdGenerator {
  readonly #prefix: string;
  #counter: number;
  readonly #hostId: string;

  constructor() {
    this.#prefix = randomBytes(3).toString('hex').toUpperCase(); // 6 hex
    this.#counter = randomBytes(4).readUInt32BE(0);
    this.#hostId = randomBytes(32).toString('base64');
  }

  /** 16 hex characters: 6 of process prefix, 10 of counter. */
  next(): string {
    this.#counter = (this.#counter + 1) % 0x10000000000;
    return this.#prefix + this.#counter.toString(16).toUpperCase().padStart(10, '0');
  }

  /** The x-amz-id-2 value of this node. */
  get hostId(): string {
    return this.#hostId;
  }
}
