/**
 * Code-hygiene checks of STYLE.md that a parser can decide (ARCHITECTURE.md, "Enforced rules"):
 *  - `any-type`: no `any` type anywhere (casts, annotations, generics): parse from `unknown`;
 *  - `focused-test`: no `.only` / `{ only: true }` (it silently drops the rest of a file);
 *  - `silent-skip`: no `.skip` / `.todo` and no `{ skip: true }` — a skip names its reason as a
 *    string (`{ skip: 'aws cli not installed' }`);
 *  - `file-size`: no file over MAX_FILE_LINES lines (split by concern before that);
 *  - `literal-accessor` (src/ only, not its unit tests): no `get`/`set` in an object literal. Its accessors live in
 *    the object's hidden class, so each evaluation (a new closure) makes a new class, which V8's
 *    transition tree keeps, with everything the closure holds, until a full collection: on a
 *    request path every request's objects were promoted (ARCHITECTURE "Garbage collection").
 *    Use a class (prototype getters) instead;
 *  - `duck-typed-stream`, `layer-callback`: the ObjectLayer contract stays typed
 *    (contract-hygiene.ts).
 */
import ts from 'typescript';
import { checkContractHygiene } from './contract-hygiene.js';
import type { Violation } from './layering-rules.js';

export const MAX_FILE_LINES = 500;

const TEST_FNS = new Set(['test', 'it', 'describe', 'suite']);

function calleeTestFn(expr: ts.Expression): { fn: string; modifier?: string } | undefined {
  if (ts.isIdentifier(expr) && TEST_FNS.has(expr.text)) return { fn: expr.text };
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.expression) && TEST_FNS.has(expr.expression.text)) {
    return { fn: expr.expression.text, modifier: expr.name.text };
  }
  return undefined;
}

function optionFlag(arg: ts.Expression, name: string): ts.Expression | undefined {
  if (!ts.isObjectLiteralExpression(arg)) return undefined;
  for (const p of arg.properties) {
    if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === name) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === name) return p.name;
  }
  return undefined;
}

const isStringReason = (e: ts.Expression): boolean => (ts.isStringLiteralLike(e) && e.text.trim() !== '') || ts.isTemplateExpression(e);

/** The hygiene violations of one file's text (`file` is repo-relative, for messages). */
export function checkHygiene(file: string, text: string): Violation[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: Violation[] = [];
  const at = (node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_FILE_LINES) {
    out.push({ rule: 'file-size', file, line: 1, message: `${lines} lines (cap ${MAX_FILE_LINES}): split it by concern` });
  }
  const isTest = file.endsWith('.test.ts');
  const isSrc = file.startsWith('src/') && !isTest;
  const visit = (node: ts.Node, depth: number): void => {
    if (depth > 500) return;
    if (node.kind === ts.SyntaxKind.AnyKeyword) {
      out.push({ rule: 'any-type', file, line: at(node), message: `\`any\` in "${node.parent.getText(sf).slice(0, 60)}": use unknown and narrow` });
    }
    if (isSrc && (ts.isGetAccessor(node) || ts.isSetAccessor(node)) && ts.isObjectLiteralExpression(node.parent)) {
      out.push({ rule: 'literal-accessor', file, line: at(node), message: `\`${node.getText(sf).slice(0, 40)}\` in an object literal: a hidden class per evaluation; use a class` });
    }
    if (isTest && ts.isCallExpression(node)) {
      const callee = calleeTestFn(node.expression);
      if (callee?.modifier === 'only') out.push({ rule: 'focused-test', file, line: at(node), message: `${callee.fn}.only` });
      if (callee?.modifier === 'skip' || callee?.modifier === 'todo') {
        out.push({ rule: 'silent-skip', file, line: at(node), message: `${callee.fn}.${callee.modifier}: use { skip: '<reason>' }` });
      }
      if (callee !== undefined) {
        for (const arg of node.arguments) {
          if (optionFlag(arg, 'only') !== undefined) out.push({ rule: 'focused-test', file, line: at(arg), message: '{ only } option' });
          for (const flag of ['skip', 'todo']) {
            const v = optionFlag(arg, flag);
            if (v !== undefined && v.kind === ts.SyntaxKind.TrueKeyword) {
              out.push({ rule: 'silent-skip', file, line: at(arg), message: `{ ${flag}: true }: give the reason as a string` });
            } else if (v !== undefined && ts.isStringLiteralLike(v) && !isStringReason(v)) {
              out.push({ rule: 'silent-skip', file, line: at(arg), message: `{ ${flag}: '' }: give the reason` });
            }
          }
        }
      }
    }
    ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(sf, 0);
  return [...out, ...checkContractHygiene(file, text)];
}
