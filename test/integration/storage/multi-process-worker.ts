/**
 * Child process for multi-process.test.ts: opens the deployment at argv[2] (formatting it if
 * fresh, racing its siblings), then increments a counter `argv[3]` times on every drive with
 * metaUpdate, and prints {deploymentId} as JSON. argv[4] is the start instant (a barrier).
 */
import { join } from 'node:path';
import { createStorage } from '../../../src/storage/create-storage.js';

const dir = process.argv[2]!;
const rounds = Number(process.argv[3] ?? '0');
// Barrier: all siblings start formatting at the same instant (argv[4], epoch ms).
const startAt = Number(process.argv[4] ?? '0');
const wait = Math.min(Math.max(startAt - Date.now(), 0), 10_000);
if (wait > 0) await new Promise((r) => setTimeout(r, wait));
const storage = await createStorage({ endpoints: [join(dir, 'd{1...4}')] });
try {
  for (let i = 0; i < rounds; i++) {
    await Promise.all(storage.drives.map((d) => d.metaUpdate(['ctr'], ([cur]) => {
      const next = Buffer.alloc(4);
      next.writeUInt32BE((cur?.readUInt32BE(0) ?? 0) + 1);
      return { ops: [{ key: 'ctr', value: next }], result: undefined };
    })));
  }
  process.stdout.write(JSON.stringify({ deploymentId: storage.deploymentId }) + '\n');
} finally {
  await storage.close();
}
