/**
 * Policy variables (AWS IAM User Guide, "IAM policy elements: Variables and tags",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html):
 *
 * - Only in policies of Version 2012-10-17; under 2008-10-17 `${...}` is plain text.
 * - Only in Resource / NotResource and in the values of string and ARN conditions.
 * - `${key}` is replaced by the single value of the request context key `key` (names are
 *   case-insensitive); `${key, 'default'}` falls back to the default (quotes doubled inside it)
 *   when the key is absent or multi-valued. Without a default such a variable cannot be
 *   resolved and the element it is in does not match.
 * - `${*}`, `${?}`, `${$}` are a literal `*`, `?`, `$`. A substituted value is literal text:
 *   a `*` in a user name is not a wildcard. One pass only: a default that looks like a variable
 *   stays as it is.
 * - Text that is not a well-formed variable (`${foo`, `${a b}`) stays literal.
 */
import { globOf, matcherOf, type Glob, type GlobMatcher } from './glob.js';
import type { ContextKeys } from './request-context.js';

export type TemplatePart =
  | { readonly kind: 'text'; readonly glob: Glob }
  | { readonly kind: 'var'; readonly key: string; readonly fallback: string | undefined };

/** A pattern with no variables is a plain glob; otherwise the parts to resolve per request. */
export type Template =
  | { readonly dynamic: false; readonly glob: Glob; readonly matcher: GlobMatcher }
  | { readonly dynamic: true; readonly parts: readonly TemplatePart[] };

const VARIABLE = /^\s*([A-Za-z0-9_:./+=@-]+)\s*(?:,\s*'((?:[^']|'')*)'\s*)?$/;

function literalGlob(text: string): Glob {
  return { text, kinds: new Uint8Array(text.length) };
}

/** Index of the `}` closing a variable, skipping quoted defaults; -1 when there is none. */
function closingBrace(pattern: string, from: number): number {
  let quoted = false;
  for (let i = from; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 39) quoted = !quoted;
    else if (c === 125 && !quoted) return i;
  }
  return -1;
}

/** Splits a pattern into wildcard text and variables (2012-10-17 policies). */
export function parseTemplate(pattern: string, withVariables: boolean): Template {
  if (!withVariables || !pattern.includes('${')) return staticTemplate(globOf(pattern));
  const parts: TemplatePart[] = [];
  let text = '';
  const flush = (): void => { if (text !== '') parts.push({ kind: 'text', glob: globOf(text) }); text = ''; };
  let i = 0;
  while (i < pattern.length) {
    const start = pattern.indexOf('${', i);
    if (start < 0) { text += pattern.slice(i); break; }
    text += pattern.slice(i, start);
    const end = closingBrace(pattern, start + 2);
    if (end < 0) { text += pattern.slice(start); break; }
    const inner = pattern.slice(start + 2, end);
    const trimmed = inner.trim();
    if (trimmed === '*' || trimmed === '?' || trimmed === '$') {
      flush();
      parts.push({ kind: 'text', glob: literalGlob(trimmed) });
    } else {
      const m = VARIABLE.exec(inner);
      if (m) {
        flush();
        parts.push({ kind: 'var', key: m[1]!.toLowerCase(), fallback: m[2]?.replace(/''/g, "'") });
      } else {
        text += pattern.slice(start, end + 1);
      }
    }
    i = end + 1;
  }
  flush();
  if (parts.every((p) => p.kind === 'text')) return staticTemplate(joinGlobs(parts.map((p) => (p as { glob: Glob }).glob)));
  return { dynamic: true, parts };
}

function staticTemplate(glob: Glob): Template {
  return { dynamic: false, glob, matcher: matcherOf(glob) };
}

function joinGlobs(globs: readonly Glob[]): Glob {
  if (globs.length === 1) return globs[0]!;
  const text = globs.map((g) => g.text).join('');
  const kinds = new Uint8Array(text.length);
  let at = 0;
  for (const g of globs) { kinds.set(g.kinds, at); at += g.kinds.length; }
  return { text, kinds };
}

/** The value a variable stands for, or undefined when it cannot be resolved. */
function variableValue(key: string, fallback: string | undefined, keys: ContextKeys): string | undefined {
  const values = keys.get(key);
  if (values !== undefined && values.length === 1) return values[0];
  return fallback;
}

/** Resolves a template for one request; undefined when a variable has no value and no default. */
export function resolveTemplate(t: Template, keys: ContextKeys): Glob | undefined {
  if (!t.dynamic) return t.glob;
  const globs: Glob[] = [];
  for (const part of t.parts) {
    if (part.kind === 'text') { globs.push(part.glob); continue; }
    const value = variableValue(part.key, part.fallback, keys);
    if (value === undefined) return undefined;
    globs.push(literalGlob(value));
  }
  return joinGlobs(globs);
}
