/**
 * RFC 3986 encoding as SigV4 requires: every byte except the unreserved set
 * A-Z a-z 0-9 - . _ ~ becomes %XX (upper-case hex). Inputs arrive percent-encoded in
 * whatever style the client used, so they are first decoded to bytes (leniently: a '%' not
 * followed by two hex digits stays a literal '%') and then re-encoded, so '%2f', '%2F' and
 * '~' vs '%7E' all compare equal. Invalid UTF-8 is kept as raw bytes, never replaced.
 */

const UNRESERVED = new Uint8Array(256);
for (let c = 0x30; c <= 0x39; c++) UNRESERVED[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) UNRESERVED[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) UNRESERVED[c] = 1;
for (const ch of '-._~') UNRESERVED[ch.charCodeAt(0)] = 1;

const HEX = '0123456789ABCDEF';
const ENCODED: string[] = [];
for (let b = 0; b < 256; b++) {
  ENCODED.push(UNRESERVED[b] === 1 ? String.fromCharCode(b) : '%' + HEX[b >> 4]! + HEX[b & 15]!);
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/**
 * Percent-decodes to bytes. With plusIsSpace (query strings, form style), '+' decodes to
 * a space as MinIO and AWS do for query parameters; in paths '+' is a literal plus.
 */
export function percentDecodeBytes(input: string, plusIsSpace: boolean): Buffer {
  if (!input.includes('%') && !(plusIsSpace && input.includes('+'))) return Buffer.from(input, 'utf8');
  const raw = Buffer.from(input, 'utf8');
  const out = Buffer.allocUnsafe(raw.length);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === 0x25 && i + 2 < raw.length) {
      const hi = hexValue(raw[i + 1]!);
      const lo = hexValue(raw[i + 2]!);
      if (hi >= 0 && lo >= 0) {
        out[n++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[n++] = plusIsSpace && c === 0x2b ? 0x20 : c;
  }
  return out.subarray(0, n);
}

/** Decodes a percent-encoded string to text (UTF-8; invalid sequences become U+FFFD). */
export function percentDecode(input: string, plusIsSpace: boolean): string {
  return percentDecodeBytes(input, plusIsSpace).toString('utf8');
}

/** Strict RFC 3986 encoding of raw bytes. */
export function uriEncodeBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += ENCODED[bytes[i]!]!;
  return out;
}

/** Strict RFC 3986 encoding of a text value (UTF-8). */
export function uriEncode(text: string): string {
  return uriEncodeBytes(Buffer.from(text, 'utf8'));
}

/** Re-encodes an already percent-encoded component into canonical form. */
export function canonicalizeComponent(encoded: string, plusIsSpace: boolean): string {
  return uriEncodeBytes(percentDecodeBytes(encoded, plusIsSpace));
}
