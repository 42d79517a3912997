// Preloaded with `node --import` into a measured process: at exit, writes its peak resident set
// size (bytes) and CPU time (ms, user + system) as JSON to the file named by CORS_LENS_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.CORS_LENS_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
    writeFileSync(file, JSON.stringify({ rss: usage.maxRSS * 1024, cpuMs }));
  });
}
