/**
 * Golden record fixtures (`test/fixtures/format/<name>.bin` and `.json`): the bytes as stored on
 * drives, and the record they decode to. In the JSON, `{ "$hex": "..." }` stands for bytes.
 * Fixtures are written once, when a record version is introduced, and never regenerated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';

const dir = (): string => join(repoRoot(), 'test', 'fixtures', 'format');

export function formatFixtureBytes(name: string): Buffer {
  return readFileSync(join(dir(), `${name}.bin`));
}

/** The fixture's record as stored: parsed, with no defaults filled in. */
export function formatFixtureRecord<T>(name: string): T {
  const json = readFileSync(join(dir(), `${name}.json`), 'utf8');
  return JSON.parse(json, (_k, v) => (v && typeof v === 'object' && typeof v.$hex === 'string' ? Buffer.from(v.$hex, 'hex') : v)) as T;
}
