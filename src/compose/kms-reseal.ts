/**
 * The re-seal pass as composed (workers/kms-reseal-pass.ts): its checkpoint document in the
 * system bucket, and the admin API's view of it (a running pass refused with 409
 * XCairnAdminResealRunning; --bucket of a bucket that does not exist: BucketNotFoundError).
 */
import { AdminError } from '../admin/admin-error.js';
import type { AdminKms } from '../admin/admin-kms.js';
import { CorruptRecordError } from '../errors/domain-errors.js';
import type { SystemStore } from '../object/index.js';
import type { ObjectLayer } from '../object/object-layer.js';
import { RESEAL_STATUS_DOCUMENT, ResealRunningError, type ResealPass, type ResealStatus, type ResealStatusStore } from '../workers/kms-reseal-pass.js';

export class SystemResealStatusStore implements ResealStatusStore {
  readonly #system: SystemStore;

  constructor(system: SystemStore) {
    this.#system = system;
  }

  async get(): Promise<ResealStatus | undefined> {
    const doc = await this.#system.getJson(RESEAL_STATUS_DOCUMENT);
    if (doc === undefined) return undefined;
    if (typeof doc !== 'object' || doc === null || (doc as { version?: unknown }).version !== 1) throw new CorruptRecordError(`${RESEAL_STATUS_DOCUMENT}: not a re-seal status`);
    return doc as ResealStatus;
  }

  put(status: ResealStatus): Promise<void> {
    return this.#system.putJson(RESEAL_STATUS_DOCUMENT, status);
  }
}

/** Without the document's format version. */
function document(s: ResealStatus): Awaited<ReturnType<AdminKms['resealStatus']>> {
  const { version: _v, ...rest } = s;
  return rest;
}

export function resealAdmin(pass: ResealPass, objects: ObjectLayer): Pick<AdminKms, 'startReseal' | 'resealStatus'> {
  return {
    startReseal: async (bucket) => {
      if (bucket !== undefined) await objects.headBucket({ bucket });
      try {
        return document(await pass.start(bucket));
      } catch (err) {
        if (err instanceof ResealRunningError) throw new AdminError('XCairnAdminResealRunning', `${err.message}; see cairn admin kms reseal status.`);
        throw err;
      }
    },
    resealStatus: async () => document(await pass.status()),
  };
}
