import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectStack, detectStackHints } from '../../../src/fixes/index.ts';
import { h } from './factory.ts';

describe('detectStack', () => {
  it.each([
    [[h('X-Powered-By', 'Express')], 'express', 'strong'],
    [[h('x-powered-by', 'Next.js')], 'nextjs', 'strong'],
    [[h('Server', 'nginx/1.25.3')], 'nginx', 'strong'],
    [[h('Server', 'openresty')], 'nginx', 'strong'],
    [[h('Server', 'Kestrel')], 'aspnet', 'strong'],
    [[h('Server', 'Caddy')], 'caddy', 'strong'],
    [[h('Server', 'Apache/2.4.57 (Debian)')], 'apache', 'strong'],
    [[h('Server', 'Werkzeug/3.0.1 Python/3.12.1')], 'flask', 'strong'],
    [[h('Server', 'WSGIServer/0.2 CPython/3.11.4')], 'django', 'medium'],
    [[h('Server', 'uvicorn')], 'fastapi', 'medium'],
    [[h('X-Runtime', '0.012')], 'rails', 'medium'],
    [[h('x-nextjs-cache', 'HIT')], 'nextjs', 'medium'],
    [[h('X-Frame-Options', 'DENY'), h('Vary', 'Cookie')], 'django', 'weak'],
    [[h('Set-Cookie', 'JSESSIONID=abc; Path=/')], 'spring', 'weak'],
    [
      [h('Content-Type', 'text/plain; charset=utf-8'), h('X-Content-Type-Options', 'nosniff')],
      'go',
      'weak',
    ],
  ] as const)('%j → %s (%s)', (headers, stack, confidence) => {
    const hints = detectStackHints([...headers]);
    expect(hints[0]).toMatchObject({ stack, confidence });
    expect(detectStack([...headers])[0]!.evidence).toContain(`(${confidence} hint)`);
  });

  it('names the header and its value as evidence', () => {
    expect(detectStack([h('Server', 'nginx/1.25.3')])).toEqual([
      { stack: 'nginx', evidence: 'Server: nginx/1.25.3 (strong hint)' },
    ]);
  });

  it('an ambiguous hint names every candidate, weakly', () => {
    const hints = detectStackHints([h('Server', 'gunicorn')]);
    expect(hints.map((x) => [x.stack, x.confidence])).toEqual([
      ['django', 'weak'],
      ['flask', 'weak'],
    ]);
  });

  it('Express behind nginx: both strong, NestJS as a weak alternative, most certain first', () => {
    const hints = detectStackHints([h('Server', 'nginx'), h('X-Powered-By', 'Express')]);
    expect(hints.map((x) => x.stack)).toEqual(['express', 'nginx', 'nestjs']);
    expect(hints.at(-1)!.confidence).toBe('weak');
  });

  it('keeps the strongest evidence per stack and appends the rest', () => {
    const hints = detectStackHints([
      h('X-Frame-Options', 'DENY'),
      h('Vary', 'Cookie'),
      h('Server', 'WSGIServer/0.2'),
    ]);
    expect(hints).toHaveLength(1);
    expect(hints[0]).toMatchObject({ stack: 'django', confidence: 'medium' });
    expect(hints[0]!.evidence).toMatch(/^Server: WSGIServer\/0\.2; X-Frame-Options/);
  });

  it('no hint, no guess', () => {
    expect(detectStack([h('Content-Type', 'application/json'), h('Date', 'x')])).toEqual([]);
    expect(detectStack([])).toEqual([]);
  });

  it('never throws on arbitrary headers', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ name: fc.string(), value: fc.string() })), (headers) => {
        for (const hint of detectStack(headers)) expect(typeof hint.evidence).toBe('string');
      }),
    );
    expect(detectStack([{ name: 5, value: null } as never, null as never])).toEqual([]);
  });
});
