import { binaryString } from '../../setup/property-test.ts';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  curlForPreflight,
  oneLine,
  powershellQuote,
  shellQuote,
  terminalSafeUrl,
} from '../../../src/fixes/index.ts';
import { h, makeCase } from './factory.ts';

/** Runs the command in bash with `curl` replaced by a function printing its arguments, NUL-separated. */
function argsSeenByCurl(command: string): string[] {
  const out = execFileSync('bash', ['-c', `curl() { printf '%s\\0' "$@"; }\n${command}`], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return out.split('\0').slice(0, -1);
}

/**
 * Runs many commands in one shell (`bash` or `sh`), `curl` replaced by a function printing its
 * arguments NUL-separated; returns each command's arguments. One process instead of one per
 * command: on a busy two-core machine, hundreds of shell starts were most of this file's time. A
 * command that escaped its quoting still shows: in its own arguments, or in those after it.
 */
function argsSeenByShell(shell: 'bash' | 'sh', commands: readonly string[]): string[][] {
  const end = `--end-of-command-${Math.random().toString(36).slice(2)}--`;
  const script = [
    `curl() { printf '%s\\0' "$@"; }`,
    ...commands.flatMap((command) => [command, `printf '%s\\0' ${end}`]),
  ].join('\n');
  const out = execFileSync(shell, ['-c', script], { encoding: 'utf8', timeout: 120_000 });
  const groups: string[][] = [[]];
  for (const arg of out.split('\0').slice(0, -1)) {
    if (arg === end) groups.push([]);
    else groups.at(-1)!.push(arg);
  }
  return groups.slice(0, -1);
}

/** Anything a terminal acts on when pasted (C0, DEL, C1, Unicode line and bidi controls). */
const TERMINAL_UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('curlForPreflight', () => {
  it('replays a recorded preflight', () => {
    const { exchange, diagnosis } = makeCase({
      method: 'patch',
      requestHeaders: [
        ['X-Api-Key', 'secret'],
        ['Content-Type', 'application/json'],
      ],
      reason: 'MethodDisallowedByPreflightResponse',
    });
    expect(curlForPreflight(exchange, diagnosis)).toBe(
      [
        'curl -i -X OPTIONS http://localhost:8080/api/items \\',
        "  -H 'Origin: http://localhost:5173' \\",
        "  -H 'Access-Control-Request-Method: patch' \\",
        "  -H 'Access-Control-Request-Headers: content-type,x-api-key'",
      ].join('\n'),
    );
  });

  it('synthesises the preflight Chromium would send when none was recorded', () => {
    const { exchange, diagnosis } = makeCase({
      method: 'PUT',
      requestHeaders: [
        ['X-B', '1'],
        ['X-A', '2'],
      ],
      preflight: 'none',
      reason: 'PreflightInvalidStatus',
    });
    const args = argsSeenByCurl(curlForPreflight(exchange, diagnosis));
    expect(args).toEqual([
      '-i',
      '-X',
      'OPTIONS',
      'http://localhost:8080/api/items',
      '-H',
      'Origin: http://localhost:5173',
      '-H',
      'Access-Control-Request-Method: PUT',
      '-H',
      'Access-Control-Request-Headers: x-a,x-b',
    ]);
  });

  it('replays a simple request with its Origin and Content-Type, never its cookies or Authorization', () => {
    const { exchange, diagnosis } = makeCase({
      method: 'POST',
      reason: 'MissingAllowOriginHeader',
    });
    exchange.legs[0]!.request.headers.push(h('Content-Type', 'text/plain'), h('Cookie', 'sid=1'));
    const cmd = curlForPreflight(exchange, diagnosis);
    expect(argsSeenByCurl(cmd)).toEqual([
      '-i',
      '-X',
      'POST',
      'http://localhost:8080/api/items',
      '-H',
      'Origin: http://localhost:5173',
      '-H',
      'Content-Type: text/plain',
    ]);
    expect(cmd).not.toContain('sid=1');
  });

  it('uses the Origin the browser really sent (null after a cross-origin redirect)', () => {
    const { exchange, diagnosis } = makeCase({
      url: 'https://cdn.example.test/f',
      redirectsFrom: ['https://api.example.test/f'],
      reason: 'AllowOriginMismatch',
    });
    expect(curlForPreflight(exchange, diagnosis)).toContain("-H 'Origin: null'");
  });

  it('works without a diagnosis and returns nothing for an exchange without legs', () => {
    const { exchange } = makeCase({ method: 'DELETE' });
    expect(curlForPreflight(exchange)).toMatch(/^curl -i -X OPTIONS /);
    expect(curlForPreflight({ initiatorOrigin: 'x', legs: [] })).toBe('');
  });

  it('shellQuote round-trips through bash', () => {
    const s = `it's "quoted" $(x) \`y\` \\ \n end`;
    expect(argsSeenByCurl(`curl ${shellQuote(s)}`)).toEqual([s]);
  });

  it('hostile values cannot break out of the quoting', () => {
    const hostile = fc.oneof(
      binaryString(),
      fc.constantFrom(
        '   ',
        "'; touch /tmp/pwned; '",
        '$(id)',
        '`id`',
        "\\'",
        '\n-o /etc/x',
        '--output=/tmp/x',
        "'\\''",
      ),
    );
    // Drawn up front and run in one bash: fast-check's shrinking is traded for one process; a
    // failure names the drawn values.
    const drawn = fc.sample(fc.tuple(hostile, hostile, hostile, hostile), 150);
    const built = drawn.map(([origin, url, method, header]) => {
      const { exchange, diagnosis } = makeCase({
        origin,
        url,
        method,
        requestHeaders: [[header, 'v']],
        reason: 'HeaderDisallowedByPreflightResponse',
      });
      const safeUrl = terminalSafeUrl(url);
      const target = /^https?:\/\//i.test(safeUrl) ? [safeUrl] : ['--url', safeUrl];
      const clean = (v: string) => v.replace(/\0/g, '');
      const expected = [
        '-i',
        '-X',
        'OPTIONS',
        ...target.map(clean),
        '-H',
        `Origin: ${oneLine(origin)}`,
        '-H',
        `Access-Control-Request-Method: ${oneLine(method)}`,
        ...(oneLine(header.toLowerCase()) === ''
          ? []
          : ['-H', `Access-Control-Request-Headers: ${oneLine(header.toLowerCase())}`]),
      ];
      return { cmd: curlForPreflight(exchange, diagnosis), expected };
    });
    const seen = argsSeenByShell(
      'bash',
      built.map((b) => b.cmd),
    );
    expect(seen).toHaveLength(built.length);
    built.forEach((b, i) => {
      const values = JSON.stringify(drawn[i]);
      // Nothing the terminal would act on is in the text that gets pasted.
      expect(b.cmd, values).not.toMatch(TERMINAL_UNSAFE);
      expect(seen[i], values).toEqual(b.expected);
    });
  }, 600_000);

  it('POSIX form: a real sh reads back the intended bytes, and no control byte is in the command', () => {
    const urls = fc.oneof(
      binaryString().map((s) => `http://a.test/${s}`),
      fc.constantFrom(
        'http://a.test/\u001b[201~; touch /tmp/pwned\n',
        'http://a.test/\u009b31m',
        'http://a.test/\u202eexe.txt',
        "http://a.test/'$(id)'",
      ),
    );
    const drawn = fc.sample(fc.tuple(urls, binaryString()), 100);
    const cmds = drawn.map(([url, method]) => {
      const { exchange, diagnosis } = makeCase({ url, method, reason: 'PreflightInvalidStatus' });
      return curlForPreflight(exchange, diagnosis);
    });
    // sh (dash here), not bash: the plainest POSIX shell.
    const seen = argsSeenByShell('sh', cmds);
    expect(seen).toHaveLength(drawn.length);
    drawn.forEach(([url], i) => {
      const values = JSON.stringify(drawn[i]);
      const args = seen[i]!;
      expect(cmds[i], values).not.toMatch(TERMINAL_UNSAFE);
      expect(args.slice(0, 3), values).toEqual(['-i', '-X', 'OPTIONS']);
      const safeUrl = terminalSafeUrl(url);
      expect(args[3], values).toBe(safeUrl);
      // The URL is the same URL: percent-encoding is what a URL parser does with these.
      expect(decodeURIComponent(safeUrl.replace(/%(?![0-9a-f]{2})/gi, '%25')), values).toBe(
        decodeURIComponent(url.replace(/%/g, '%25')),
      );
      expect(
        args.some((a) => a.startsWith('Access-Control-Request-Method:')),
        values,
      ).toBe(true);
    });
  }, 600_000);
});

/**
 * PowerShell is not installed here, so its form is checked against PowerShell's quoting rules:
 * a single-quoted string expands nothing, ends at any single quote (' ‘ ’ ‚ ‛) not doubled, and
 * a backtick at the end of a line continues the command.
 */
function powershellArgs(command: string): string[] {
  const QUOTES = "'\u2018\u2019\u201a\u201b";
  const text = command.replace(/ `\n/g, ' ');
  const args: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    if (QUOTES.includes(text[i]!)) {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated string');
        if (QUOTES.includes(text[i]!)) {
          if (i + 1 < text.length && QUOTES.includes(text[i + 1]!)) {
            value += text[i];
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      if (i < text.length && text[i] !== ' ') throw new Error('text glued to a string');
      args.push(value);
      continue;
    }
    let bare = '';
    while (i < text.length && text[i] !== ' ') bare += text[i++];
    if (/[$`'"(){};|&<>@#]/.test(bare) || /[\u2018-\u201b]/.test(bare)) {
      throw new Error(`unquoted special characters in ${bare}`);
    }
    args.push(bare);
  }
  return args;
}

describe('curlForPreflight for PowerShell', () => {
  it('calls curl.exe (curl is Invoke-WebRequest in Windows PowerShell) with backtick continuations', () => {
    const { exchange, diagnosis } = makeCase({ method: 'PUT', reason: 'PreflightInvalidStatus' });
    const cmd = curlForPreflight(exchange, diagnosis, 'powershell');
    expect(cmd.split('\n')[0]).toMatch(
      /^curl\.exe -i -X 'OPTIONS' 'http:\/\/localhost:8080\/api\/items' `$/,
    );
    expect(powershellArgs(cmd)).toEqual([
      'curl.exe',
      '-i',
      '-X',
      'OPTIONS',
      'http://localhost:8080/api/items',
      '-H',
      'Origin: http://localhost:5173',
      '-H',
      'Access-Control-Request-Method: PUT',
    ]);
  });

  it('powershellQuote doubles every kind of single quote', () => {
    expect(powershellQuote("it's ‘x’ $(id) `n")).toBe("'it''s ‘‘x’’ $(id) `n'");
    expect(powershellArgs(powershellQuote("a'‘’‚‛b"))).toEqual(["a'‘’‚‛b"]);
  });

  it('hostile values come back as the same arguments, with nothing a terminal acts on', () => {
    const hostile = fc.oneof(
      binaryString(),
      fc.constantFrom(
        "'; Remove-Item -Recurse C:\\; '",
        '’; calc; ‘',
        '$(calc)',
        '`n',
        '\u001b[201~',
      ),
    );
    fc.assert(
      fc.property(hostile, hostile, hostile, (origin, url, header) => {
        const { exchange, diagnosis } = makeCase({
          origin,
          url,
          requestHeaders: [[header, 'v']],
          reason: 'HeaderDisallowedByPreflightResponse',
        });
        const cmd = curlForPreflight(exchange, diagnosis, 'powershell');
        expect(cmd).not.toMatch(TERMINAL_UNSAFE);
        const args = powershellArgs(cmd);
        const safeUrl = terminalSafeUrl(url).replace(/\0/g, '');
        expect(args.slice(0, 4)).toEqual(['curl.exe', '-i', '-X', 'OPTIONS']);
        expect(args.slice(4, /^https?:\/\//i.test(safeUrl) ? 5 : 6)).toEqual(
          /^https?:\/\//i.test(safeUrl) ? [safeUrl] : ['--url', safeUrl],
        );
        expect(args).toContain(`Origin: ${oneLine(origin)}`);
      }),
      { numRuns: 200 },
    );
  });
});
