// Chromium derives an extension's id from the SHA-256 of its public key (or, without a `key`, of the
// absolute path it was loaded from): the first 32 hex digits, each mapped 0-f → a-p.
import { createHash } from 'node:crypto';
import { TEST_BUILD_KEY } from '../../../scripts/manifest-for.ts';

function idFromBytes(bytes: Buffer | string): string {
  const hex = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

/** The id Chromium gives an extension whose manifest has this `key` (base64 DER public key). */
export function extensionIdFromKey(base64Key: string): string {
  return idFromBytes(Buffer.from(base64Key, 'base64'));
}

/** The id Chromium gives an unpacked extension without `key`, loaded from this absolute path. */
export function extensionIdFromPath(absolutePath: string): string {
  return idFromBytes(absolutePath);
}

/** The pinned id of the test build (`npm run build:test`), wherever it is loaded from. */
export const TEST_EXTENSION_ID = extensionIdFromKey(TEST_BUILD_KEY);
