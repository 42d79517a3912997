import { existsSync } from 'node:fs';

/** Debian's Firefox ESR (`apt-get install firefox-esr`), or FIREFOX_PATH. */
export function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  if (!existsSync(path)) {
    throw new Error(`No Firefox at ${path}: apt-get install firefox-esr, or set FIREFOX_PATH.`);
  }
  return path;
}
