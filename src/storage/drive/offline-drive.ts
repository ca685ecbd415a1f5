/**
 * OfflineDrive: stands in for a drive that could not be opened at start (missing mount,
 * permission denied). It keeps the drive's position in its set; every call throws
 * DriveOfflineError with the original cause.
 */
import type { Drive, DriveFileWriter, DriveInfo, MetaEntry } from './drive.js';
import { DriveOfflineError } from '../../errors/domain-errors.js';

export class OfflineDrive implements Drive {
  readonly endpoint: string;
  readonly cause: unknown;

  constructor(endpoint: string, cause: unknown) {
    this.endpoint = endpoint;
    this.cause = cause;
  }

  isOnline(): boolean { return false; }
  async close(): Promise<void> { /* nothing open */ }

  #fail(): never {
    throw new DriveOfflineError(this.endpoint, { cause: this.cause });
  }

  async info(): Promise<DriveInfo> { return this.#fail(); }
  async readFormat(): Promise<Buffer | undefined> { return this.#fail(); }
  async writeFormat(): Promise<void> { return this.#fail(); }
  async metaGet(): Promise<Buffer | undefined> { return this.#fail(); }
  async metaGetMany(): Promise<(Buffer | undefined)[]> { return this.#fail(); }
  async metaBatch(): Promise<void> { return this.#fail(); }
  async metaUpdate<T>(): Promise<T> { return this.#fail(); }
  async metaRange(): Promise<MetaEntry[]> { return this.#fail(); }
  async createFile(): Promise<DriveFileWriter> { return this.#fail(); }
  async readFile(): Promise<Buffer> { return this.#fail(); }
  async readAll(): Promise<Buffer> { return this.#fail(); }
  async statFile(): Promise<{ size: number; mtimeMs: number } | undefined> { return this.#fail(); }
  async rename(): Promise<void> { return this.#fail(); }
  async remove(): Promise<void> { return this.#fail(); }
  async list(): Promise<string[]> { return this.#fail(); }
}
