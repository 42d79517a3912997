/**
 * A crafted HAR controls URLs, methods, header values (quoted in summaries) and failed parameters:
 * none of them may add Markdown structure (headings, lines, table cells, links, HTML) or put a
 * control character into the export.
 */
import { binaryString, fc, test } from '../../setup/property-test.ts';
import { expect } from 'vitest';
import type { Fix } from '../../../src/fixes/types.ts';
import { toMarkdown, type Report, type ReportExchange } from '../../../src/report/index.ts';

const hostile = fc.oneof(
  binaryString({ maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        '`',
        '```',
        '\n',
        '\r',
        '\u001b[31m',
        '\u0085',
        '|',
        '#',
        '### ',
        '- ',
        '1. ',
        '>',
        '<script>',
        '[x](http://evil)',
        '![i](http://evil)',
        '&lt;',
        '~~',
        '*',
        '_',
        '\\',
        ' ',
        'http://a.test/',
        'GET',
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join('')),
);

function row(
  verdict: ReportExchange['verdict'],
  method: string,
  url: string,
  text: string,
): ReportExchange {
  return {
    url,
    finalUrl: `${url}/next`,
    method,
    verdict,
    reason: verdict === 'blocked' ? 'AllowOriginMismatch' : null,
    failedParameter: verdict === 'blocked' ? text : null,
    preflight: { needed: false, sent: false, reasons: [] },
    summary: text,
    fixes: [],
  };
}

const FIX: Fix = {
  stack: 'express',
  title: 'Express',
  kind: 'server',
  language: 'js',
  code: 'app.use(cors())',
  notes: [],
};

test.prop([hostile, hostile, hostile], { numRuns: 300 })(
  'HAR strings never add structure or control characters',
  (method, url, text) => {
    const report: Report = {
      exchanges: [
        { ...row('blocked', method, url, text), fixes: [{ ...FIX, notes: [text] }] },
        row('network-error', method, url, text),
        row('allowed', method, url, text),
      ],
      errors: [{ path: text, message: text }],
    };
    const md = toMarkdown(report);
    // eslint-disable-next-line no-control-regex
    expect(md).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const lines = md.split('\n');
    // Exactly the headings the report makes, in order.
    expect(lines.filter((l) => /^ {0,3}#/.test(l))).toEqual([
      '# CORS Lens report',
      '## Blocked',
      expect.stringMatching(/^### 1\. `/),
      '## Network errors (not CORS)',
      '## Allowed',
      '## Input problems',
    ]);
    // The heading is one code span: its delimiter run never occurs inside.
    const heading = lines.find((l) => l.startsWith('### 1. '))!.slice('### 1. '.length);
    const ticks = /^`+/.exec(heading)![0];
    expect(heading.endsWith(ticks)).toBe(true);
    const inner = heading.slice(ticks.length, heading.length - ticks.length);
    expect(inner.split(/(`+)/).filter((run) => run === ticks)).toEqual([]);
    // The table row keeps its three cells: every other pipe is escaped.
    const tableRow = lines.find((l) => l.endsWith('| allowed |'))!;
    expect(tableRow.replace(/\\\|/g, '').split('|')).toHaveLength(5);
    // Prose lines that quote the text start with no list, quote or heading marker.
    for (const l of lines) {
      if (l.startsWith('- ') || l.startsWith('|') || l.startsWith('#') || l.startsWith('`'))
        continue;
      if (l === '' || l === '-' || l.startsWith('**') || l.startsWith('Other fixes')) continue;
      expect(l).not.toMatch(/^\s*([>+=-]|\d+[.)]|#)/);
    }
  },
);
