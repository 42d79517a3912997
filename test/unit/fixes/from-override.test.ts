import { describe, expect, it } from 'vitest';
import {
  adviceForExchange,
  ANY_API_PLACEHOLDER,
  contextForOverride,
  fixForOverride,
  generateFixes,
  STACK_IDS,
  UNCONFIGURED_PREFLIGHT,
  type OverrideShape,
} from '../../../src/fixes/index.ts';
import { diagnose } from '../../../src/cors/index.ts';
import { h, makeCase } from './factory.ts';

const base: OverrideShape = {
  site: 'http://localhost:5173',
  apiOrigins: ['http://localhost:3000'],
  credentials: true,
  methods: [],
  requestHeaders: ['x-api-key'],
  exposeHeaders: ['X-Total-Count'],
  learned: { methods: ['PURGE', 'patch'], requestHeaders: ['x-request-id'] },
};

describe('fixForOverride', () => {
  it('allows exactly the site, with what the override allows and learned', () => {
    const ctx = contextForOverride(base)!;
    expect(ctx.origin).toBe('http://localhost:5173');
    expect(ctx.target.origin).toBe('http://localhost:3000');
    expect(ctx.credentials).toBe(true);
    expect(ctx.methods).toEqual(expect.arrayContaining(['GET', 'PUT', 'DELETE', 'PURGE', 'patch']));
    // Defaults the override allows (authorization) survive: the app may rely on them.
    expect(ctx.headers).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'x-api-key', 'x-request-id']),
    );
    expect(ctx.exposeHeaders).toEqual(['x-total-count']);
    expect(ctx.unnormalisedMethods).toEqual(['patch']);
  });

  it('drops the lower-case patch default unless the app sent it', () => {
    const ctx = contextForOverride({ ...base, learned: { methods: [], requestHeaders: [] } })!;
    expect(ctx.methods).not.toContain('patch');
    expect(ctx.methods).not.toContain('OPTIONS');
  });

  it.each(STACK_IDS)('%s: never * with credentials, the site echoed', (stack) => {
    const fix = fixForOverride(base, { stack })!;
    expect(fix.stack).toBe(stack);
    expect(fix.notes[0]).toMatch(/once it is deployed, the override can be deleted/);
    expect(fix.code).not.toMatch(/Allow-Origin["' :]+\*/);
    if (fix.kind === 'server') expect(fix.code).toContain('http://localhost:5173');
  });

  it('picks the API origin asked for, and a placeholder when the override allows any', () => {
    const two = { ...base, apiOrigins: ['http://localhost:3000', 'http://localhost:4000'] };
    expect(
      fixForOverride(two, { stack: 'nginx', apiOrigin: 'http://localhost:4000' })!.code,
    ).toContain('http://localhost:4000');
    const any = fixForOverride({ ...base, apiOrigins: 'any' }, { stack: 'express' })!;
    expect(any.notes.join('\n')).toContain(ANY_API_PLACEHOLDER);
  });

  it('no credentials: no Allow-Credentials in the config', () => {
    const fix = fixForOverride({ ...base, credentials: false }, { stack: 'express' })!;
    expect(fix.code).not.toContain('credentials: true');
  });
});

describe('module formats', () => {
  it.each(['express', 'fastify', 'koa'] as const)('%s comes as ES module and CommonJS', (stack) => {
    const { exchange, diagnosis } = makeCase({ reason: 'MissingAllowOriginHeader' });
    const esm = generateFixes(exchange, diagnosis).find((f) => f.stack === stack)!;
    const cjs = generateFixes(exchange, diagnosis, { moduleFormat: 'cjs' }).find(
      (f) => f.stack === stack,
    )!;
    expect(esm.moduleFormat).toBe('esm');
    expect(esm.code).toMatch(/^import cors from/m);
    expect(esm.code).not.toContain('require(');
    expect(cjs.code).toMatch(/^const cors = require\(/m);
    expect(cjs.code).not.toMatch(/^import /m);
    expect(cjs.code).not.toMatch(/^await /m); // CommonJS has no top-level await
    expect(esm.variants).toEqual([
      { label: 'CommonJS (require)', moduleFormat: 'cjs', code: cjs.code },
    ]);
  });

  it('other stacks have no module variants', () => {
    const { exchange, diagnosis } = makeCase({ reason: 'MissingAllowOriginHeader' });
    for (const f of generateFixes(exchange, diagnosis)) {
      if (!['express', 'fastify', 'koa'].includes(f.stack)) expect(f.variants).toBeUndefined();
    }
  });
});

describe('unconfigured preflight defaults in the diagnosis', () => {
  const preflight404 = (status: number, headers = [h('Content-Type', 'text/html')]) => {
    const { exchange } = makeCase({
      method: 'PUT',
      requestHeaders: [['Content-Type', 'application/json']],
      preflight: { status, headers },
    });
    return { exchange, diagnosis: diagnose(exchange) };
  };

  it('404/405 with no CORS: names the stacks whose default it is', () => {
    const { exchange, diagnosis } = preflight404(404);
    expect(diagnosis.reason).toBe('PreflightMissingAllowOriginHeader');
    const text = adviceForExchange(exchange, diagnosis).join('\n');
    for (const s of ['Fastify', 'Koa', 'NestJS', 'Rails']) expect(text).toContain(`${s} (until`);
    expect(text).not.toContain('FastAPI (until');
    const c405 = preflight404(405);
    const t405 = adviceForExchange(c405.exchange, c405.diagnosis).join('\n');
    expect(t405).toContain('FastAPI (until CORSMiddleware)');
  });

  it('a detected stack whose default it is: said as that stack’s default', () => {
    const { exchange, diagnosis } = preflight404(404, [
      h('X-Runtime', '0.01'),
      h('X-Request-Id', 'a'),
    ]);
    const text = adviceForExchange(exchange, diagnosis).join('\n');
    expect(text).toMatch(/Rails answers a preflight 404 by default .* rack-cors/);
  });

  it('the matching stack’s fix says what its snippet changes; a 200 says nothing', () => {
    const { exchange, diagnosis } = preflight404(404);
    const fastify = generateFixes(exchange, diagnosis).find((f) => f.stack === 'fastify')!;
    expect(fastify.notes.join('\n')).toContain('Unconfigured, Fastify answers preflights 404');
    const express = generateFixes(exchange, diagnosis).find((f) => f.stack === 'express')!;
    expect(express.notes.join('\n')).not.toContain('Unconfigured');
    expect(UNCONFIGURED_PREFLIGHT.express?.status).toBe(200);
  });
});
