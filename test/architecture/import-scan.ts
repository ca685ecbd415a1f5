/**
 * Import scanner for the layering check: every import/export-from/dynamic import() of every
 * `.ts` file below a folder, parsed with the TypeScript compiler API (so comments, strings and
 * template text never count as imports). Relative specifiers are resolved to repo-relative
 * `.ts` paths (`./x.js` -> `src/a/x.ts`); bare specifiers (node:fs, lmdb) are kept as written.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Repo-relative path of the importing file, with forward slashes. */
  readonly from: string;
  /** The specifier as written. */
  readonly specifier: string;
  /** Repo-relative `.ts` path for a relative specifier; the specifier itself for a package. */
  readonly target: string;
  readonly isRelative: boolean;
  /** Erased at compile time (`import type`, `export type`, or every named binding is `type`). */
  readonly isTypeOnly: boolean;
  /** Value names bound by the import (`import { A, B as C }` -> A, B); '*' for namespace/dynamic/export *. */
  readonly valueNames: readonly string[];
  readonly line: number;
}

const MAX_DEPTH = 24;

/** Every `.ts` file below `dir` (repo-relative to `root`), sorted; skips node_modules and dist. */
export function listTsFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string, depth: number): void => {
    if (depth > MAX_DEPTH || !existsSync(abs)) return;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const full = join(abs, entry.name);
      if (entry.isDirectory()) walk(full, depth + 1);
      else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        out.push(toPosix(relative(root, full)));
      }
    }
  };
  walk(join(root, dir), 0);
  return out.sort();
}

function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

function resolveTarget(fromFile: string, specifier: string): string {
  const abs = resolve('/', dirname(fromFile), specifier).slice(1);
  return abs.endsWith('.js') ? `${abs.slice(0, -3)}.ts` : abs;
}

function importClauseInfo(clause: ts.ImportClause | undefined): { isTypeOnly: boolean; valueNames: string[] } {
  if (clause === undefined) return { isTypeOnly: false, valueNames: [] }; // side-effect import
  if (clause.isTypeOnly) return { isTypeOnly: true, valueNames: [] };
  const names: string[] = [];
  if (clause.name !== undefined) names.push('default');
  const bindings = clause.namedBindings;
  if (bindings !== undefined && ts.isNamespaceImport(bindings)) names.push('*');
  if (bindings !== undefined && ts.isNamedImports(bindings)) {
    for (const el of bindings.elements) {
      if (!el.isTypeOnly) names.push((el.propertyName ?? el.name).text);
    }
  }
  const hasTypeOnlyElements = bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0;
  return { isTypeOnly: names.length === 0 && hasTypeOnlyElements, valueNames: names };
}

function exportClauseInfo(decl: ts.ExportDeclaration): { isTypeOnly: boolean; valueNames: string[] } {
  if (decl.isTypeOnly) return { isTypeOnly: true, valueNames: [] };
  const clause = decl.exportClause;
  if (clause === undefined || ts.isNamespaceExport(clause)) return { isTypeOnly: false, valueNames: ['*'] };
  const names = clause.elements.filter((el) => !el.isTypeOnly).map((el) => (el.propertyName ?? el.name).text);
  return { isTypeOnly: names.length === 0 && clause.elements.length > 0, valueNames: names };
}

/** The imports of one file's text. `file` is the repo-relative path used to resolve specifiers. */
export function scanSource(file: string, text: string): ImportEdge[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (spec: ts.Expression, info: { isTypeOnly: boolean; valueNames: string[] }, node: ts.Node): void => {
    if (!ts.isStringLiteralLike(spec)) return;
    const specifier = spec.text;
    const isRelative = specifier.startsWith('.');
    edges.push({
      from: file,
      specifier,
      target: isRelative ? resolveTarget(file, specifier) : specifier,
      isRelative,
      isTypeOnly: info.isTypeOnly,
      valueNames: info.valueNames,
      line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1,
    });
  };
  const visit = (node: ts.Node, depth: number): void => {
    if (depth > 400) return;
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, importClauseInfo(node.importClause), node);
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier !== undefined) {
      add(node.moduleSpecifier, exportClauseInfo(node), node);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, { isTypeOnly: node.isTypeOnly, valueNames: ['*'] }, node);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]) {
      add(node.arguments[0], { isTypeOnly: false, valueNames: ['*'] }, node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, { isTypeOnly: true, valueNames: [] }, node);
    }
    ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(sf, 0);
  return edges;
}

/** The imports of every `.ts` file below `dir`. */
export function scanTree(root: string, dir: string): { files: string[]; edges: ImportEdge[] } {
  const files = listTsFiles(root, dir);
  const edges = files.flatMap((f) => scanSource(f, readFileSync(join(root, f), 'utf8')));
  return { files, edges };
}
