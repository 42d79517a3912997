import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { curlForPreflight, shellQuote } from '../../../src/fixes/index.ts';
import { h, makeCase } from './factory.ts';

/** Runs the command in bash with `curl` replaced by a function printing its arguments, NUL-separated. */
function argsSeenByCurl(command: string): string[] {
  const out = execFileSync('bash', ['-c', `curl() { printf '%s\\0' "$@"; }\n${command}`], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  return out.split('\0').slice(0, -1);
}

// eslint-disable-next-line no-control-regex -- the same control characters curl.ts folds
const oneLine = (v: string) => v.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();

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
      fc.string({ unit: 'binary' }),
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
    fc.assert(
      fc.property(hostile, hostile, hostile, hostile, (origin, url, method, header) => {
        const { exchange, diagnosis } = makeCase({
          origin,
          url,
          method,
          requestHeaders: [[header, 'v']],
          reason: 'HeaderDisallowedByPreflightResponse',
        });
        const cmd = curlForPreflight(exchange, diagnosis);
        const args = argsSeenByCurl(cmd);
        const target = /^https?:\/\//i.test(url) ? [url] : ['--url', url];
        const clean = (v: string) => v.replace(/\0/g, '');
        expect(args).toEqual([
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
        ]);
      }),
      { numRuns: 150 },
    );
    // 150 bash runs: ≈2 s alone, over 60 s on a busy two-core machine. A timeout for hangs only.
  }, 600_000);
});
