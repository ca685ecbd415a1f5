/**
 * The hand-off of audit records (their encoded fields, record-fields.ts) from the server
 * thread to the audit thread (audit-thread.ts): a single-producer, single-consumer ring of
 * bytes in shared memory.
 *
 * A message per record (or per event-loop turn) cost the server thread ~50 µs at one request
 * in flight (serialization, the port's wake-up); here the server thread writes the record's
 * UTF-8 bytes into the ring and wakes the audit thread only when it sleeps (Atomics.notify),
 * so a busy audit thread takes records without any wake-up at all.
 *
 * Layout: an Int32Array of control words and a byte area whose size is a power of two.
 * WRITE and READ are byte positions that only grow (32-bit, wrapping), so used bytes are
 * (WRITE - READ) >>> 0; WRITTEN and TAKEN count records the same way. A frame is [u32 text bytes][u32 id bytes][text][id], possibly
 * wrapping around the end of the area. SLEEPING is 1 while the consumer waits on WRITE.
 * The ring outlives an audit thread: a restarted one goes on from READ, so records in the
 * ring when a thread died are not lost.
 */

const WRITE = 0;
const READ = 1;
const SLEEPING = 2;
/** Records written and taken, counted (32-bit, wrapping) for the queue-length metric. */
const WRITTEN = 3;
const TAKEN = 4;
const CONTROL_WORDS = 8;
const HEADER = 8;

/** The shared memory of a ring; crosses to the audit thread in its workerData. */
export interface RingMemory {
  readonly control: SharedArrayBuffer;
  readonly bytes: SharedArrayBuffer;
}

export function allocRing(capacityBytes: number): RingMemory {
  let size = 1024;
  while (size < capacityBytes) size *= 2;
  return { control: new SharedArrayBuffer(CONTROL_WORDS * 4), bytes: new SharedArrayBuffer(size) };
}

class RingView {
  protected readonly ctl: Int32Array;
  protected readonly buf: Buffer;
  protected readonly mask: number;

  constructor(mem: RingMemory) {
    this.ctl = new Int32Array(mem.control);
    this.buf = Buffer.from(mem.bytes);
    this.mask = this.buf.length - 1;
  }

  /** Bytes written and not yet taken. */
  get used(): number {
    return (Atomics.load(this.ctl, WRITE) - Atomics.load(this.ctl, READ)) >>> 0;
  }

  /** Records written and not yet taken. */
  get records(): number {
    return (Atomics.load(this.ctl, WRITTEN) - Atomics.load(this.ctl, TAKEN)) >>> 0;
  }
}

/** The server thread's end. */
export class RingWriter extends RingView {
  readonly #scratch = Buffer.allocUnsafe(HEADER);

  /**
   * Appends one record; false (nothing written) when the ring has no room for it. Wakes the
   * reader if it sleeps.
   */
  write(text: string, id: string): boolean {
    const textBytes = Buffer.byteLength(text);
    const idBytes = Buffer.byteLength(id);
    const frame = HEADER + textBytes + idBytes;
    const w = Atomics.load(this.ctl, WRITE) >>> 0;
    if (frame > this.buf.length - ((w - (Atomics.load(this.ctl, READ) >>> 0)) >>> 0)) return false;
    let at = w & this.mask;
    this.#scratch.writeUInt32LE(textBytes, 0);
    this.#scratch.writeUInt32LE(idBytes, 4);
    at = this.#put(at, this.#scratch, HEADER);
    at = this.#putString(at, text, textBytes);
    this.#putString(at, id, idBytes);
    Atomics.add(this.ctl, WRITTEN, 1);
    Atomics.store(this.ctl, WRITE, (w + frame) | 0);
    if (Atomics.load(this.ctl, SLEEPING) === 1) Atomics.notify(this.ctl, WRITE);
    return true;
  }

  #putString(at: number, s: string, bytes: number): number {
    if (at + bytes <= this.buf.length) {
      this.buf.write(s, at, bytes, 'utf8');
      return (at + bytes) & this.mask;
    }
    const tmp = Buffer.from(s, 'utf8');
    return this.#put(at, tmp, bytes);
  }

  #put(at: number, src: Buffer, n: number): number {
    const first = Math.min(n, this.buf.length - at);
    src.copy(this.buf, at, 0, first);
    if (first < n) src.copy(this.buf, 0, first, n);
    return (at + n) & this.mask;
  }
}

/** The audit thread's end. */
export class RingReader extends RingView {
  readonly #header = Buffer.allocUnsafe(HEADER);

  /** Calls `take` for every record in the ring, in order; returns how many. */
  drain(take: (text: string, id: string) => void): number {
    let r = Atomics.load(this.ctl, READ) >>> 0;
    const w = Atomics.load(this.ctl, WRITE) >>> 0;
    let n = 0;
    while (r !== w) {
      let at = r & this.mask;
      at = this.#get(at, this.#header, HEADER);
      const textBytes = this.#header.readUInt32LE(0);
      const idBytes = this.#header.readUInt32LE(4);
      const text = this.#string(at, textBytes);
      at = (at + textBytes) & this.mask;
      const id = this.#string(at, idBytes);
      r = (r + HEADER + textBytes + idBytes) >>> 0;
      n++;
      take(text, id);
    }
    Atomics.store(this.ctl, READ, r | 0);
    Atomics.add(this.ctl, TAKEN, n);
    return n;
  }

  /**
   * Resolves once the ring holds records (at once when it does now). Sets SLEEPING while
   * waiting so that the writer notifies. A pending wait does not keep its thread alive: the
   * audit thread's message port does.
   */
  async waitForRecords(): Promise<void> {
    for (;;) {
      Atomics.store(this.ctl, SLEEPING, 1);
      const w = Atomics.load(this.ctl, WRITE);
      if (w !== Atomics.load(this.ctl, READ)) break;
      const waiting = Atomics.waitAsync(this.ctl, WRITE, w);
      if (waiting.async) await waiting.value;
    }
    Atomics.store(this.ctl, SLEEPING, 0);
  }

  #string(at: number, bytes: number): string {
    if (at + bytes <= this.buf.length) return this.buf.toString('utf8', at, at + bytes);
    const tmp = Buffer.allocUnsafe(bytes);
    this.#get(at, tmp, bytes);
    return tmp.toString('utf8');
  }

  #get(at: number, dst: Buffer, n: number): number {
    const first = Math.min(n, this.buf.length - at);
    this.buf.copy(dst, 0, at, at + first);
    if (first < n) this.buf.copy(dst, first, 0, n - first);
    return (at + n) & this.mask;
  }
}
