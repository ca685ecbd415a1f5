/**
 * Checks that keep the ObjectLayer contract typed (ARCHITECTURE.md, "ObjectLayer contract v2"),
 * run by code-hygiene.ts:
 *  - `duck-typed-stream` (src/): no property attached to a stream or response body with
 *    `Object.assign(<stream>, ...)`, no probe for one (`body as Readable & { x?: ... }`, or the
 *    `releaseChunk?: unknown` shape). What travels with a body is a field of a typed result
 *    (GetObjectResult.releaseChunk, S3Response.releaseChunk).
 *  - `layer-callback` (src/object/ outside object-layer.ts): no callback typed from the
 *    ObjectLayer's methods — no `GetObjectFn`-style alias, no `ObjectLayer['method']` type —
 *    and no reference to the ObjectLayer interface under object/multipart/: the layer's parts
 *    call each other's functions directly instead of being handed the layer's methods.
 * What is a stream is decided by syntax: a stream constructor or factory call, a name that says
 * body/stream/response, or a parameter or variable of the file declared with a stream type.
 */
import ts from 'typescript';
import type { Violation } from './layering-rules.js';

const STREAM_TYPE = /\b(Readable|Writable|Duplex|Transform|PassThrough|Stream|ServerResponse|IncomingMessage)\b/;
const STREAM_FACTORY = /\b(Readable|Writable|Duplex|Transform|PassThrough)\b|readShards|createReadStream|createWriteStream|Stream\b/;
const STREAM_NAME = /^(body|stream|readable|res|response)$|(Stream|Body)$/;
const RELEASE_PROBE = /\breleaseChunk\?\s*:\s*unknown\b/;
/** An alias such as GetObjectFn / PutObjectPartFn: an ObjectLayer operation as a callback type. */
const LAYER_FN = /^(Get|Put|Head|Delete|Copy|List|Create|Complete|Abort|Make|Update)\w*Fn$/;

function unwrap(e: ts.Expression): ts.Expression {
  let x = e;
  for (;;) {
    if (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isNonNullExpression(x) || ts.isSatisfiesExpression(x)) x = x.expression;
    else return x;
  }
}

/** Names declared in the file with a stream type or a stream-producing initializer. */
function streamNames(sf: ts.SourceFile): Set<string> {
  const out = new Set<string>();
  const visit = (node: ts.Node): void => {
    if ((ts.isParameter(node) || ts.isVariableDeclaration(node)) && ts.isIdentifier(node.name)) {
      const typed = node.type !== undefined && STREAM_TYPE.test(node.type.getText(sf));
      const init = node.initializer !== undefined ? unwrap(node.initializer) : undefined;
      const made = init !== undefined && (ts.isCallExpression(init) || ts.isNewExpression(init)) && STREAM_FACTORY.test(init.expression.getText(sf));
      if (typed || made) out.add(node.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function isStreamLike(expr: ts.Expression, sf: ts.SourceFile, declared: ReadonlySet<string>): boolean {
  if (ts.isAsExpression(expr) && STREAM_TYPE.test(expr.type.getText(sf))) return true;
  const e = unwrap(expr);
  if (ts.isCallExpression(e) || ts.isNewExpression(e)) return STREAM_FACTORY.test(e.expression.getText(sf));
  if (ts.isIdentifier(e)) return declared.has(e.text) || STREAM_NAME.test(e.text);
  if (ts.isPropertyAccessExpression(e)) return STREAM_NAME.test(e.name.text);
  return false;
}

const isObjectAssign = (node: ts.CallExpression): boolean =>
  ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression)
  && node.expression.expression.text === 'Object' && node.expression.name.text === 'assign';

/** `x as <stream type> & { ... }`: a stream probed for a property its type does not have. */
function isStreamProbe(node: ts.AsExpression, sf: ts.SourceFile): boolean {
  const t = node.type;
  return ts.isIntersectionTypeNode(t) && t.types.some((m) => ts.isTypeLiteralNode(m))
    && t.types.some((m) => !ts.isTypeLiteralNode(m) && STREAM_TYPE.test(m.getText(sf)));
}

/** The contract violations of one file (`file` is repo-relative). */
export function checkContractHygiene(file: string, text: string): Violation[] {
  const inSrc = file.startsWith('src/');
  const inObject = file.startsWith('src/object/') && file !== 'src/object/object-layer.ts';
  const inMultipart = file.startsWith('src/object/multipart/');
  if (!inSrc) return [];
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const declared = streamNames(sf);
  const found = new Map<string, Violation>();
  const report = (rule: string, node: ts.Node, message: string): void => {
    const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
    const id = `${rule}:${line}`;
    if (!found.has(id)) found.set(id, { rule, file, line, message });
  };
  const visit = (node: ts.Node, depth: number): void => {
    if (depth > 500) return;
    if (ts.isCallExpression(node) && isObjectAssign(node) && node.arguments[0] !== undefined && isStreamLike(node.arguments[0], sf, declared)) {
      report('duck-typed-stream', node, `Object.assign on "${node.arguments[0].getText(sf).slice(0, 40)}": give the result type a field instead`);
    }
    if (ts.isAsExpression(node) && isStreamProbe(node, sf)) {
      report('duck-typed-stream', node, `"${node.type.getText(sf).slice(0, 60)}": a stream probed for an untyped property`);
    }
    if (ts.isPropertySignature(node) && RELEASE_PROBE.test(node.getText(sf))) {
      report('duck-typed-stream', node, '`releaseChunk?: unknown`: a duck-typed stream property');
    }
    if (inObject && ts.isIdentifier(node) && LAYER_FN.test(node.text)) {
      report('layer-callback', node, `${node.text}: an ObjectLayer method as a callback; call the operation's function`);
    }
    if (inObject && ts.isIndexedAccessTypeNode(node) && ts.isTypeReferenceNode(node.objectType)
      && node.objectType.typeName.getText(sf) === 'ObjectLayer') {
      report('layer-callback', node, `${node.getText(sf).slice(0, 60)}: a type taken from an ObjectLayer method`);
    }
    if (inMultipart && ts.isIdentifier(node) && node.text === 'ObjectLayer') {
      report('layer-callback', node, 'object/multipart/ refers to the ObjectLayer interface: use the request and result types');
    }
    ts.forEachChild(node, (child) => visit(child, depth + 1));
  };
  visit(sf, 0);
  return [...found.values()];
}
