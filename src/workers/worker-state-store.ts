/**
 * Where background workers keep the little state that must outlive a restart (the scrub's
 * last finished pass). Compose backs it with the system bucket, so it is erasure coded and
 * healed like user data; tests may pass an in-memory map.
 */
export interface WorkerStateStore {
  get(name: string): Promise<Buffer | undefined>;
  put(name: string, value: Buffer): Promise<void>;
}
