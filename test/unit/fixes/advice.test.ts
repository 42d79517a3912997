import { describe, expect, it } from 'vitest';
import { CORS_ERRORS } from '../../../src/cors/types.ts';
import { adviceFor, adviceForExchange, proxyExplanation } from '../../../src/fixes/index.ts';
import { h, makeCase } from './factory.ts';

describe('adviceFor', () => {
  it.each(CORS_ERRORS)('%s has specific, short advice', (reason) => {
    const text = adviceFor(reason);
    expect(text.length).toBeGreaterThan(40);
    expect(text.length).toBeLessThan(300);
    expect(text).not.toBe(
      adviceFor(
        'MissingAllowOriginHeader' === reason ? 'AllowOriginMismatch' : 'MissingAllowOriginHeader',
      ),
    );
  });

  it('never suggests * with credentials', () => {
    for (const reason of CORS_ERRORS)
      expect(adviceFor(reason)).not.toMatch(/Allow-Origin: \*(?! (to|for) a request)/);
  });

  it('Local Network Access advice is about permission, https and the same machine, not headers', () => {
    expect(adviceFor('LocalNetworkAccessPermissionDenied')).toMatch(
      /permission.*CORS headers cannot fix this/s,
    );
    expect(adviceFor('InsecureLocalNetwork')).toMatch(/https.*same machine/s);
  });

  it('the proxy explanation says why it works and that production still needs the server', () => {
    expect(proxyExplanation).toMatch(/own origin.*no CORS.*production still needs/s);
  });
});

describe('adviceForExchange', () => {
  it('is empty for exchanges that were not blocked', () => {
    const { exchange, diagnosis } = makeCase({ verdict: 'allowed' });
    expect(adviceForExchange(exchange, diagnosis)).toEqual([]);
  });

  it('starts with the reason and adds what is specific to the case', () => {
    const { exchange, diagnosis } = makeCase({
      reason: 'PreflightInvalidStatus',
      method: 'PUT',
      preflight: {
        status: 404,
        headers: [h('Access-Control-Allow-Origin', 'http://localhost:5173')],
      },
    });
    const lines = adviceForExchange(exchange, diagnosis);
    expect(lines[0]).toBe(adviceFor('PreflightInvalidStatus'));
    expect(lines[1]).toMatch(/answered 404\. No route handles OPTIONS/);
  });

  it('LNA: only the explanation', () => {
    const { exchange, diagnosis } = makeCase({ reason: 'LocalNetworkAccessPermissionDenied' });
    expect(adviceForExchange(exchange, diagnosis)).toEqual([
      adviceFor('LocalNetworkAccessPermissionDenied'),
    ]);
  });

  it('RedirectContainsCredentials shows the Location without the password', () => {
    const { exchange, diagnosis } = makeCase({
      url: 'https://user:hunter2@files.example.test/a',
      redirectsFrom: ['https://api.example.test/a'],
      reason: 'RedirectContainsCredentials',
    });
    const text = adviceForExchange(exchange, diagnosis).join('\n');
    expect(text).toContain('https://***@files.example.test/a');
    expect(text).not.toContain('hunter2');
  });
});
