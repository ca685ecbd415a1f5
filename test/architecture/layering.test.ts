/**
 * Layering check (ARCHITECTURE.md, "Layers" and "Enforced rules"): scans the imports of every
 * src/**\/*.ts and fails on any import that breaks a rule. The first tests pin the scanner and
 * each rule on small made-up graphs, so that a broken check cannot pass silently.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/repo-root.js';
import { scanSource, scanTree, type ImportEdge } from './import-scan.js';
import { checkLayering, cycles, formatViolation, type Graph } from './layering-rules.js';

function graphOf(sources: Record<string, string>): Graph {
  const files = Object.keys(sources);
  return {
    files,
    edges: files.flatMap((f) => scanSource(f, sources[f]!)),
    readText: (f) => sources[f],
  };
}

const rulesHit = (sources: Record<string, string>): string[] => checkLayering(graphOf(sources)).map((v) => v.rule).sort();

test('scanner: resolves specifiers, tells type-only from value imports, ignores comments and strings', () => {
  const text = [
    "import type { Drive } from '../storage/drive/drive.js';",
    "import { type A, type B } from './types.js';",
    "import { readFile } from 'node:fs/promises';",
    "import { LocalDrive as LD, type X } from '../storage/index.js';",
    "export { S3Error } from '../errors/s3-error.js';",
    "export * from './all.js';",
    "// import { Nope } from '../comment.js';",
    "const s = \"import { Nope } from '../string.js'\";",
    "async function f() { return import('../lazy.js'); }",
    "type T = import('../typed.js').T;",
  ].join('\n');
  const edges = scanSource('src/object/x.ts', text);
  const by = (t: string): ImportEdge => {
    const e = edges.find((x) => x.target === t);
    assert.ok(e, `no edge to ${t}`);
    return e;
  };
  assert.deepEqual(edges.map((e) => e.target), [
    'src/storage/drive/drive.ts', 'src/object/types.ts', 'node:fs/promises', 'src/storage/index.ts',
    'src/errors/s3-error.ts', 'src/object/all.ts', 'src/lazy.ts', 'src/typed.ts',
  ]);
  assert.equal(by('src/storage/drive/drive.ts').isTypeOnly, true);
  assert.equal(by('src/object/types.ts').isTypeOnly, true);
  assert.equal(by('node:fs/promises').isTypeOnly, false);
  assert.equal(by('node:fs/promises').isRelative, false);
  assert.deepEqual(by('src/storage/index.ts').valueNames, ['LocalDrive']);
  assert.deepEqual(by('src/object/all.ts').valueNames, ['*']);
  assert.equal(by('src/lazy.ts').isTypeOnly, false);
  assert.equal(by('src/typed.ts').isTypeOnly, true);
  assert.equal(by('src/errors/s3-error.ts').line, 5);
});

test('rules: each kind of violation is reported', () => {
  assert.deepEqual(rulesHit({ 'src/util/a.ts': "import { x } from '../object/index.js';" }), ['util-is-leaf']);
  assert.deepEqual(rulesHit({ 'src/errors/a.ts': "import { x } from '../config/index.js';" }), ['errors-low']);
  assert.deepEqual(rulesHit({ 'src/s3/sigv4/a.ts': "import { readFile } from 'node:fs';" }), ['pure-no-io']);
  assert.deepEqual(rulesHit({ 'src/crypto/a.ts': "import { readFile } from 'node:fs';" }), ['pure-no-io']);
  assert.deepEqual(rulesHit({ 'src/crypto/a.ts': "import { createHmac } from 'node:crypto';" }), []);
  assert.deepEqual(rulesHit({ 'src/crypto/a.ts': "import { DecryptionFailedError } from '../errors/domain-errors.js';" }), []);
  assert.deepEqual(rulesHit({ 'src/crypto/a.ts': "import type { ObjectLayer } from '../object/object-layer.js';" }), ['crypto-low']);
  assert.deepEqual(rulesHit({ 'src/crypto/a.ts': "import { loadConfig } from '../config/index.js';" }), ['crypto-low']);
  assert.deepEqual(rulesHit({ 'src/storage/format/a.ts': "import * as net from 'net';" }), ['pure-no-io']);
  assert.deepEqual(rulesHit({ 'src/lifecycle/a.ts': "import type { ObjectLayer } from '../object/object-layer.js';" }), ['lifecycle-low']);
  assert.deepEqual(rulesHit({ 'src/lifecycle/a.ts': "import { readFile } from 'node:fs/promises';" }), ['pure-no-io']);
  assert.deepEqual(rulesHit({ 'src/versioning/a.ts': "import type { ObjectLayer } from '../object/object-layer.js';" }), ['versioning-low']);
  assert.deepEqual(rulesHit({ 'src/versioning/a.ts': "import { readFile } from 'node:fs/promises';" }), ['pure-no-io']);
  assert.deepEqual(rulesHit({ 'src/s3/sigv4/a.ts': "import type { IncomingHttpHeaders } from 'node:http';" }), []);
  assert.deepEqual(rulesHit({ 'src/s3/xml/a.ts': "import type { S3Request } from '../handlers/handler.js';" }), ['s3-cores-low']);
  assert.deepEqual(rulesHit({ 'src/storage/erasure/a.ts': "import { x } from '../drive/local-drive.js';" }), ['erasure-low']);
  assert.deepEqual(rulesHit({ 'src/storage/a.ts': "import type { ObjectLayer } from '../object/object-layer.js';" }), ['storage-down']);
  assert.deepEqual(rulesHit({ 'src/object/a.ts': "import { S3Error } from '../errors/s3-error.js';" }), ['no-s3-errors-below']);
  assert.deepEqual(rulesHit({ 'src/object/a.ts': "import { QuorumError } from '../errors/domain-errors.js';" }), []);
  assert.deepEqual(rulesHit({ 'src/object/a.ts': "import type { S3Request } from '../s3/handlers/handler.js';" }), ['object-down']);
  assert.deepEqual(rulesHit({ 'src/object/a.ts': "import { shardGeometry } from '../storage/erasure/shard-geometry.js';" }),
    ['object-storage-surface']);
  assert.deepEqual(rulesHit({ 'src/object/a.ts': "import { decodeObjectRecord } from '../storage/format/index.js';" }), []);
  assert.deepEqual(rulesHit({ 'src/workers/a.ts': "import type { LayerContext } from '../object/layer-context.js';" }),
    ['workers-object-surface']);
  assert.deepEqual(rulesHit({ 'src/s3/handlers/a.ts': "import type { Drive } from '../../storage/drive/drive.js';" }),
    ['surfaces-no-storage']);
  assert.deepEqual(rulesHit({ 'src/http/a.ts': "import { ErasureObjectLayer } from '../object/index.js';" }),
    ['concrete-only-in-compose', 'surfaces-object-contract']);
  assert.deepEqual(rulesHit({ 'src/s3/handlers/object/a.ts': "import { x } from '../../pipeline/logger.js';" }),
    ['handlers-no-pipeline']);
  assert.deepEqual(rulesHit({ 'src/workers/a.ts': "import { LocalDrive } from '../storage/index.js';" }),
    ['concrete-only-in-compose']);
  assert.deepEqual(rulesHit({ 'src/compose/a.ts': "import { LocalDrive } from '../storage/index.js';" }), []);
  assert.deepEqual(rulesHit({ 'src/storage/a.ts': "import { LocalDrive } from './drive/local-drive.js';" }), []);
  // `import *` of a module that names a concrete backend counts as naming it.
  assert.deepEqual(rulesHit({
    'src/workers/a.ts': "import * as storage from '../storage/index.js';",
    'src/storage/index.ts': "export { createStorage } from './create-storage.js';",
  }), ['concrete-only-in-compose']);
  assert.deepEqual(rulesHit({ 'src/admin/a.ts': "import type { Storage } from '../storage/storage.js';" }), ['admin-no-storage']);
  assert.deepEqual(rulesHit({ 'src/admin/a.ts': "import { HealQueue } from '../workers/index.js';" }), ['admin-no-storage']);
  assert.deepEqual(rulesHit({ 'src/admin/a.ts': "import { authenticate } from '../s3/sigv4/index.js';" }), []);
  assert.deepEqual(rulesHit({ 'src/admin-client/a.ts': "import { x } from '../admin/admin-listener.js';" }), ['admin-client-low']);
  assert.deepEqual(rulesHit({ 'src/admin-client/a.ts': "import type { InfoDocument } from '../admin/wire-types.js';" }), []);
  assert.deepEqual(rulesHit({ 'src/admin-client/a.ts': "import { sha256Hex } from '../s3/sigv4/canonical-request.js';" }), []);
  assert.deepEqual(rulesHit({ 'src/s3/a.ts': "import { withAdminApi } from '../admin/index.js';" }), ['surfaces-no-admin']);
  assert.deepEqual(rulesHit({ 'src/iam/policy/a.ts': "import { readFile } from 'node:fs';" }), ['pure-no-io']);
  assert.deepEqual(rulesHit({ 'src/iam/policy/a.ts': "import type { S3Request } from '../../s3/handlers/handler.js';" }),
    ['policy-core-low']);
  assert.deepEqual(rulesHit({ 'src/iam/policy/a.ts': "import { S3Error } from '../../errors/s3-error.js';" }),
    ['no-s3-errors-below', 'policy-core-low']);
  assert.deepEqual(rulesHit({ 'src/iam/policy/a.ts': "import { MalformedPolicyError } from '../../errors/domain-errors.js';" }), []);
  assert.deepEqual(rulesHit({ 'src/kms/a.ts': "import type { Storage } from '../storage/storage.js';" }), ['kms-low']);
  assert.deepEqual(rulesHit({ 'src/iam/sts/a.ts': "import { Client } from 'node:net';" }), ['sts-core-low']);
  assert.deepEqual(rulesHit({ 'src/iam/sts/a.ts': "import { LdapDirectory } from './idp/ldap-identity.js';" }), ['sts-core-low']);
  assert.deepEqual(rulesHit({ 'src/iam/sts/a.ts': "import { S3Error } from '../../errors/s3-error.js';" }), ['no-s3-errors-below', 'sts-core-low']);
  assert.deepEqual(rulesHit({ 'src/iam/sts/a.ts': "import { parsePolicy } from '../policy/index.js';" }), []);
  assert.deepEqual(rulesHit({ 'src/iam/sts/idp/a.ts': "import type { S3Request } from '../../../s3/handlers/handler.js';" }), ['sts-idp-low']);
  assert.deepEqual(rulesHit({ 'src/sts-api/a.ts': "import type { Storage } from '../storage/storage.js';" }), ['sts-api-surface']);
  assert.deepEqual(rulesHit({ 'src/kms/a.ts': "import { KmsUnavailableError } from '../errors/domain-errors.js';" }), []);
  assert.deepEqual(rulesHit({ 'src/s3/a.ts': "import { AuditLog } from '../audit/index.js';" }), ['surfaces-no-audit']);
  assert.deepEqual(rulesHit({ 'src/metrics/a.ts': "import type { AuditTargetStats } from '../audit/index.js';" }), ['surfaces-no-audit']);
  assert.deepEqual(rulesHit({ 'src/audit/a.ts': "import type { Storage } from '../storage/storage.js';" }), ['audit-no-engine']);
  assert.deepEqual(rulesHit({ 'src/audit/a.ts': "import { REQUEST_END_CHANNEL } from '../s3/pipeline/request-events.js';" }), []);
  assert.deepEqual(rulesHit({ 'src/audit/audit-chain.ts': "import type { AuditRecord } from './audit-record.js';" }), ['audit-chain-low']);
  assert.deepEqual(rulesHit({ 'src/admin-client/a.ts': "import { verifyChainLines } from '../audit/chain-verify.js';" }), []);
  assert.deepEqual(rulesHit({ 'src/admin-client/a.ts': "import { AuditLog } from '../audit/audit-log.js';" }), ['admin-client-low']);
  // Colocated tests may cross layers.
  assert.deepEqual(rulesHit({ 'src/util/a.test.ts': "import type { X } from '../object/object-layer.js';" }), []);
});

test('rules: handler operation files do not import each other; family helpers are fine', () => {
  const hits = rulesHit({
    'src/s3/handlers/index.ts': [
      "import { putObject } from './object/put-object.js';",
      "import { getObject } from './object/get-object.js';",
    ].join('\n'),
    'src/s3/handlers/object/put-object.ts': "import { x } from './get-object.js';\nimport { y } from './tags-helper.js';",
    'src/s3/handlers/object/get-object.ts': "import { y } from '../common/range.js';",
  });
  assert.deepEqual(hits, ['handlers-independent']);
});

test('rules: import cycles between src/ folders are found', () => {
  const v = checkLayering(graphOf({
    'src/compose/a.ts': "import { x } from '../bin/b.js';",
    'src/bin/b.ts': "import { y } from '../compose/a.js';",
  }));
  assert.deepEqual(v.map((x) => x.rule), ['no-area-cycles']);
  assert.match(v[0]!.message, /bin <-> compose/);
  const succ = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])], ['d', new Set(['a'])]]);
  assert.deepEqual(cycles(['a', 'b', 'c', 'd'], succ), [['a', 'b', 'c']]);
  assert.deepEqual(cycles(['a', 'b'], new Map([['a', new Set(['b'])]])), []);
});

test('src/ obeys the layering rules', () => {
  const root = repoRoot();
  const { files, edges } = scanTree(root, 'src');
  assert.ok(files.length > 100, `expected the whole src tree, scanned ${files.length} files`);
  assert.ok(edges.some((e) => e.from === 'src/s3/handlers/index.ts'), 'the handler table was scanned');
  const readText = (f: string): string | undefined => (existsSync(join(root, f)) ? readFileSync(join(root, f), 'utf8') : undefined);
  const violations = checkLayering({ files, edges, readText });
  assert.deepEqual(violations.map(formatViolation), []);
});
