// Preloaded into a server (`node --require`): samples process.memoryUsage() every 50 ms and
// keeps the maxima (and the figures at the RSS peak) in the JSON file MEMPROBE_OUT.
const fs = require('fs');
const out = process.env.MEMPROBE_OUT;
if (out) {
  const max = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
  const t = setInterval(() => {
    const m = process.memoryUsage();
    let changed = false;
    for (const k of Object.keys(max)) if (m[k] > max[k]) { max[k] = m[k]; changed = true; }
    if (m.rss >= max.rss) max.atRss = { ...m };
    if (changed) fs.writeFileSync(out, JSON.stringify(max));
  }, 50);
  t.unref();
}
