/** S3 key order: strings compared by their UTF-8 bytes (= code point order), and prefix ranges. */

/**
 * The smallest string greater (in UTF-8 byte order = code point order) than every string that
 * starts with `prefix`: the prefix with its last code point incremented (dropping trailing
 * U+10FFFF). undefined when no such string exists (prefix of only U+10FFFF, or empty).
 */
export function prefixSuccessor(prefix: string): string | undefined {
  const cps = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (cps.length > 0) {
    const last = cps.pop()!;
    if (last < 0x10ffff) {
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return String.fromCodePoint(...cps, next);
    }
  }
  return undefined;
}

/** Compare two strings by UTF-8 byte order (JS `<` compares UTF-16 code units, which differs). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Map so that surrogates (U+D800-DFFF, i.e. code points >= U+10000) sort above U+E000-FFFF.
    if (x >= 0xd800) x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
    if (y >= 0xd800) y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    return x - y;
  }
  return a.length - b.length;
}
