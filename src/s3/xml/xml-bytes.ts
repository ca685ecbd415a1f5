/**
 * Builds a large response document as UTF-8 bytes, piece by piece. A listing page is ~1,000
 * small entry strings: concatenated into one string it must be flattened and then encoded
 * (~2 ms for a 200 KB page); written into a growing buffer as it goes it costs ~1/3 of that
 * (bench/tools/list-stage-timers.mjs). Entries are gathered into ~8 K-unit strings and each
 * encoded by one native write (a write per 200-byte entry costs more). Pure.
 */
const INITIAL_BYTES = 64 * 1024;
/** Entries are gathered into a string of about this many UTF-16 units, then encoded at once. */
const FLUSH_UNITS = 8 * 1024;

export class XmlBytes {
  #buf: Buffer;
  #len = 0;
  /** Text appended and not yet encoded (one native write per ~8 K units instead of per entry). */
  #pending = '';

  /** `sizeHint`: the expected document size in bytes (sizes the first buffer). */
  constructor(sizeHint = INITIAL_BYTES) {
    this.#buf = Buffer.allocUnsafe(Math.max(1024, sizeHint));
  }

  append(text: string): void {
    this.#pending += text;
    if (this.#pending.length >= FLUSH_UNITS) this.#flush();
  }

  #flush(): void {
    const text = this.#pending;
    this.#pending = '';
    // A UTF-16 code unit is at most 3 UTF-8 bytes (a surrogate pair: 4 bytes for 2 units).
    // Only when that worst case might not fit is the exact length counted: the buffer grows
    // (and is copied) only when the text really does not fit.
    const room = this.#buf.length - this.#len;
    if (room < text.length * 3) {
      const need = Buffer.byteLength(text, 'utf8');
      if (room < need) {
        const grown = Buffer.allocUnsafe(Math.max(this.#buf.length * 2, this.#len + need));
        this.#buf.copy(grown, 0, 0, this.#len);
        this.#buf = grown;
      }
    }
    this.#len += this.#buf.write(text, this.#len, 'utf8');
  }

  /** The bytes written (a view of the internal buffer: append nothing after this). */
  bytes(): Buffer {
    if (this.#pending.length > 0) this.#flush();
    return this.#buf.subarray(0, this.#len);
  }
}
