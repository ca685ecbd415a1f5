/**
 * The process-wide budget of PUTs that fill an erasure block ahead of their writes.
 *
 * writeShards reads block b+1 from the body while block b's frames are still being written
 * (shard-writer.ts), so a large PUT holds two blocks and their parity: 4 MiB on EC 2+2 with
 * 1 MiB blocks. At 8 PUTs in flight that overlap is worth having; at 32 it only multiplies
 * memory, since the drives, not the reads, set the pace. A writer that wants to fill ahead asks
 * for the budget first. Granted, it keeps the grant until its write ends. Refused, it waits for
 * its previous block's writes and reuses their buffers (one block and its parity held, not two),
 * and asks again at its next block. Nothing is refused work: every PUT goes on, only without
 * the overlap past the budget. A grant is held for the whole write, not block by block: a
 * writer switching between one buffer and two would drop buffers and allocate new ones,
 * garbage that itself raised the peak (ARCHITECTURE.md, the PUT path, step 6).
 *
 * The default budget (AHEAD_BUDGET_BYTES) lets 8 PUTs on EC 2+2 (2 MiB each: the block and its
 * parity) or 16 on one drive fill ahead, as many as the benchmark's widest data-path row.
 */
export const AHEAD_BUDGET_BYTES = 16 * 1024 * 1024;

let budget = AHEAD_BUDGET_BYTES;
let taken = 0;

/**
 * Takes `bytes` of the budget: the function that gives them back (once, whatever the number of
 * calls), or undefined (nothing taken) when they would pass the budget.
 */
export function takeFillAhead(bytes: number): (() => void) | undefined {
  if (taken + bytes > budget) return undefined;
  taken += bytes;
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    taken -= bytes;
  };
}

/** Bytes taken now (tests). */
export function fillAheadTaken(): number {
  return taken;
}

/** Sets the budget (tests); returns the previous one. */
export function setFillAheadBudget(bytes: number): number {
  const prev = budget;
  budget = bytes;
  return prev;
}
