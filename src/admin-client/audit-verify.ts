/**
 * `cairn admin audit verify FILE|-`: checks the hash chains of audit records given as JSON
 * lines (records, or Elasticsearch hits with `_source`), in any order. Local: no request is
 * sent. Exit 0 every chain intact, 1 a problem found (gap, edit, reorder, ...), 2 the input
 * could not be read.
 */
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { verifyChainLines, type VerifyReport } from '../audit/chain-verify.js';

export interface AuditVerifyIo {
  readonly out: (text: string) => void;
  /** Standard input (for `-`). */
  readonly stdin: NodeJS.ReadableStream;
}

export class AuditInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuditInputError';
  }
}

export function formatVerifyReport(r: VerifyReport): string {
  const lines = [`${r.records} records in ${r.chains.length} chain(s), ${r.duplicates} duplicate copies`];
  for (const c of r.chains) lines.push(`  ${c.chain}: seq ${c.firstSeq}..${c.lastSeq}, ${c.records} records`);
  if (r.problems.length === 0) lines.push('ok: every chain is intact');
  else {
    lines.push(`BROKEN: ${r.problems.length} problem(s)`);
    for (const p of r.problems) lines.push(`  ${p.kind}${p.chain === '' ? '' : ` ${p.chain}`} (line ${p.line}): ${p.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function readAuditLines(file: string, stdin: NodeJS.ReadableStream): Promise<string[]> {
  try {
    const content = file === '-' ? await text(stdin) : await readFile(file, 'utf8');
    return content.split('\n');
  } catch (err) {
    throw new AuditInputError(`cannot read ${file === '-' ? 'standard input' : file}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Verifies and prints; resolves with the report. */
export async function auditVerify(file: string, opts: { json: boolean; io: AuditVerifyIo }): Promise<VerifyReport> {
  const report = verifyChainLines(await readAuditLines(file, opts.io.stdin));
  opts.io.out(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerifyReport(report));
  return report;
}
