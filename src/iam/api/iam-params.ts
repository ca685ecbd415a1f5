/**
 * The form parameters of an IAM query request and their checks, with AWS's messages:
 * a constraint failure is ValidationError "1 validation error detected: Value 'x' at 'userName'
 * failed to satisfy constraint: Member must ..." (the member name in lower camel case, as
 * AWS's Coral validation writes it); a missing one "... Value null at 'userName' failed to
 * satisfy constraint: Member must not be null".
 */
import { IamError } from '../store/iam-errors.js';

export const NAME_PATTERN = /^[\w+=,.@-]+$/;
export const PATH_PATTERN = /^(?:\/|\/[\x21-\x7e]+\/)$/;

const camel = (field: string): string => field[0]!.toLowerCase() + field.slice(1);

function invalid(field: string, value: string | null, constraint: string): IamError {
  const shown = value === null ? 'null' : `'${value}'`;
  return new IamError('ValidationError', `1 validation error detected: Value ${shown} at '${camel(field)}' failed to satisfy constraint: Member must ${constraint}`);
}

export interface StringRule {
  readonly min?: number;
  readonly max: number;
  readonly pattern?: RegExp;
  /** The pattern as AWS prints it in the message. */
  readonly patternText?: string;
}

export const NAME_RULE = (max: number): StringRule => ({ min: 1, max, pattern: NAME_PATTERN, patternText: '[\\w+=,.@-]+' });
export const PATH_RULE: StringRule = { min: 1, max: 512, pattern: PATH_PATTERN, patternText: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)' };
export const POLICY_DOC_RULE = (max: number): StringRule => ({ min: 1, max });

export class IamParams {
  readonly #form: URLSearchParams;

  constructor(form: URLSearchParams) {
    this.#form = form;
  }

  raw(field: string): string | undefined {
    return this.#form.get(field) ?? undefined;
  }

  #check(field: string, value: string, rule: StringRule): string {
    const length = [...value].length;
    if (rule.min !== undefined && length < rule.min) throw invalid(field, value, `have length greater than or equal to ${rule.min}`);
    if (length > rule.max) throw invalid(field, value, `have length less than or equal to ${rule.max}`);
    if (rule.pattern !== undefined && !rule.pattern.test(value)) {
      throw invalid(field, value, `satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`);
    }
    return value;
  }

  required(field: string, rule: StringRule): string {
    const value = this.#form.get(field);
    if (value === null) throw invalid(field, null, 'not be null');
    return this.#check(field, value, rule);
  }

  optional(field: string, rule: StringRule): string | undefined {
    const value = this.#form.get(field);
    return value === null ? undefined : this.#check(field, value, rule);
  }

  int(field: string, range: { min: number; max: number }): number | undefined {
    const value = this.#form.get(field);
    if (value === null) return undefined;
    if (!/^-?\d+$/.test(value)) throw invalid(field, value, 'be a number');
    const n = Number(value);
    if (n < range.min) throw invalid(field, value, `have value greater than or equal to ${range.min}`);
    if (n > range.max) throw invalid(field, value, `have value less than or equal to ${range.max}`);
    return n;
  }

  bool(field: string): boolean | undefined {
    const value = this.#form.get(field);
    if (value === null) return undefined;
    if (value !== 'true' && value !== 'false') throw invalid(field, value, 'be a boolean');
    return value === 'true';
  }

  /**
   * `Field.member.1`, `Field.member.2`, ... in order (stops at the first gap). With `check`: at
   * most `maxItems` members, each meeting `member` (ValidationError as for a single field).
   */
  list(field: string, check?: { readonly maxItems: number; readonly member: StringRule }): string[] {
    const out: string[] = [];
    for (let i = 1; ; i++) {
      const v = this.#form.get(`${field}.member.${i}`);
      if (v === null) break;
      out.push(check === undefined ? v : this.#check(field, v, check.member));
    }
    if (check !== undefined && out.length > check.maxItems) {
      throw invalid(field, `[${out.join(', ')}]`, `have length less than or equal to ${check.maxItems}`);
    }
    return out;
  }

  /** `Tags.member.N.Key` / `.Value` pairs. */
  tags(field: string): Array<{ Key: string; Value: string }> {
    const out: Array<{ Key: string; Value: string }> = [];
    for (let i = 1; ; i++) {
      const key = this.#form.get(`${field}.member.${i}.Key`);
      if (key === null) return out;
      out.push({ Key: key, Value: this.#form.get(`${field}.member.${i}.Value`) ?? '' });
    }
  }
}
