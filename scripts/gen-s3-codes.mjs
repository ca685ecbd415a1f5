#!/usr/bin/env node
/**
 * Generates src/errors/s3-codes.ts from src/errors/s3-codes.data.json.
 *   node scripts/gen-s3-codes.mjs          write the file
 *   node scripts/gen-s3-codes.mjs --check  exit 1 when the file differs from what would be generated
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataPath = join(root, 'src/errors/s3-codes.data.json');
const outPath = join(root, 'src/errors/s3-codes.ts');

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function quote(s) {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function render(data) {
  const codes = data.codes;
  if (typeof codes !== 'object' || codes === null) throw new Error('data file: "codes" object missing');
  const names = Object.keys(codes).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = [
    '/**',
    ' * S3 error codes: code -> HTTP status and default message, as AWS documents them',
    ' * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).',
    ' * Generated from s3-codes.data.json by scripts/gen-s3-codes.mjs (npm run gen:s3-codes);',
    ' * do not edit by hand.',
    ' */',
    'export const S3_CODES = {',
  ];
  for (const name of names) {
    const { status, message } = codes[name];
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new Error(`${name}: bad status ${status}`);
    if (typeof message !== 'string' || message.length === 0) throw new Error(`${name}: message missing`);
    const key = IDENT.test(name) ? name : quote(name);
    lines.push(`  ${key}: { status: ${status}, message: ${quote(message)} },`);
  }
  lines.push('} as const satisfies Record<string, { status: number; message: string }>;', '');
  lines.push('export type S3ErrorCode = keyof typeof S3_CODES;', '');
  return lines.join('\n');
}

function main() {
  const data = JSON.parse(readFileSync(dataPath, 'utf8'));
  const out = render(data);
  if (process.argv.includes('--check')) {
    let current = '';
    try { current = readFileSync(outPath, 'utf8'); } catch { /* missing counts as a diff */ }
    if (current !== out) {
      process.stderr.write('src/errors/s3-codes.ts is out of date: run npm run gen:s3-codes\n');
      process.exit(1);
    }
    return;
  }
  writeFileSync(outPath, out);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
