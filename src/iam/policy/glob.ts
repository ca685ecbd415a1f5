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

/** Picks the cheapest matcher for a glob: `*` alone, no wildcard, one trailing `*`, or general. */
export function matcherOf(glob: Glob): GlobMatcher {
  const { text, kinds } = glob;
  let wild = -1;
  let count = 0;
  for (let i = 0; i < kinds.length; i++) if (kinds[i] !== LITERAL) { wild = i; count++; }
  if (count === 0) return { mode: 'exact', text };
  if (count === 1 && wild === text.length - 1 && kinds[wild] === ANY_RUN) {
    return wild === 0 ? { mode: 'any' } : { mode: 'prefix', text: text.slice(0, wild) };
  }
  return { mode: 'glob', glob };
}

export function matchWith(m: GlobMatcher, value: string): boolean {
  switch (m.mode) {
    case 'any': return true;
    case 'exact': return value === m.text;
    case 'prefix': return value.startsWith(m.text);
    case 'glob': return globMatch(m.glob, value);
  }
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
  // toLowerCase can change the length of a few non-ASCII characters; recompile then (their
  // wildcard positions are ASCII and so unaffected only when the length is unchanged).
  return lower.length === glob.text.length ? { text: lower, kinds: glob.kinds } : globOf(lower);
}
