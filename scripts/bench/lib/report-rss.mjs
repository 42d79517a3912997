// Preloaded with `node --import` into a measured process: at exit, writes its peak resident set
// size (bytes) and CPU time (ms, user + system) as JSON to the file named by CORS_LENS_RSS_FILE.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.env.CORS_LENS_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    writeFileSync(file, JSON.stringify({ rss: peakRss(usage), cpuMs }));
  });
}

/**
 * The process's own peak. On Linux `maxRSS` (getrusage) carries over through exec from the
 * forked parent: a child of a bench holding a 550 MB report starts at 550 MB. `VmHWM` belongs
 * to the process's own memory map, which exec replaces, so it counts this process alone.
 */
function peakRss(usage) {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // Not Linux: getrusage's figure, which elsewhere has no such carry-over.
  }
  return usage.maxRSS * 1024;
}
