import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDriveContract } from './drive.contract.js';
import { LocalDrive } from '../../src/storage/drive/local-drive.js';
import { FaultyDrive } from '../../src/storage/drive/faulty-drive.js';
import { HealthTrackedDrive } from '../../src/storage/drive/health-tracked-drive.js';
import type { Drive } from '../../src/storage/drive/drive.js';

function harness(wrap: (d: LocalDrive) => Drive) {
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-drive-'));
    let current: Drive = wrap(await LocalDrive.open(dir));
    return {
      get drive() { return current; },
      async reopen() {
        await current.close();
        current = wrap(await LocalDrive.open(dir));
        return current;
      },
      async cleanup() {
        await current.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  };
}

runDriveContract('LocalDrive', harness((d) => d));
runDriveContract('FaultyDrive(LocalDrive) without faults', harness((d) => new FaultyDrive(d)));
runDriveContract('HealthTrackedDrive(LocalDrive)', harness((d) => new HealthTrackedDrive(d)));
