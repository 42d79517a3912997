// Preloaded with `node --import` into a measured process: at exit, writes its peak resident set
// size (bytes) to the file named by CORS_LENS_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.CORS_LENS_RSS_FILE;
if (file) {
  process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
}
