/**
 * Firefox console pastes read as a whole: Firefox words a preflight's Allow-Origin/-Credentials
 * problems like the actual response's, and follows a failed preflight with "CORS request did not
 * succeed … Status code: (null)." for the same URL. The recorded texts come from a real Firefox
 * (test/fixtures/firefox/console-verdicts.json).
 */
import { readFileSync } from 'node:fs';
import { fc, test as propTest, webUrl } from '../../setup/property-test.ts';
import { describe, expect, it } from 'vitest';
import {
  explainConsoleMessage,
  type ConsoleExplanation,
  type CorsErrorName,
} from '../../../src/cors/index.ts';
import { PREFLIGHT_TWIN, readFirefoxPaste } from '../../../src/cors/firefox.ts';

interface RecordedCase {
  name: string;
  chromium: CorsErrorName;
  url: string;
  verdict: string;
  lines: string[];
}

const recorded = JSON.parse(
  readFileSync(new URL('../../fixtures/firefox/console-verdicts.json', import.meta.url), 'utf8'),
) as { cases: RecordedCase[] };

const byName = (name: string): RecordedCase => recorded.cases.find((c) => c.name === name)!;

const ff = (reason: string, tail = '', url = 'https://api.test/x') =>
  `Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ${url}. (Reason: ${reason}).${tail}`;
const followUp = (url = 'https://api.test/x') =>
  ff('CORS request did not succeed', ' Status code: (null).', url);

function explained(text: string) {
  const r: ConsoleExplanation = explainConsoleMessage(text);
  if ('error' in r) throw new Error(r.error);
  return r;
}

describe('Firefox pastes with the follow-up line', () => {
  it.each(recorded.cases.map((c) => [c.name, c] as const))(
    '%s: every line Firefox printed, pasted together, gives Chromium’s exact reason',
    (_, c) => {
      const r = explained(c.lines.join('\n'));
      expect(r.reason).toBe(c.chromium);
      expect(r.url).toBe(c.url);
      expect(r.diagnosis.reason).toBe(c.chromium);
    },
  );

  it('the order of the lines and Windows line ends do not matter', () => {
    for (const c of recorded.cases) {
      expect(explained([...c.lines].reverse().join('\r\n')).reason).toBe(c.chromium);
    }
  });

  it('a preflight answering 404 without Allow-Origin: the preflight twin, and why', () => {
    const c = byName('preflight-404-no-cors-headers');
    const r = explained(c.lines.join('\n'));
    expect(r.reason).toBe('PreflightMissingAllowOriginHeader');
    expect(r.diagnosis.preflight.sent).toBe(true);
    expect(r.diagnosis.culprit?.where).toBe('preflight-response');
    const notes = r.diagnosis.notes.join('\n');
    expect(notes).toMatch(/after a failed preflight/);
    expect(notes).toMatch(/about the preflight's response/);
    // Once the header is there, the 404 fails it next.
    expect(notes).toMatch(/status was 404.*2xx/);
  });

  it('alone, the same 404 line stays the response reason and asks for the next line', () => {
    const c = byName('preflight-404-no-cors-headers');
    const r = explained(c.verdict);
    expect(r.reason).toBe('MissingAllowOriginHeader');
    expect(r.diagnosis.notes.join('\n')).toMatch(
      /PreflightMissingAllowOriginHeader.*paste both messages/,
    );
  });

  it('a follow-up for another URL changes nothing', () => {
    const text = [
      ff("CORS header 'Access-Control-Allow-Origin' missing", ' Status code: 404.'),
      followUp('https://api.test/other'),
    ].join('\n');
    const r = explained(text);
    expect(r.reason).toBe('MissingAllowOriginHeader');
    expect(r.diagnosis.notes.join('\n')).toMatch(/1 more CORS message;/);
  });

  it('a preflight-only reason keeps its name; the follow-up is said to be no second problem', () => {
    const c = byName('method-not-allowed');
    const r = explained(c.lines.join('\n'));
    expect(r.reason).toBe('MethodDisallowedByPreflightResponse');
    expect(r.diagnosis.notes.join('\n')).toMatch(/not a second problem/);
  });
});

describe('a status that hints at a preflight', () => {
  it.each(['405', '501'])('status %s: the preflight twin, with the other reading named', (s) => {
    const r = explained(
      ff("CORS header 'Access-Control-Allow-Origin' missing", ` Status code: ${s}.`),
    );
    expect(r.reason).toBe('PreflightMissingAllowOriginHeader');
    const notes = r.diagnosis.notes.join('\n');
    expect(notes).toMatch(new RegExp(`Status ${s} is what servers answer to an OPTIONS`));
    expect(notes).toMatch(/it is MissingAllowOriginHeader instead/);
  });

  it.each(['200', '204', '404', '500'])('status %s alone proves nothing', (s) => {
    const r = explained(
      ff("CORS header 'Access-Control-Allow-Origin' missing", ` Status code: ${s}.`),
    );
    expect(r.reason).toBe('MissingAllowOriginHeader');
  });
});

describe('"CORS request did not succeed" pasted alone', () => {
  it.each(
    recorded.cases
      .filter((c) => c.lines.length > 1)
      .map((c) => [c.name, c.lines.find((l) => l !== c.verdict)!] as const),
  )('%s: names the failed preflight as well as the network, and no CORS reason', (_, line) => {
    const r = explained(line);
    expect(r.reason).toBeUndefined();
    expect(r.diagnosis.summary).toMatch(/preflight failed/);
    const words = r.diagnosis.explanation.join('\n');
    expect(words).toMatch(/after a failed preflight.*message just before it/i);
    expect(words).toMatch(/server is down/);
    expect(r.diagnosis.summary).not.toMatch(/Not a CORS header problem/);
  });
});

/** Firefox reason texts whose Chromium name has a `Preflight…` twin. */
const TWINNED: readonly [string, CorsErrorName][] = [
  ['CORS header \u2018Access-Control-Allow-Origin\u2019 missing', 'MissingAllowOriginHeader'],
  [
    'CORS header \u2018Access-Control-Allow-Origin\u2019 does not match \u2018https://app.test\u2019',
    'AllowOriginMismatch',
  ],
  [
    'CORS header \u2018Access-Control-Allow-Origin\u2019 does not match \u2018app.test\u2019',
    'InvalidAllowOriginValue',
  ],
  [
    'Multiple CORS header \u2018Access-Control-Allow-Origin\u2019 not allowed',
    'MultipleAllowOriginValues',
  ],
  [
    'Credential is not supported if the CORS header \u2018Access-Control-Allow-Origin\u2019 is \u2018*\u2019',
    'WildcardOriginNotAllowed',
  ],
  [
    'expected \u2018true\u2019 in CORS header \u2018Access-Control-Allow-Credentials\u2019',
    'InvalidAllowCredentials',
  ],
];

describe('properties', () => {
  // Firefox may quote the URL and ends the sentence with a dot, so a URL ending in either is cut.
  const url = webUrl({ withQueryParameters: true }).filter(
    (u) => !/\s/.test(u) && !/['\u2019.]$/.test(u),
  );
  const noise = fc.array(
    fc.string().filter((s) => !/reason:|[\r\n]/i.test(s)),
    { maxLength: 3 },
  );

  propTest.prop([fc.constantFrom(...TWINNED), url, noise, fc.boolean()])(
    'with a follow-up for its URL, in either order and among other lines: the preflight twin',
    ([reason, name], u, junk, followUpFirst) => {
      const lines = [ff(reason, '', u), followUp(u)];
      if (followUpFirst) lines.reverse();
      const r = explained([...junk, ...lines, ...junk].join('\n'));
      expect(r.reason).toBe(PREFLIGHT_TWIN[name]);
      expect(r.url).toBe(u);
    },
  );

  propTest.prop([fc.constantFrom(...TWINNED), url, url])(
    'a follow-up for another URL never makes it a preflight',
    ([reason, name], u, other) => {
      fc.pre(u !== other);
      const paste = readFirefoxPaste([ff(reason, '', u), followUp(other)].join('\n'));
      expect(paste?.preflightBy).toBeUndefined();
      expect(explained([ff(reason, '', u), followUp(other)].join('\n')).reason).toBe(name);
    },
  );

  propTest.prop([fc.array(fc.oneof(fc.string(), fc.constant(followUp())), { maxLength: 8 })])(
    'any mix of lines is explained or refused, never thrown',
    (parts) => {
      const r = explainConsoleMessage(parts.join('\n'));
      expect('error' in r || 'diagnosis' in r).toBe(true);
    },
  );
});
