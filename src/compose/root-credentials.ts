/**
 * Root credentials, resolved once at start (compose.ts; the `--workers` primary in
 * cluster-mode/prepare-drives.ts), in this order:
 *  1. CAIRN_ROOT_USER / CAIRN_ROOT_PASSWORD set: used as given, never stored. When a stored
 *     pair differs, the result says so (`overridden`): the stored pair does not work while the
 *     variables are set, and the server says that on startup.
 *  2. The system object `.cairn.sys/config/root-credentials.json` (SystemStore): erasure coded
 *     and healed like user data, so losing up to parity drives does not lose them. The secret
 *     is sealed with the IAM sealing key (root-credentials-record.ts v2); a pair stored in the
 *     clear by an older version (v1) is stored again sealed (compare-and-swap on its ETag).
 *  3. A legacy loose file `<drive>/.cairn/root-credentials.json` on any drive: stored as the
 *     system object, and the loose files are removed only once that commit succeeded.
 *  4. Nothing anywhere (first start): a random access key (20 characters) and secret key (40)
 *     are generated, stored as the system object only if none exists yet (another process may
 *     have won; its pair is used), and reported as generated so the CLI prints them once.
 * Stored credentials that exist but cannot be read or decoded (the system object, or every
 * legacy file) fail the start with an error naming them: they are never silently replaced.
 * There is never a well-known default password.
 */
import { CorruptRecordError } from '../errors/domain-errors.js';
import type { SecretSealer } from '../iam/store/index.js';
import { SystemStore } from '../object/index.js';
import { readLegacyCredentials, removeLegacyCredentials } from './legacy-root-credentials.js';
import {
  generateRootCredentials, parseRootCredentials, rootCredentialsDoc, rootCredentialsFromDoc, type RootCredentials,
} from './root-credentials-record.js';

export { generateRootCredentials, type RootCredentials } from './root-credentials-record.js';
export { LEGACY_CREDENTIALS_FILE } from './legacy-root-credentials.js';

export interface ResolvedRootCredentials extends RootCredentials {
  readonly source: 'environment' | 'stored' | 'generated';
  /**
   * source 'environment' only: the stored pair the environment overrides when it differs
   * (its access key; those credentials do not work while the variables are set), or
   * 'unreadable' when a stored pair exists but cannot be read.
   */
  readonly overridden?: { readonly accessKey: string } | 'unreadable';
  /** Legacy loose files that could not be removed (the stored copy is used; retried every start). */
  readonly legacyFilesLeft?: readonly string[];
}

/** The system object holding the root credentials. */
export const ROOT_CREDENTIALS_OBJECT = 'config/root-credentials.json';

export interface ResolveRootOptions {
  readonly rootUser: string | undefined;
  readonly rootPassword: string | undefined;
  /** The system bucket of the deployment. */
  readonly system: SystemStore;
  /** Local drive directories, in command-line order (where legacy loose files may be). */
  readonly drives: readonly string[];
  /** Seals the stored secret (the deployment's IAM sealer: iam/store openSecretSealer). */
  readonly sealer: SecretSealer;
}

const WHERE = SystemStore.location(ROOT_CREDENTIALS_OBJECT);

/**
 * The stored pair, undefined when there is none; an unreadable or undecodable one throws
 * naming it. A pair stored in the clear is stored again sealed (another process doing the
 * same at once: one replace wins, both hold the same pair).
 */
async function readStored(system: SystemStore, sealer: SecretSealer): Promise<RootCredentials | undefined> {
  let tagged: { bytes: Buffer; etag: string } | undefined;
  try {
    tagged = await system.getTagged(ROOT_CREDENTIALS_OBJECT);
  } catch (err) {
    throw new CorruptRecordError(`root credentials ${WHERE} exist but cannot be read: ${(err as Error).message}`, { cause: err });
  }
  if (tagged === undefined) return undefined;
  const stored = parseRootCredentials(tagged.bytes.toString('utf8'), `root credentials ${WHERE}`, sealer);
  if (stored.isClear) {
    await system.replaceJson(ROOT_CREDENTIALS_OBJECT, rootCredentialsDoc(stored.creds, sealer), tagged.etag);
  }
  return stored.creds;
}

/** Stores `creds` unless a pair is stored already; returns the pair that is stored. */
async function storeOnce(system: SystemStore, creds: RootCredentials, sealer: SecretSealer): Promise<{ creds: RootCredentials; isOurs: boolean }> {
  // A --workers process that loses the creation race waits for the winner's pair (SystemStore.getCreated).
  const stored = await system.createOrGetJson(ROOT_CREDENTIALS_OBJECT, rootCredentialsDoc(creds, sealer));
  if (stored.created) return { creds, isOurs: true };
  return { creds: rootCredentialsFromDoc(stored.doc, `root credentials ${WHERE}`, sealer).creds, isOurs: false };
}

export async function resolveRootCredentials(opts: ResolveRootOptions): Promise<ResolvedRootCredentials> {
  if (opts.rootUser !== undefined && opts.rootPassword !== undefined) {
    const env: ResolvedRootCredentials = { accessKey: opts.rootUser, secretKey: opts.rootPassword, source: 'environment' };
    // Never replace credentials silently: say which stored pair stops working.
    const stored = await readStored(opts.system, opts.sealer).catch(() => 'unreadable' as const);
    if (stored === 'unreadable') return { ...env, overridden: stored };
    if (stored !== undefined && (stored.accessKey !== env.accessKey || stored.secretKey !== env.secretKey)) {
      return { ...env, overridden: { accessKey: stored.accessKey } };
    }
    return env;
  }
  const stored = await readStored(opts.system, opts.sealer);
  if (stored !== undefined) {
    // A start that migrated but stopped before removing the loose files: remove them now.
    return withLeftovers({ ...stored, source: 'stored' }, await removeLegacyCredentials(opts.drives));
  }
  const legacy = await readLegacyCredentials(opts.drives);
  if (legacy.creds !== undefined) {
    const kept = await storeOnce(opts.system, legacy.creds, opts.sealer);
    return withLeftovers({ ...kept.creds, source: 'stored' }, await removeLegacyCredentials(opts.drives));
  }
  if (legacy.errors.length > 0) {
    // Files exist but none is usable: never silently replace the operator's credentials.
    throw new CorruptRecordError(`root credentials unreadable on every drive: ${legacy.errors.map((e) => e.message).join('; ')}`);
  }
  const kept = await storeOnce(opts.system, generateRootCredentials(), opts.sealer);
  return { ...kept.creds, source: kept.isOurs ? 'generated' : 'stored' };
}

function withLeftovers(creds: ResolvedRootCredentials, left: readonly string[]): ResolvedRootCredentials {
  return left.length === 0 ? creds : { ...creds, legacyFilesLeft: left };
}
