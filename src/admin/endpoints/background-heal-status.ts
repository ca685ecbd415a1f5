/** POST /minio/admin/v3/background-heal/status: what is being healed, what is left, is the data whole. */
import type { BgHealStateDocument, SetStatusDoc } from '../wire-types.js';
import { healDiskDoc, POOL_INDEX } from './disk-doc.js';
import type { AdminEndpoint } from './endpoint.js';

export const backgroundHealStatus: AdminEndpoint = (_req, backend) => {
  const s = backend.healStatus();
  const setCount = s.drives.reduce((n, d) => Math.max(n, d.setIndex + 1), 0);
  const sets: SetStatusDoc[] = Array.from({ length: setCount }, (_, i) => ({
    id: `${POOL_INDEX}-${i}`,
    pool_index: POOL_INDEX,
    set_index: i,
    disks: s.drives.filter((d) => d.setIndex === i).map(healDiskDoc),
  }));
  const { drives, ...rest } = s;
  const document: BgHealStateDocument = {
    HealDisks: drives.filter((d) => d.state === 'healing').map((d) => d.endpoint),
    sets,
    ...rest,
  };
  return { status: 200, document };
};
