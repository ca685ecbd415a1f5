/**
 * A strict msgpack reader for the fast record decoders (object-record-fast.ts, and the upload
 * record's in object/multipart): reads the encodings msgpackr writes for Cairn's records and
 * throws BAIL for anything else, so the caller falls back to its generic path. Pure.
 */
/** Thrown inside the reader: the fast path does not handle this record. */
export const BAIL = Symbol('bail');

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function utf8(b: Buffer, start: number, end: number): string {
  try {
    return STRICT_UTF8.decode(b.subarray(start, end));
  } catch {
    throw BAIL;
  }
}

/** Field names of one map kind, by byte length: matched against the record's bytes (no string made). */
export type KeyTable = readonly (readonly (readonly [Buffer, number])[] | undefined)[];

export function keyTable(names: readonly string[]): KeyTable {
  const t: (readonly [Buffer, number])[][] = [];
  names.forEach((name, i) => {
    const b = Buffer.from(name, 'latin1');
    (t[b.length] ??= []).push([b, i]);
  });
  return t;
}

export class Reader {
  constructor(readonly b: Buffer, public p: number) {}

  byte(): number {
    if (this.p >= this.b.length) throw BAIL;
    return this.b[this.p++]!;
  }

  /** Length of a map header, or BAIL. */
  map(): number {
    const t = this.byte();
    if (t >= 0x80 && t <= 0x8f) return t & 0x0f;
    if (t === 0xde) return this.uint(2);
    if (t === 0xdf) return this.uint(4);
    throw BAIL;
  }

  array(): number {
    const t = this.byte();
    if (t >= 0x90 && t <= 0x9f) return t & 0x0f;
    if (t === 0xdc) return this.uint(2);
    if (t === 0xdd) return this.uint(4);
    throw BAIL;
  }

  uint(n: 1 | 2 | 4): number {
    if (this.p + n > this.b.length) throw BAIL;
    const b = this.b;
    const p = this.p;
    this.p += n;
    if (n === 1) return b[p]!;
    if (n === 2) return (b[p]! << 8) | b[p + 1]!;
    return b.readUInt32BE(p);
  }

  /** The index in `t` of the field name (a fixstr) at the read position. */
  key(t: KeyTable): number {
    const h = this.byte();
    if (h < 0xa0 || h > 0xbf) throw BAIL;
    const n = h & 0x1f;
    const b = this.b;
    const start = this.p;
    if (start + n > b.length) throw BAIL;
    this.p = start + n;
    const candidates = t[n];
    if (candidates === undefined) throw BAIL;
    outer: for (let c = 0; c < candidates.length; c++) {
      const entry = candidates[c]!;
      const name = entry[0];
      for (let i = 0; i < n; i++) if (b[start + i] !== name[i]) continue outer;
      return entry[1];
    }
    throw BAIL;
  }

  /** nil: consumed, true; anything else: untouched, false. */
  nil(): boolean {
    if (this.b[this.p] !== 0xc0) return false;
    this.p++;
    return true;
  }

  /**
   * A safe integer >= min (>= 0) in the encodings msgpackr writes for one: fixint, uint8/16/32,
   * float64 (larger values). uint64 / int64 decode as BigInt in the generic path: not handled.
   */
  int(min: number): number {
    const t = this.byte();
    let v: number;
    if (t <= 0x7f) v = t;
    else if (t === 0xcc) v = this.uint(1);
    else if (t === 0xcd) v = this.uint(2);
    else if (t === 0xce) v = this.uint(4);
    else if (t === 0xcb) {
      if (this.p + 8 > this.b.length) throw BAIL;
      v = this.b.readDoubleBE(this.p);
      this.p += 8;
    } else throw BAIL;
    if (!Number.isSafeInteger(v) || v < min) throw BAIL;
    return v;
  }

  bool(): boolean {
    const t = this.byte();
    if (t === 0xc2) return false;
    if (t === 0xc3) return true;
    throw BAIL;
  }

  /** A string: ASCII decoded here, other text by a strict UTF-8 decoder (invalid UTF-8 goes the generic way). */
  str(): string {
    const start = this.#strSpan();
    const b = this.b;
    const end = this.p;
    const n = end - start;
    if (n <= 16) {
      let s = '';
      for (let i = start; i < end; i++) {
        const c = b[i]!;
        if (c >= 0x80) return utf8(b, start, end);
        s += String.fromCharCode(c);
      }
      return s;
    }
    for (let i = start; i < end; i++) if (b[i]! >= 0x80) return utf8(b, start, end);
    return b.toString('latin1', start, end);
  }

  /** Checks a string as str() reads it, without making it (listing decoders skip fields they do not show). */
  checkStr(): void {
    const start = this.#strSpan();
    const b = this.b;
    const end = this.p;
    for (let i = start; i < end; i++) {
      if (b[i]! >= 0x80) {
        utf8(b, start, end);
        return;
      }
    }
  }

  /** A string's header: reads past the string and returns where its bytes start (they end at `p`). */
  #strSpan(): number {
    const t = this.byte();
    let n: number;
    if (t >= 0xa0 && t <= 0xbf) n = t & 0x1f;
    else if (t === 0xd9) n = this.uint(1);
    else if (t === 0xda) n = this.uint(2);
    else if (t === 0xdb) n = this.uint(4);
    else throw BAIL;
    const start = this.p;
    if (start + n > this.b.length) throw BAIL;
    this.p = start + n;
    return start;
  }

  /** Checks a map as strMap() reads it; only a map of two or more entries is made (for its duplicate check). */
  checkStrMap(): void {
    const at = this.p;
    const n = this.map();
    if (n > 1) {
      this.p = at;
      this.strMap();
      return;
    }
    for (let i = 0; i < n; i++) {
      if (this.str() === '__proto__') throw BAIL;
      this.checkStr();
    }
  }

  /**
   * A string of 32 lowercase hex digits (an object/ids.ts id), checked on the bytes before the
   * string is made: BAIL for any other string (the generic path then decides). A regular
   * expression on the decoded string cost ~0.27 µs a call here, a fifth of an upload record's decode.
   */
  hex32(): string {
    const start = this.#hex32At();
    return this.b.toString('latin1', start, start + 32);
  }

  /** Checks a hex32() string without making it. */
  checkHex32(): void {
    this.#hex32At();
  }

  /** Where the 32 digits of a hex32 string start (read past them), or BAIL. */
  #hex32At(): number {
    const b = this.b;
    // str8 of length 32: how msgpackr writes a 32-character string.
    const start = this.p + 2;
    if (b[this.p] !== 0xd9 || b[this.p + 1] !== 32 || start + 32 > b.length) throw BAIL;
    for (let i = start; i < start + 32; i++) {
      const c = b[i]!;
      if (c < 0x30 || c > 0x66 || (c > 0x39 && c < 0x61)) throw BAIL;
    }
    this.p = start + 32;
    return start;
  }

  bin(): Buffer {
    const t = this.byte();
    let n: number;
    if (t === 0xc4) n = this.uint(1);
    else if (t === 0xc5) n = this.uint(2);
    else if (t === 0xc6) n = this.uint(4);
    else throw BAIL;
    if (this.p + n > this.b.length) throw BAIL;
    const out = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return out;
  }

  strMap(): Readonly<Record<string, string>> {
    const n = this.map();
    const out: Record<string, string> = {};
    for (let i = 0; i < n; i++) {
      const k = this.str();
      if (k === '__proto__' || Object.hasOwn(out, k)) throw BAIL;
      out[k] = this.str();
    }
    return out;
  }
}

/** Each field once: `seen` is a bit set over the field's index in its map. */
export function once(seen: number, bit: number): number {
  if ((seen & bit) !== 0) throw BAIL;
  return seen | bit;
}
