/**
 * Loading one of Cairn's optional N-API addons (native/*, local dependencies built by `npm ci`).
 * Each addon's index.cjs answers `{ available: false, reason }` when its build is missing; a
 * package that is not installed at all is answered the same way here, so a caller only checks
 * `available` (and the calls it needs) and falls back, naming `reason`.
 */
import { createRequire } from 'node:module';

/** What an addon that did not load answers. */
export interface UnavailableAddon {
  readonly available: false;
  readonly reason: string;
}

/** The addon package `name`'s exports, or why it is not there. */
export function loadNativeAddon<T extends { readonly available: boolean }>(name: string): T | UnavailableAddon {
  try {
    return createRequire(import.meta.url)(name) as T;
  } catch (err) {
    return { available: false, reason: `${name} is not installed (${err instanceof Error ? err.message : String(err)})` };
  }
}
