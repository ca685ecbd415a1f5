/**
 * IPv4 / IPv6 addresses and CIDR blocks for the IpAddress / NotIpAddress operators
 * (RFC 4632 and RFC 4291 notation), parsed without `node:net` (this core does no I/O).
 * An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, as node reports IPv4 clients on a dual-stack
 * socket) counts as its IPv4 address. A bare address is a /32 or /128 block.
 */

export interface CidrBlock {
  readonly bytes: Uint8Array;
  readonly bits: number;
}

function parseIpv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseGroups(s: string): number[] | undefined {
  if (s === '') return [];
  const out: number[] = [];
  for (const g of s.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    out.push(parseInt(g, 16));
  }
  return out;
}

function parseIpv6(s: string): Uint8Array | undefined {
  let text = s;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    const hex = (a: number, b: number): string => ((a << 8) | b).toString(16);
    text = `${text.slice(0, lastColon + 1)}${hex(v4[0]!, v4[1]!)}:${hex(v4[2]!, v4[3]!)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]!);
  const rest = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...rest];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => { out[2 * i] = g >> 8; out[2 * i + 1] = g & 0xff; });
  return out;
}

/** Parses an address; IPv4-mapped IPv6 becomes 4 bytes. Undefined when not an address. */
export function parseIp(s: string): Uint8Array | undefined {
  if (s.length > 64) return undefined;
  if (!s.includes(':')) return parseIpv4(s);
  const v6 = parseIpv6(s);
  if (!v6) return undefined;
  const mapped = v6.subarray(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? v6.slice(12) : v6;
}

/** Parses `addr` or `addr/bits`. */
export function parseCidr(s: string): CidrBlock | undefined {
  const slash = s.indexOf('/');
  const bytes = parseIp(slash < 0 ? s.trim() : s.slice(0, slash).trim());
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  if (slash < 0) return { bytes, bits: max };
  const bitsText = s.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  return bits <= max ? { bytes, bits } : undefined;
}

/** True when the address lies in the block (an IPv4 address never lies in an IPv6 block). */
export function cidrContains(block: CidrBlock, addr: Uint8Array): boolean {
  if (addr.length !== block.bytes.length) return false;
  let bits = block.bits;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((addr[i]! & mask) !== (block.bytes[i]! & mask)) return false;
  }
  return true;
}
