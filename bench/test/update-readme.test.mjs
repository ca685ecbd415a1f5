import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replaceSection } from '../update-readme.mjs';

test('only the Benchmarks section is replaced', () => {
  const readme = '# X\n\n## Tests\n\nt\n\n## Benchmarks\n\n_old_\n\n## Architecture\n\na\n';
  const out = replaceSection(readme, '## Benchmarks', '## Benchmarks\n\n| a |\n');
  assert.equal(out, '# X\n\n## Tests\n\nt\n\n## Benchmarks\n\n| a |\n\n## Architecture\n\na\n');
});

test('a last section runs to the end, and a missing one is an error', () => {
  assert.equal(replaceSection('# X\n\n## Benchmarks\nold\n', '## Benchmarks', '## Benchmarks\nnew'), '# X\n\n## Benchmarks\nnew\n\n');
  assert.throws(() => replaceSection('# X\n', '## Benchmarks', 'x'), /no "## Benchmarks" section/);
});
