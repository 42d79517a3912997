import { describe, expect, it } from 'vitest';
import { isForbiddenHeader, isForbiddenMethod } from '../../../src/cors/index.ts';

describe('isForbiddenHeader', () => {
  it.each([
    'Cookie',
    'cookie2',
    'Host',
    'Origin',
    'Referer',
    'User-Agent',
    'Accept-Encoding',
    'Content-Length',
    'Connection',
    'Set-Cookie',
    'Access-Control-Request-Headers',
    'DNT',
    'Via',
    'Keep-Alive',
  ])('%s is forbidden', (n) => expect(isForbiddenHeader(n)).toBe(true));
  it('any proxy- or sec- name is forbidden', () => {
    expect(isForbiddenHeader('Proxy-Authorization')).toBe(true);
    expect(isForbiddenHeader('Sec-Fetch-Mode')).toBe(true);
    expect(isForbiddenHeader('sec-anything')).toBe(true);
  });
  it('method-override headers only with a forbidden method', () => {
    expect(isForbiddenHeader('X-HTTP-Method-Override', 'PUT')).toBe(false);
    expect(isForbiddenHeader('X-HTTP-Method-Override', 'trace')).toBe(true);
    expect(isForbiddenHeader('x-method-override', 'GET, Connect')).toBe(true);
    expect(isForbiddenHeader('x-http-method', ' TRACK ')).toBe(true);
  });
  it.each(['Authorization', 'Content-Type', 'X-Requested-With', 'Accept'])('%s is not', (n) =>
    expect(isForbiddenHeader(n)).toBe(false),
  );
});

describe('isForbiddenMethod', () => {
  it('CONNECT, TRACE, TRACK in any case', () => {
    expect(isForbiddenMethod('connect')).toBe(true);
    expect(isForbiddenMethod('Trace')).toBe(true);
    expect(isForbiddenMethod('TRACK')).toBe(true);
    expect(isForbiddenMethod('PUT')).toBe(false);
  });
});
