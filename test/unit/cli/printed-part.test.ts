/**
 * The text report redacts only what a blocked block prints (src/cli/printed-part.ts). It must print
 * exactly what redacting the whole exchange printed before (the reference below is that earlier
 * code), whatever the exchange: hostile header names that redaction changes, culprits, preflights,
 * redirects, with redaction on and off.
 */
import { fc, test } from '../../setup/property-test.ts';
import { describe, expect } from 'vitest';
import { defaultEngine } from '../../../src/cli/analyze.ts';
import { paint } from '../../../src/cli/paint.ts';
import { printedPart } from '../../../src/cli/printed-part.ts';
import { blockedBlock } from '../../../src/cli/render-text.ts';
import type { Diagnosis, Exchange } from '../../../src/cors/types.ts';
import type { Fix } from '../../../src/fixes/types.ts';
import { redact, type RedactOptions } from '../../../src/report/index.ts';
import { exchange, manyHeaders } from './exchange-arbitraries.ts';

/** What the text report redacted before: the whole exchange, the shown diagnosis and fixes. */
function reference(e: Exchange, d: Diagnosis, fixes: readonly Fix[], opts: RedactOptions) {
  const { explanation: _e, checks: _c, consoleMessage: _m, ...shown } = d;
  const [best, ...others] = fixes;
  const { variants: _v, ...bestShown } = best ?? ({} as Fix);
  return redact(
    {
      exchange: e,
      diagnosis: { ...shown, explanation: [], checks: [] },
      fixes:
        best === undefined ? [] : [bestShown, ...others.map(({ stack }) => ({ stack }) as Fix)],
    },
    opts,
  );
}

function fixesFor(e: Exchange, d: Diagnosis): Fix[] {
  const plan = defaultEngine.planFixes!(e, d, {});
  return plan.stacks.map((_, i) => (i === 0 ? plan.render(0) : plan.outline(i)));
}

describe('printedPart', () => {
  test.prop([fc.oneof(exchange, manyHeaders), fc.boolean(), fc.boolean()], { numRuns: 120 })(
    'prints what redacting the whole exchange printed',
    (e, enabled, color) => {
      const d = defaultEngine.diagnose(e);
      // The block is printed for blocked exchanges; any diagnosis shape is fair game here.
      const fixes = d.verdict === 'blocked' ? fixesFor(e, d) : [];
      const opts = { enabled };
      const p = paint(color);
      expect(blockedBlock(printedPart(e, d, fixes, opts), '1/2 ', p)).toEqual(
        blockedBlock(reference(e, d, fixes, opts), '1/2 ', p),
      );
    },
  );

  test.prop([exchange], { numRuns: 60 })(
    'with a culprit header and names that redaction changes',
    (e) => {
      const hostile = [
        { name: 'X-Token=abc', value: 'v' },
        { name: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln', value: 'x' },
        { name: 'Access-Control-Allow-Origin;sid=1', value: '*' },
        { name: 'Origin', value: 'https://user:pw@app.test' },
      ];
      const withHostile: Exchange = {
        ...e,
        legs: e.legs.map((l) => ({
          ...l,
          request: { ...l.request, headers: [...l.request.headers, ...hostile] },
          ...(l.response
            ? { response: { ...l.response, headers: [...l.response.headers, ...hostile] } }
            : {}),
        })),
      };
      const d = defaultEngine.diagnose(withHostile);
      const culprit = {
        ...d,
        culprit: { legIndex: 0, where: 'preflight-response', header: hostile[2]!.name, value: '*' },
      } as Diagnosis;
      for (const diagnosis of [d, culprit]) {
        const fixes = fixesFor(withHostile, diagnosis);
        const p = paint(false);
        expect(blockedBlock(printedPart(withHostile, diagnosis, fixes, {}), '', p)).toEqual(
          blockedBlock(reference(withHostile, diagnosis, fixes, {}), '', p),
        );
      }
    },
  );
});
