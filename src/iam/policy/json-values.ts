/**
 * Reading the loosely typed parts of a parsed policy JSON: objects, "string or list of
 * strings" elements and scalar condition values. Every mismatch throws MalformedPolicyError
 * with the message the caller names (AWS words each element's error differently).
 */
import { MalformedPolicyError } from '../../errors/domain-errors.js';

export type JsonObject = { readonly [key: string]: unknown };

export const INVALID_SYNTAX = 'Invalid policy syntax.';

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function expectObject(v: unknown, message: string): JsonObject {
  if (!isObject(v)) throw new MalformedPolicyError(message);
  return v;
}

/** A string or a non-empty list of strings. */
export function stringList(v: unknown, message: string): string[] {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || v.length === 0) throw new MalformedPolicyError(message);
  return v.map((x) => {
    if (typeof x !== 'string') throw new MalformedPolicyError(message);
    return x;
  });
}

/** A condition value: a string, number or boolean, or a list of them, as strings. */
export function conditionValues(v: unknown): string[] {
  const one = (x: unknown): string => {
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    throw new MalformedPolicyError(INVALID_SYNTAX);
  };
  return Array.isArray(v) ? v.map(one) : [one(v)];
}

export function rejectUnknownFields(obj: JsonObject, allowed: ReadonlySet<string>): void {
  for (const k of Object.keys(obj)) if (!allowed.has(k)) throw new MalformedPolicyError(`Unknown field ${k}`);
}
