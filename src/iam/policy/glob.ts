/**
 * Wildcard patterns of the policy language: `*` matches any run of characters (also none),
 * `?` exactly one, everything else itself. A pattern is compiled once into a `Glob` (text plus
 * one kind per character) so that a literal `*` produced by `${*}` or by a policy variable's
 * value stays literal. Matching is the iterative two-pointer algorithm with one backtrack
 * point: O(pattern x text) at worst, no regular expression, no recursion, so no input can hang it.
 */

export const LITERAL = 0;
export const ANY_ONE = 1;
export const ANY_RUN = 2;

export interface Glob {
  readonly text: string;
  /** One of LITERAL / ANY_ONE / ANY_RUN per UTF-16 unit of `text`. */
  readonly kinds: Uint8Array;
}

/** How a compiled glob is checked fastest. */
export type GlobMatcher =
  | { readonly mode: 'any' }
  | { readonly mode: 'exact'; readonly text: string }
  | { readonly mode: 'prefix'; readonly text: string }
  /** Only `*` wildcards: `first*middle[0]*...*last`, matched with native indexOf. */
  | { readonly mode: 'segments'; readonly first: string; readonly middle: readonly string[]; readonly last: string }
  | { readonly mode: 'glob'; readonly glob: Glob };

/** Compiles a pattern where every `*` and `?` is a wildcard. */
export function globOf(pattern: string): Glob {
  const kinds = new Uint8Array(pattern.length);
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    kinds[i] = c === 42 ? ANY_RUN : c === 63 ? ANY_ONE : LITERAL;
  }
  return { text: pattern, kinds };
}

/**
 * Picks the cheapest matcher for a glob: `*` alone, no wildcard, one trailing `*`, only `*`s
 * (segments), or the general loop (any `?`).
 */
export function matcherOf(glob: Glob): GlobMatcher {
  const { text, kinds } = glob;
  let wild = -1;
  let count = 0;
  let anyOne = false;
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] === LITERAL) continue;
    wild = i;
    count++;
    if (kinds[i] === ANY_ONE) anyOne = true;
  }
  if (count === 0) return { mode: 'exact', text };
  if (anyOne) return { mode: 'glob', glob };
  if (count === 1 && wild === text.length - 1) return wild === 0 ? { mode: 'any' } : { mode: 'prefix', text: text.slice(0, wild) };
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] === ANY_RUN) { parts.push(text.slice(from, i)); from = i + 1; }
  }
  parts.push(text.slice(from));
  return { mode: 'segments', first: parts[0]!, middle: parts.slice(1, -1).filter((p) => p !== ''), last: parts[parts.length - 1]! };
}

function hasSuffix(value: string, suffix: string): boolean {
  const off = value.length - suffix.length;
  if (off < 0) return false;
  for (let i = suffix.length - 1; i >= 0; i--) if (value.charCodeAt(off + i) !== suffix.charCodeAt(i)) return false;
  return true;
}

/** `first*m1*m2*last`: leftmost placement of each middle segment is optimal for `*`-only globs. */
function segmentsMatch(m: { readonly first: string; readonly middle: readonly string[]; readonly last: string }, value: string): boolean {
  const end = value.length - m.last.length;
  if (end < m.first.length || !hasPrefix(value, m.first) || !hasSuffix(value, m.last)) return false;
  let at = m.first.length;
  for (const seg of m.middle) {
    const found = value.indexOf(seg, at);
    if (found < 0 || found + seg.length > end) return false;
    at = found + seg.length;
  }
  return true;
}

export function matchWith(m: GlobMatcher, value: string): boolean {
  switch (m.mode) {
    case 'any': return true;
    case 'exact': return value === m.text;
    case 'prefix': return hasPrefix(value, m.text);
    case 'segments': return segmentsMatch(m, value);
    case 'glob': return globMatch(m.glob, value);
  }
}

/**
 * `value.startsWith(prefix)`, compared from the end of the prefix: policy prefixes of one set
 * share their start (`arn:aws:s3:::`) and differ near the end, and V8's startsWith costs about
 * 80 ns once the first characters agree (measured by bench/policy-eval.mjs), this loop 20 ns.
 */
function hasPrefix(value: string, prefix: string): boolean {
  if (value.length < prefix.length) return false;
  for (let i = prefix.length - 1; i >= 0; i--) if (value.charCodeAt(i) !== prefix.charCodeAt(i)) return false;
  return true;
}

/** True when `value` matches the whole glob. */
export function globMatch(glob: Glob, value: string): boolean {
  const { text: pat, kinds } = glob;
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < value.length) {
    if (p < pat.length && kinds[p] !== ANY_RUN
      && (kinds[p] === ANY_ONE || pat.charCodeAt(p) === value.charCodeAt(t))) {
      p++;
      t++;
    } else if (p < pat.length && kinds[p] === ANY_RUN) {
      starP = p++;
      starT = t;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pat.length && kinds[p] === ANY_RUN) p++;
  return p === pat.length;
}

/** Lower-cases a glob (for case-insensitive elements such as Action), keeping its kinds. */
export function lowerGlob(glob: Glob): Glob {
  const lower = glob.text.toLowerCase();
  // toLowerCase changes the length of a few non-ASCII characters (İ -> i̇); then the kinds no
  // longer line up with the text and the lower-cased pattern is compiled afresh.
  return lower.length === glob.text.length ? { text: lower, kinds: glob.kinds } : globOf(lower);
}
