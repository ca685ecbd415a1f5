/**
 * How far V8 lets the old generation grow past what the last full collection kept, before it
 * starts the next one. A server receiving bodies allocates a new ArrayBuffer per socket read
 * (node:http copies every body chunk), and V8 counts the array-buffer bytes allocated since
 * the last full collection against the old generation's room. With V8's own growing factor
 * (~1.4 under a busy server's allocation rate) and a live heap of ~20 MB, the ~40 MB of body
 * chunks in flight at 200 MB/s of PUTs filled that room every 60-100 ms: a full mark-compact
 * each time, ~20% of the server's CPU on 1 MiB PUTs (ARCHITECTURE.md, "Garbage collection").
 * The chunks themselves die young and are freed by scavenges either way.
 */
import { setFlagsFromString } from 'node:v8';

/**
 * Sets V8's heap growing factor to 1 + percent/100 for every later limit computation (0 keeps
 * V8's own dynamic factor). V8 reads this flag whenever it recomputes the limit after a
 * collection, so setting it at start, before the first full collection, is in force for the
 * whole process; its own factor is never above 4 (percent 300). The default, 200 (factor 3),
 * measured on 1 MiB PUTs at 8 in flight: 10 full collections in 8 s against 83 with V8's own
 * factor and 91 with 100%; 300 saved no more and raised the peak RSS of 32 concurrent 256 MiB
 * PUTs on 4 drives from ~297 to 322 MiB (200: 285).
 */
export function applyHeapGrowth(percent: number): void {
  if (percent > 0) setFlagsFromString(`--heap-growing-percent=${percent}`);
}
