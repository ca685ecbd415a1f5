/**
 * The layering rules of ARCHITECTURE.md ("Layers" and invariant 1), as checks over the import
 * graph that import-scan.ts builds. Only production files count: colocated `*.test.ts` files may
 * cross layers (cross-checks of types, golden fixtures read from disk, concrete backends).
 *
 * Each rule names its id; ARCHITECTURE.md lists the same ids.
 */
import type { ImportEdge } from './import-scan.js';

export interface Violation {
  readonly rule: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface Graph {
  readonly files: readonly string[];
  readonly edges: readonly ImportEdge[];
  /** Text of a repo-relative file (for `import *` / `export *` of a module that holds a concrete backend). */
  readonly readText: (file: string) => string | undefined;
}

/** `path` is the file `dir + '.ts'` or lies below the folder `dir`. */
export function inside(path: string, dir: string): boolean {
  return path === `${dir}.ts` || path.startsWith(`${dir}/`);
}

const insideAny = (path: string, dirs: readonly string[]): boolean => dirs.some((d) => inside(path, d));

export const isTestFile = (f: string): boolean => f.endsWith('.test.ts');

/** Top-level folder of src ('src/s3/xml/a.ts' -> 's3'); undefined outside src. */
export function topArea(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] !== 'src' || parts.length < 2) return undefined;
  // iam/ holds layers apart: the policy core (L2, below s3/), the store (L4), the IAM API (a
  // surface that reuses s3/sigv4): each of its subfolders is an area of its own.
  if (parts[1] === 'iam' && parts.length > 2) return `iam/${parts[2]!.replace(/\.ts$/, '')}`;
  return parts[1]!.replace(/\.ts$/, '');
}

/** Entry points and composition roots: may import anything and construct concrete backends. */
export const COMPOSITION = ['src/compose', 'src/bin', 'src/cluster-mode'];
export const S3_PURE_CORES = ['src/s3/sigv4', 'src/s3/sigv2', 'src/s3/xml', 'src/s3/router', 'src/s3/operations'];
export const STORAGE_PURE_CORES = ['src/storage/erasure', 'src/storage/format'];
/** The IAM policy language engine: pure, below every surface. */
export const POLICY_CORE = 'src/iam/policy';
/** Accounts and IAM identities: persisted in the system bucket, cached (L4, beside object/). */
export const IAM_STORE = 'src/iam/store';
/** The IAM query API (a surface like admin/: it reuses the S3 SigV4 cores and request helpers). */
export const IAM_API = 'src/iam/api';
/** STS core (tokens, sessions, trust, actions): pure; its I/O (OpenID, LDAP) lives in STS_IDP. */
export const STS_CORE = 'src/iam/sts';
export const STS_IDP = 'src/iam/sts/idp';
/** The STS HTTP endpoint (a surface like admin/). */
export const STS_API = 'src/sts-api';
const inStsCore = (f: string): boolean => inside(f, STS_CORE) && !inside(f, STS_IDP);
/** The encryption cores (package format, key sealing, built-in KMS): node:crypto, no I/O. */
export const CRYPTO_CORE = 'src/crypto';
/** The lifecycle model and evaluator: pure, below both the S3 handlers and the workers that use it. */
export const LIFECYCLE_CORE = 'src/lifecycle';
/** Bucket versioning rules shared by the S3 handlers and the lifecycle worker (MinIO's excluded prefixes): pure. */
export const VERSIONING_CORE = 'src/versioning';
/** What object/ and workers/ may import of storage/: its index, the two contracts, the format. */
export const STORAGE_SURFACE = [
  'src/storage/index.ts', 'src/storage/storage.ts', 'src/storage/drive/drive.ts', 'src/storage/format/index.ts',
];
/** What workers/ may import of object/. */
export const OBJECT_SURFACE_FOR_WORKERS = ['src/object/index.ts', 'src/object/object-layer.ts', 'src/object/heal/index.ts'];
/** The only file of object/ the surfaces (s3, http) may import: the ObjectLayer contract. */
export const OBJECT_CONTRACT = 'src/object/object-layer.ts';
/** What admin-client/ may import of admin/: the AdminBackend types and the wire documents. */
export const ADMIN_CONTRACT = ['src/admin/admin-backend.ts', 'src/admin/wire-types.ts', 'src/admin/iam-wire-types.ts'];
/** What admin-client/ may import of metrics/: the bearer token it prints a scrape config with. */
export const METRICS_TOKEN = 'src/metrics/prometheus-token.ts';
/** The pure audit chain files `cairn admin audit verify` uses (admin-client/ may import them). */
export const AUDIT_CHAIN = ['src/audit/audit-chain.ts', 'src/audit/chain-verify.ts'];

const IO_MODULES = new Set([
  'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'tls', 'dgram', 'child_process', 'cluster',
  'worker_threads', 'readline',
].flatMap((m) => [m, `node:${m}`]).concat(['lmdb']));

/** Value names that construct a concrete backend, and the folder that defines each. */
export const CONCRETE_BACKENDS: Readonly<Record<string, string>> = {
  LocalDrive: 'src/storage',
  HealthTrackedDrive: 'src/storage',
  OfflineDrive: 'src/storage',
  FaultyDrive: 'src/storage',
  LmdbMetaStore: 'src/storage',
  ErasureSetImpl: 'src/storage',
  createStorage: 'src/storage',
  ErasureObjectLayer: 'src/object',
  createLayerContext: 'src/object',
  createServedLayer: 'src/compose',
  createErasureObjectLayer: 'src/compose',
};

type EdgeRule = { readonly id: string; readonly check: (e: ImportEdge) => string | undefined };

const forbidDirs = (id: string, from: readonly string[], banned: readonly string[], why: string): EdgeRule => ({
  id,
  check: (e) => (insideAny(e.from, from) && insideAny(e.target, banned) ? `${why}: imports ${e.target}` : undefined),
});

const onlyInternal = (id: string, from: readonly string[], allowed: readonly string[], why: string): EdgeRule => ({
  id,
  check: (e) =>
    insideAny(e.from, from) && e.target.startsWith('src/') && !insideAny(e.target, allowed)
      ? `${why}: imports ${e.target}`
      : undefined,
});

/** Files below `scope` that import `area` only through the files in `surface`. */
const throughSurface = (id: string, scope: readonly string[], area: string, surface: readonly string[]): EdgeRule => ({
  id,
  check: (e) =>
    insideAny(e.from, scope) && inside(e.target, area) && !surface.includes(e.target)
      ? `${area}/ only through ${surface.join(', ')}: imports ${e.target}`
      : undefined,
});

export const EDGE_RULES: readonly EdgeRule[] = [
  onlyInternal('util-is-leaf', ['src/util'], ['src/util'], 'util/ imports nothing internal'),
  onlyInternal('errors-low', ['src/errors'], ['src/errors', 'src/util'], 'errors/ imports only util/'),
  onlyInternal('config-low', ['src/config'], ['src/config', 'src/errors', 'src/util'], 'config/ imports only errors/ and util/'),
  onlyInternal('crypto-low', [CRYPTO_CORE], [CRYPTO_CORE, 'src/errors', 'src/util'], 'crypto/ imports only errors/ and util/'),
  {
    id: 'pure-no-io',
    check: (e) =>
      insideAny(e.from, [...S3_PURE_CORES, ...STORAGE_PURE_CORES, POLICY_CORE, CRYPTO_CORE, LIFECYCLE_CORE, VERSIONING_CORE]) && !e.isTypeOnly && IO_MODULES.has(e.target)
        ? `pure core does no I/O: imports ${e.target}`
        : undefined,
  },
  onlyInternal('s3-cores-low', S3_PURE_CORES, ['src/util', 'src/errors', ...S3_PURE_CORES, OBJECT_CONTRACT.slice(0, -3)],
    's3 pure cores import only util/, errors/, other s3 pure cores and the ObjectLayer types'),
  onlyInternal('lifecycle-low', [LIFECYCLE_CORE], [LIFECYCLE_CORE, 'src/util', 'src/errors'],
    'lifecycle/ is a pure core: it imports only util/ and errors/'),
  onlyInternal('versioning-low', [VERSIONING_CORE], [VERSIONING_CORE],
    'versioning/ is a pure core: it imports nothing internal'),
  onlyInternal('format-low', ['src/storage/format'], ['src/storage/format', 'src/errors', 'src/util'],
    'storage/format imports only errors/ and util/'),
  onlyInternal('erasure-low', ['src/storage/erasure'],
    ['src/storage/erasure', 'src/storage/storage', 'src/storage/drive/drive', 'src/errors', 'src/util'],
    'storage/erasure does I/O only through the Drive contract'),
  onlyInternal('policy-core-low', [POLICY_CORE], [POLICY_CORE, 'src/errors/domain-errors', 'src/util'],
    'iam/policy imports only util/ and the domain errors'),
  onlyInternal('iam-store-low', [IAM_STORE],
    [IAM_STORE, POLICY_CORE, 'src/iam/caller', 'src/object/index', 'src/errors/domain-errors', 'src/util'],
    'iam/store imports only the policy core, the caller contract, the system store (object/index.ts), domain errors and util/'),
  forbidDirs('iam-api-surface', [IAM_API],
    ['src/storage', 'src/workers', 'src/object', 'src/config', 'src/s3/handlers', 'src/admin', 'src/admin-client', ...COMPOSITION],
    'the IAM API reads and changes IAM state only through iam/store; compose/ mounts it'),
  forbidDirs('no-s3-errors-below', ['src/util', 'src/config', 'src/storage', 'src/object', 'src/workers', POLICY_CORE, IAM_STORE, STS_CORE],
    ['src/errors/s3-error', 'src/errors/to-s3-error', 'src/errors/s3-codes'],
    'below s3/ errors are domain errors (ERR_<AREA>_<NAME>); only toS3Error() maps them'),
  forbidDirs('storage-down', ['src/storage'],
    ['src/object', 'src/s3', 'src/http', 'src/workers', ...COMPOSITION], 'storage/ never sees objects or requests'),
  forbidDirs('object-down', ['src/object'],
    ['src/s3', 'src/http', 'src/workers', ...COMPOSITION], 'object/ knows nothing of HTTP, S3 or its callers'),
  throughSurface('object-storage-surface', ['src/object'], 'src/storage', STORAGE_SURFACE),
  forbidDirs('workers-down', ['src/workers'], ['src/s3', 'src/http', ...COMPOSITION], 'workers/ are services below the surfaces'),
  throughSurface('workers-storage-surface', ['src/workers'], 'src/storage', STORAGE_SURFACE),
  throughSurface('workers-object-surface', ['src/workers'], 'src/object', OBJECT_SURFACE_FOR_WORKERS),
  forbidDirs('surfaces-no-storage', ['src/s3', 'src/http'],
    ['src/storage', 'src/workers', 'src/config', ...COMPOSITION], 's3/ and http/ reach data only through ObjectLayer'),
  throughSurface('surfaces-object-contract', ['src/s3', 'src/http'], 'src/object', [OBJECT_CONTRACT]),
  forbidDirs('admin-no-storage', ['src/admin'],
    ['src/storage', 'src/workers', 'src/object', 'src/config', 'src/s3/handlers', 'src/admin-client', 'src/kms', ...COMPOSITION],
    'admin/ reaches the deployment (and the KMS) only through AdminBackend (compose/ implements it)'),
  onlyInternal('admin-client-low', ['src/admin-client'],
    ['src/admin-client', 'src/util', 'src/errors', 'src/s3/sigv4', ...ADMIN_CONTRACT.map((f) => f.slice(0, -3)), METRICS_TOKEN.slice(0, -3),
      ...AUDIT_CHAIN.map((f) => f.slice(0, -3))],
    'admin-client/ uses only the SigV4 cores, the admin wire types, the metrics bearer token and the audit chain check'),
  forbidDirs('metrics-no-engine', ['src/metrics'],
    ['src/storage', 'src/workers', 'src/object', 'src/config', 'src/s3/handlers', 'src/admin-client', 'src/kms', ...COMPOSITION],
    'metrics/ reads the deployment through AdminBackend and DeploymentSources (compose/ wires them)'),
  onlyInternal('metrics-token-low', [METRICS_TOKEN.slice(0, -3)], ['src/util'],
    'metrics/prometheus-token.ts imports only util/ (admin-client/ uses it)'),
  forbidDirs('surfaces-no-metrics', ['src/s3', 'src/http', 'src/admin', 'src/storage', 'src/object', 'src/workers', 'src/iam'], ['src/metrics'],
    'metrics subscribe to diagnostics_channel events and snapshots; nothing below compose/ imports them'),
  forbidDirs('surfaces-no-audit', ['src/s3', 'src/http', 'src/admin', 'src/storage', 'src/object', 'src/workers', 'src/metrics'], ['src/audit'],
    'the audit log subscribes to diagnostics_channel request events; nothing below compose/ imports it'),
  forbidDirs('audit-no-engine', ['src/audit'],
    ['src/storage', 'src/workers', 'src/object', 'src/s3/handlers', 'src/admin', 'src/admin-client', 'src/metrics', ...COMPOSITION],
    'audit/ sees requests only through their trace events (s3/pipeline/request-events.ts); compose/ wires it'),
  onlyInternal('audit-chain-low', AUDIT_CHAIN.map((f) => f.slice(0, -3)), ['src/util', ...AUDIT_CHAIN.map((f) => f.slice(0, -3))],
    'the audit chain check is pure and imports only util/ (admin-client/ uses it)'),
  forbidDirs('surfaces-no-admin', ['src/s3', 'src/http', STS_API], ['src/admin', 'src/admin-client'],
    'the admin API is mounted in front of the S3 listener (compose/), s3/ and http/ do not know it'),
  onlyInternal('kms-low', ['src/kms'], ['src/kms', 'src/util', 'src/errors', 'src/crypto'],
    'kms/ (the Vault/KES clients of the crypto/ Kms contract) imports only crypto/, util/ and errors/'),
  {
    id: 'sts-core-low',
    check: (e) => {
      if (!inStsCore(e.from)) return undefined;
      if (!e.isTypeOnly && IO_MODULES.has(e.target)) return `the STS core does no I/O (that is iam/sts/idp's): imports ${e.target}`;
      const ok = [STS_CORE, POLICY_CORE, 'src/iam/caller', 'src/errors/domain-errors', 'src/util'];
      return e.target.startsWith('src/') && (!insideAny(e.target, ok) || inside(e.target, STS_IDP))
        ? `iam/sts imports only itself, iam/policy, iam/caller, the domain errors and util/: imports ${e.target}` : undefined;
    },
  },
  onlyInternal('sts-idp-low', [STS_IDP], [STS_CORE, POLICY_CORE, 'src/iam/caller', 'src/config/identity-config', 'src/errors/domain-errors', 'src/util'],
    'iam/sts/idp (OpenID discovery/JWKS, LDAP) imports only the STS core, its config types, the domain errors and util/'),
  forbidDirs('sts-api-surface', [STS_API],
    ['src/storage', 'src/workers', 'src/object', 'src/config', 'src/s3/handlers', 'src/admin', 'src/admin-client', 'src/metrics', 'src/audit', STS_IDP, ...COMPOSITION],
    'sts-api/ is a surface: the STS core behind interfaces, the SigV4 core and pipeline helpers; compose/ wires the providers'),
  forbidDirs('handlers-no-pipeline', ['src/s3/handlers'],
    ['src/s3/pipeline', 'src/s3/sigv4', 'src/s3/sigv2'], 'handlers do no auth, logging or metrics (the pipeline does)'),
];

function concreteNames(e: ImportEdge, readText: Graph['readText']): string[] {
  const names = Object.keys(CONCRETE_BACKENDS);
  if (!e.isRelative || e.isTypeOnly) return [];
  if (!e.valueNames.includes('*')) return e.valueNames.filter((n) => names.includes(n));
  const text = readText(e.target) ?? '';
  return names.filter((n) => new RegExp(`\\b${n}\\b`).test(text));
}

/** Concrete backends are named (imported as values) only in composition roots and their home folder. */
function concreteConstruction(g: Graph, edges: readonly ImportEdge[]): Violation[] {
  const out: Violation[] = [];
  for (const e of edges) {
    if (insideAny(e.from, COMPOSITION)) continue;
    for (const name of concreteNames(e, g.readText)) {
      const home = CONCRETE_BACKENDS[name]!;
      if (inside(e.from, home)) continue;
      out.push({ rule: 'concrete-only-in-compose', file: e.from, line: e.line,
        message: `only compose/, bin/, cluster-mode/ pick implementations: imports ${name} from ${e.target}` });
    }
  }
  return out;
}

/** Operation files: what s3/handlers/index.ts imports from a family folder (object/, bucket/, ...). */
export function operationFiles(edges: readonly ImportEdge[]): Set<string> {
  const ops = new Set<string>();
  for (const e of edges) {
    if (e.from !== 'src/s3/handlers/index.ts') continue;
    if (/^src\/s3\/handlers\/[^/]+\/[^/]+\.ts$/.test(e.target)) ops.add(e.target);
  }
  return ops;
}

function handlerCrosstalk(edges: readonly ImportEdge[]): Violation[] {
  const ops = operationFiles(edges);
  return edges
    .filter((e) => ops.has(e.from) && ops.has(e.target))
    .map((e) => ({ rule: 'handlers-independent', file: e.from, line: e.line,
      message: `an operation file imports another (${e.target}); shared code goes in handlers/common or a family helper` }));
}

/** Strongly connected components (size > 1, or a self-loop) of a directed graph; Tarjan, iterative. */
export function cycles(nodes: readonly string[], succ: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; it: Iterator<string> }> = [];
    const enter = (n: string): void => {
      index.set(n, next); low.set(n, next); next++;
      stack.push(n); onStack.add(n);
      work.push({ node: n, it: (succ.get(n) ?? new Set<string>()).values() });
    };
    enter(root);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const step = top.it.next();
      if (!step.done) {
        const w = step.value;
        if (!index.has(w)) enter(w);
        else if (onStack.has(w)) low.set(top.node, Math.min(low.get(top.node)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1]!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const comp: string[] = [];
        for (let guard = 0; guard <= nodes.length + stack.length; guard++) {
          const w = stack.pop()!;
          onStack.delete(w);
          comp.push(w);
          if (w === top.node) break;
        }
        if (comp.length > 1 || succ.get(top.node)?.has(top.node)) out.push(comp.sort());
      }
    }
  }
  return out;
}

function areaCycles(edges: readonly ImportEdge[]): Violation[] {
  const succ = new Map<string, Set<string>>();
  const witness = new Map<string, ImportEdge>();
  for (const e of edges) {
    const a = topArea(e.from);
    const b = topArea(e.target);
    if (a === undefined || b === undefined || a === b) continue;
    if (!succ.has(a)) succ.set(a, new Set());
    succ.get(a)!.add(b);
    if (!witness.has(`${a}>${b}`)) witness.set(`${a}>${b}`, e);
  }
  const nodes = [...new Set([...succ.keys(), ...[...succ.values()].flatMap((s) => [...s])])].sort();
  return cycles(nodes, succ).map((comp) => {
    const inComp = [...witness.entries()].filter(([k]) => {
      const [a, b] = k.split('>');
      return comp.includes(a!) && comp.includes(b!);
    });
    const first = inComp[0]?.[1];
    return { rule: 'no-area-cycles', file: first?.from ?? comp[0]!, line: first?.line ?? 0,
      message: `import cycle between src/ folders ${comp.join(' <-> ')}: ${inComp.map(([, e]) => `${e.from} -> ${e.target}`).join('; ')}` };
  });
}

/** Every violation of every rule, over the production files of the graph. */
export function checkLayering(g: Graph): Violation[] {
  const edges = g.edges.filter((e) => !isTestFile(e.from));
  const out: Violation[] = [];
  for (const e of edges) {
    for (const rule of EDGE_RULES) {
      const message = rule.check(e);
      if (message !== undefined) out.push({ rule: rule.id, file: e.from, line: e.line, message });
    }
  }
  out.push(...concreteConstruction(g, edges), ...handlerCrosstalk(edges), ...areaCycles(edges));
  return out;
}

export function formatViolation(v: Violation): string {
  return `[${v.rule}] ${v.file}:${v.line} ${v.message}`;
}
