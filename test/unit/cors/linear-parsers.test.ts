/**
 * Pasted console text is parsed on every keystroke: every parser must be linear. Each parser gets
 * adversarial shapes of a quarter megabyte: a backtracking regex that is quadratic on them needs
 * some 10^11 steps (minutes at any speed), so the test fails by timing out. A cheaper quadratic
 * loop could finish in time: the size/time ratio of `npm run bench -- console-parse` is the check
 * for that. fast-check mixes the fragments in front of a real message, which must still be read.
 */
import { fc, test } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import {
  ADVERSARIAL_FRAGMENTS,
  adversarialShapes,
} from '../../../scripts/bench/lib/adversarial.ts';
import { parseChromeLine } from '../../../src/cors/chrome-console.ts';
import { consoleMessage } from '../../../src/cors/console-messages.ts';
import { explainConsoleMessage } from '../../../src/cors/explain-console.ts';
import { parseFirefoxLines } from '../../../src/cors/firefox.ts';
import { readHar } from '../../../src/har/index.ts';

/** The size of each adversarial text (was a megabyte: four times the CPU for the same finding). */
const SIZE = 250_000;
const REAL = consoleMessage({
  reason: 'HeaderDisallowedByPreflightResponse',
  failedParameter: 'x-token',
  initialUrl: 'http://localhost:3000/api',
  lastUrl: 'http://localhost:3000/api',
  origin: 'http://localhost:5173',
  initiator: 'fetch',
});
const FIREFOX =
  'Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:3000/api. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.';

describe('a quarter megabyte of each adversarial shape', () => {
  for (const [name, text] of Object.entries(adversarialShapes(SIZE))) {
    it(
      `${name}: Chrome and Firefox parsers, the explainer, the HAR reader`,
      { timeout: 120_000 },
      () => {
        expect(parseChromeLine(text)).toBeUndefined();
        expect(Array.isArray(parseFirefoxLines(text))).toBe(true);
        expect(explainConsoleMessage(text)).toBeDefined();
        expect(readHar(`{"log":{"entries":[${text}`).errors.length).toBeGreaterThan(0);
      },
    );
  }
});

const noise = fc
  .array(
    fc.record({
      fragment: fc.constantFrom(
        ...ADVERSARIAL_FRAGMENTS.filter((f) => !f.includes('Fetch API') && !f.includes('XMLHttp')),
      ),
      times: fc.integer({ min: 1, max: 3000 }),
    }),
    { maxLength: 6 },
  )
  .map((parts) => parts.map((p) => p.fragment.repeat(p.times)).join(''));

test.prop([noise], { numRuns: 60 })(
  'a real Chrome message after adversarial noise is still read',
  (prefix) => {
    const line = parseChromeLine(`${prefix}\n${REAL}`);
    expect(line?.reason).toBe('HeaderDisallowedByPreflightResponse');
    expect(line?.failedParameter).toBe('x-token');
    expect(line?.origin).toBe('http://localhost:5173');
  },
  120_000,
);

test.prop([noise], { numRuns: 60 })(
  'a real Firefox message on its own line after adversarial noise is still read',
  (prefix) => {
    const lines = parseFirefoxLines(`${prefix.replace(/\(Reason: /g, '')}\n${FIREFOX}`);
    expect(lines.at(-1)).toMatchObject({ key: 'CORSMissingAllowOrigin', status: '200' });
  },
  120_000,
);
