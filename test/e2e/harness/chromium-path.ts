import { existsSync } from 'node:fs';

/** The Chromium the tests drive: `CHROME_PATH`, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  const path = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install it (apt-get install -y chromium) ` +
        'or point CHROME_PATH at a Chromium or Chrome for Testing binary.',
    );
  }
  return path;
}
