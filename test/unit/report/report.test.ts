import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/cors/index.ts';
import type { Diagnosis, Exchange } from '../../../src/cors/types.ts';
import { generateFixes } from '../../../src/fixes/index.ts';
import type { Fix } from '../../../src/fixes/types.ts';
import { readHar } from '../../../src/har/index.ts';
import { buildReport, toMarkdown, type Report } from '../../../src/report/index.ts';

const mixed = readHar(
  readFileSync(new URL('../../fixtures/har/chrome-mixed.har', import.meta.url), 'utf8'),
);
const diagnoses = mixed.exchanges.map((e) => diagnose(e));
const fixes = mixed.exchanges.map((e, i) => generateFixes(e, diagnoses[i]!));

describe('buildReport', () => {
  const report = buildReport(mixed.exchanges, diagnoses, fixes, [
    { path: 'log.entries[3]', message: 'x' },
  ]);

  it('has exactly the documented shape', () => {
    expect(Object.keys(report)).toEqual(['exchanges', 'errors']);
    for (const row of report.exchanges) {
      expect(Object.keys(row)).toEqual([
        'url',
        'finalUrl',
        'method',
        'verdict',
        'reason',
        'failedParameter',
        'preflight',
        'summary',
        'fixes',
      ]);
      expect(Object.keys(row.preflight)).toEqual(['needed', 'sent', 'reasons']);
    }
    expect(report.errors).toEqual([{ path: 'log.entries[3]', message: 'x' }]);
  });

  it('describes redirects by first and final URL, and uses null for what is absent', () => {
    const login = report.exchanges.find((r) => r.url === 'http://localhost:3000/api/login')!;
    expect(login.finalUrl).toBe('http://127.0.0.1:8080/auth');
    expect(login.reason).toBe('AllowOriginMismatch');
    const ok = report.exchanges.find((r) => r.verdict === 'allowed')!;
    expect(ok.reason).toBeNull();
    expect(ok.failedParameter).toBeNull();
    expect(ok.fixes).toEqual([]);
    const blocked = report.exchanges.filter((r) => r.verdict === 'blocked');
    expect(blocked.length).toBe(10);
    for (const row of blocked) expect(row.fixes.length).toBeGreaterThan(0);
  });

  it('reports an exchange without a diagnosis instead of inventing one', () => {
    const r = buildReport(mixed.exchanges.slice(0, 2), diagnoses.slice(0, 1));
    expect(r.exchanges).toHaveLength(1);
    expect(r.errors).toEqual([
      { path: 'exchanges[1]', message: 'no diagnosis for this exchange; left out.' },
    ]);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('toMarkdown', () => {
  const report = buildReport(mixed.exchanges, diagnoses, fixes, [
    { path: 'log.entries[15]', message: 'cut off' },
  ]);
  const md = toMarkdown(report);

  it('puts blocked first, then network errors, allowed in a table, then problems', () => {
    const order = ['## Blocked', '## Network errors', '## Allowed', '## Input problems'].map((h) =>
      md.indexOf(h),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(md).toContain('**10 blocked**, 4 allowed, 1 network error(s)');
    expect(md).toContain('### 1. `GET http://localhost:3000/api/users`');
    expect(md).toContain('- **Reason:** `MissingAllowOriginHeader`');
    expect(md).toContain('| `GET` | `http://localhost:3000/api/items` | allowed |');
    expect(md).toContain('- `log.entries[15]`: cut off');
  });

  it('fences code that itself contains backticks, and escapes table pipes', () => {
    const fix: Fix = {
      stack: 'express',
      title: 'Express',
      kind: 'server',
      language: 'js',
      code: 'const s = `a ${"```"} b`;',
      notes: ['Put it | there'],
    };
    const exchange: Exchange = {
      initiatorOrigin: 'http://localhost:5173',
      legs: [{ request: { url: 'http://x.test/a|b', method: 'GET', headers: [] } }],
    };
    const d: Diagnosis = { ...diagnoses[2]!, verdict: 'blocked' };
    const text = toMarkdown(
      buildReport([exchange, { ...exchange }], [d, { ...d, verdict: 'allowed' }], [[fix], []]),
    );
    expect(text).toContain('````js\nconst s = `a ${"```"} b`;\n````');
    expect(text).toContain('Put it \\| there');
    expect(text).toContain('`http://x.test/a\\|b`');
  });

  it('renders an empty report', () => {
    const empty: Report = { exchanges: [], errors: [] };
    expect(toMarkdown(empty)).toBe(
      '# CORS Lens report\n\n**0 blocked**, 0 allowed, 0 network error(s), 0 not CORS.\n',
    );
  });
});
