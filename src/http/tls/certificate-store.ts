/**
 * The certificates a TLS listener serves, reloaded without a restart.
 *
 * `CertificateStore.open(dir)` reads the directory once (undefined: no certificate, plain HTTP).
 * `watch()` re-reads it every `intervalMs` (a few small files; the bytes are compared by their
 * sha256 before anything is parsed), so a replaced file, a file rewritten in place and a
 * Kubernetes Secret update (the `..data` symlink swapped to a new timestamped directory) are all
 * seen. A changed directory whose new contents cannot be served (bad PEM, a key that does not
 * match, a half-written file) is logged once and the certificates in force stay; the next
 * change is tried again. Listeners learn of a new bundle through `onChange`: the HTTPS server
 * swaps its default context (clients without SNI: IP-address endpoints) and the SNI callback
 * reads `current` on every handshake, so new connections get the new certificate while
 * established ones keep theirs.
 */
import type { SecureContext } from 'node:tls';
import type { Logger } from '../../s3/pipeline/logger.js';
import { readCertificateFiles, serveCertificates, type CertificateBundle } from './certificate-files.js';
import { matchesServerName } from './sni-match.js';
import { timerDelay } from '../../util/timer-delay.js';

export interface CertificateStoreOptions {
  readonly dir: string;
  readonly logger: Logger;
}

type ChangeListener = (bundle: CertificateBundle) => void;

export class CertificateStore {
  readonly #dir: string;
  readonly #logger: Logger;
  readonly #listeners = new Set<ChangeListener>();
  #current: CertificateBundle;
  /** Fingerprint of the last contents tried (served or refused), so a refusal is logged once. */
  #lastSeen: string;
  #timer: NodeJS.Timeout | undefined;
  #reloading: Promise<void> | undefined;

  private constructor(opts: CertificateStoreOptions, bundle: CertificateBundle) {
    this.#dir = opts.dir;
    this.#logger = opts.logger;
    this.#current = bundle;
    this.#lastSeen = bundle.fingerprint;
  }

  /** Undefined when `dir` holds no certificate; rejects when one exists but cannot be served. */
  static async open(opts: CertificateStoreOptions): Promise<CertificateStore | undefined> {
    const files = await readCertificateFiles(opts.dir);
    if (!files) return undefined;
    return new CertificateStore(opts, serveCertificates(files));
  }

  get dir(): string {
    return this.#dir;
  }

  get current(): CertificateBundle {
    return this.#current;
  }

  /** The context for a TLS server name: the first extra certificate covering it, else the default. */
  contextFor(serverName: string): SecureContext {
    const bundle = this.#current;
    const match = bundle.extra.find((c) => matchesServerName(c.names, serverName));
    return (match ?? bundle.primary).context;
  }

  onChange(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Re-reads the directory now; resolves once the new bundle (if any) is in force. */
  reload(): Promise<void> {
    this.#reloading ??= this.#reloadOnce().finally(() => { this.#reloading = undefined; });
    return this.#reloading;
  }

  async #reloadOnce(): Promise<void> {
    let bundle: CertificateBundle;
    try {
      const files = await readCertificateFiles(this.#dir);
      if (!files) {
        if (this.#lastSeen !== 'absent') {
          this.#lastSeen = 'absent';
          this.#logger.error('certificates removed from the certificates directory: still serving the previous ones', { dir: this.#dir });
        }
        return;
      }
      if (files.fingerprint === this.#lastSeen) return;
      this.#lastSeen = files.fingerprint;
      bundle = serveCertificates(files);
    } catch (err) {
      const key = `error:${(err as Error).message}`;
      if (this.#lastSeen !== key) {
        this.#lastSeen = key;
        this.#logger.error('new certificates refused: still serving the previous ones', { dir: this.#dir, error: err });
      }
      return;
    }
    this.#current = bundle;
    this.#logger.info('certificates reloaded', {
      dir: this.#dir,
      serial: bundle.primary.serialNumber,
      validTo: bundle.primary.validTo.toISOString(),
      extra: bundle.extra.map((c) => c.names.join(',')),
    });
    for (const listener of this.#listeners) listener(bundle);
  }

  /** Re-reads the directory every `intervalMs` until close(). */
  watch(intervalMs: number): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => { void this.reload(); }, timerDelay(intervalMs));
    this.#timer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#reloading;
  }
}
