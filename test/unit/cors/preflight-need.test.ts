import { describe, expect, it } from 'vitest';
import { corsUnsafeRequestHeaderNames, needsPreflight } from '../../../src/cors/index.ts';
import { corsUnsafeRequestHeaders } from '../../../src/cors/preflight-need.ts';
import { hs } from './helpers.ts';

describe('corsUnsafeRequestHeaderNames', () => {
  it('skips forbidden headers, lower-cases, keeps request order', () => {
    expect(
      corsUnsafeRequestHeaderNames(
        hs(
          'X-B: 1',
          'Cookie: a=b',
          'User-Agent: x',
          'X-A: 2',
          'Sec-Fetch-Mode: cors',
          'Accept: */*',
        ),
      ),
    ).toEqual(['x-b', 'x-a']);
  });
  it('merges repeated names before the 128-byte rule (Blink joins them)', () => {
    const nine = Array.from({ length: 9 }, () => `Accept: ${'a'.repeat(20)}`);
    expect(corsUnsafeRequestHeaders(hs(...nine))).toEqual([
      { name: 'accept', why: 'value-too-long' },
    ]);
  });
  it('over 1024 bytes of safelisted values, all safelisted names become unsafe', () => {
    const names = [
      'intervention',
      'content-language',
      'accept',
      'accept-language',
      'dpr',
      'device-memory',
      'width',
      'viewport-width',
    ];
    const values: Record<string, string> = {
      intervention: 'a',
      'content-language': 'b',
      accept: 'c',
      'accept-language': 'd',
      dpr: '1',
      'device-memory': '2',
      width: '3',
      'viewport-width': '4',
    };
    const lines = names.map((n) => `${n}: ${values[n]!.repeat(128)}`);
    expect(corsUnsafeRequestHeaderNames(hs(...lines))).toEqual([]); // exactly 1024
    const over = corsUnsafeRequestHeaders(hs(...lines, 'rtt: 5'));
    expect(over.map((u) => u.name)).toEqual([...names, 'rtt']);
    expect(over.every((u) => u.why === 'safelist-budget')).toBe(true);
  });
  it('sec-ch-* client hints are forbidden (skipped), not safelisted: they never count toward the budget', () => {
    const big = [
      'intervention',
      'content-language',
      'accept',
      'accept-language',
      'dpr',
      'device-memory',
      'width',
    ].map(
      (n) =>
        `${n}: ${(n === 'dpr' || n === 'device-memory' || n === 'width' ? '1' : 'a').repeat(128)}`,
    );
    // 7 x 128 = 896 bytes; a 128-byte sec-ch-ua would push a safelisted one over 1024.
    expect(
      corsUnsafeRequestHeaderNames(
        hs(...big, `sec-ch-ua: ${'x'.repeat(128)}`, `Sec-CH-UA-Model: ${'y'.repeat(128)}`),
      ),
    ).toEqual([]);
  });
  it('revalidation may add if-none-match / if-modified-since / cache-control', () => {
    const h = hs('If-None-Match: "x"', 'Cache-Control: max-age=0', 'If-Modified-Since: Mon');
    expect(corsUnsafeRequestHeaderNames(h)).toEqual([
      'if-none-match',
      'cache-control',
      'if-modified-since',
    ]);
    expect(corsUnsafeRequestHeaderNames(h, { isRevalidating: true })).toEqual([]);
  });
});

describe('needsPreflight', () => {
  it('GET with safelisted headers needs none', () => {
    expect(
      needsPreflight({
        method: 'GET',
        headers: hs('Accept: application/json', 'Content-Type: text/plain'),
      }),
    ).toEqual({ needed: false, reasons: [] });
  });
  it('names the method and every header, with why', () => {
    const n = needsPreflight({
      method: 'PATCH',
      headers: hs(
        'Content-Type: application/json',
        'X-Api-Key: k',
        `Accept: ${'a'.repeat(200)}`,
        'Range: bytes=-1',
      ),
    });
    expect(n.needed).toBe(true);
    expect(n.reasons).toEqual([
      { kind: 'method', method: 'PATCH' },
      { kind: 'header', header: 'content-type', why: 'value-not-safe' },
      { kind: 'header', header: 'x-api-key', why: 'not-safelisted' },
      { kind: 'header', header: 'accept', why: 'value-too-long' },
      { kind: 'header', header: 'range', why: 'value-not-safe' },
    ]);
  });
  it('forced preflight (XHR upload listeners, streamed body)', () => {
    expect(
      needsPreflight({ method: 'POST', headers: [] }, { forced: true }).reasons[0],
    ).toMatchObject({ kind: 'forced' });
  });
  it('a forbidden method-override header does not trigger a preflight; an allowed one does', () => {
    expect(
      needsPreflight({ method: 'POST', headers: hs('X-HTTP-Method-Override: TRACE') }).needed,
    ).toBe(false);
    expect(
      needsPreflight({ method: 'POST', headers: hs('X-HTTP-Method-Override: PUT') }).needed,
    ).toBe(true);
  });
});
