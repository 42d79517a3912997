import { fc, test as fcTest } from '../../setup/property-test.ts';
import { describe, expect, test } from 'vitest';
import { analyse } from '../../../extension/devtools/model/analysis.ts';
import { ExchangeLog } from '../../../extension/devtools/model/exchange-log.ts';
import { headerSections } from '../../../extension/devtools/model/header-sections.ts';
import {
  formatHeaderLines,
  parseHeaderLines,
} from '../../../extension/devtools/model/header-list.ts';
import { relaxCaveat } from '../../../extension/devtools/model/relax.ts';
import { buildSequence } from '../../../extension/devtools/model/sequence.ts';
import {
  draftFromExchange,
  evaluateDraft,
  legToEdit,
  suggestedDraft,
} from '../../../extension/devtools/model/what-if.ts';
import type { Exchange } from '../../../src/cors/types.ts';
import { SCENARIOS, memoryClient, scenarioEntries, startedStore } from './support.ts';

function exchange(id: string): Exchange {
  return {
    id,
    initiatorOrigin: 'http://localhost:5173',
    legs: [{ request: { url: `http://localhost:3000/${id}`, method: 'GET', headers: [] } }],
  };
}

describe('the bounded log', () => {
  fcTest.prop([
    fc.integer({ min: 1, max: 40 }),
    fc.array(fc.oneof(fc.constant<'add'>('add'), fc.nat({ max: 200 })), { maxLength: 300 }),
  ])('never holds more than its cap, keeps order, and accounts for every exchange', (cap, ops) => {
    const log = new ExchangeLog(cap);
    let created = 0;
    let shown: string[] = [];
    for (const op of ops) {
      if (op === 'add') {
        log.upsert(exchange(`e${created++}`), [], undefined, true);
      } else if (created > 0) {
        // An update of an exchange seen before (maybe already dropped: it comes back as new).
        log.upsert(exchange(`e${op % created}`), [], undefined, true);
      }
      const changes = log.takeChanges();
      const now = log.all.map((r) => r.exchange.id!);
      if (!changes.rebuild) {
        // Only appends since the last look: the old view plus the new rows is the whole list.
        expect([...shown, ...changes.appended.map((r) => r.exchange.id!)]).toEqual(now);
      }
      shown = now;
      expect(log.all.length).toBeLessThanOrEqual(cap);
      const keys = log.all.map((r) => r.key);
      expect(keys).toEqual([...keys].sort((a, b) => a - b));
      expect(new Set(now).size).toBe(now.length);
    }
  });
});

describe('header lines', () => {
  const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/);
  const value = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,40}[\x21-\x7e])?$/);
  fcTest.prop([fc.array(fc.record({ name, value }), { maxLength: 12 })])(
    'survive formatting and parsing back',
    (headers) => {
      const parsed = parseHeaderLines(formatHeaderLines(headers));
      expect(parsed.errors).toEqual([]);
      expect(parsed.headers).toEqual(headers);
    },
  );
});

describe('on every shared scenario', async () => {
  const store = await startedStore(memoryClient({ har: scenarioEntries() }));
  const cases = store.getState().records.map((record, i) => ({
    name: SCENARIOS[i]!.name,
    record,
    analysis: analyse(record),
  }));

  test.each(cases)('$name: the diagram breaks at most once, and nothing is sent after', (c) => {
    const { messages, outcome } = buildSequence(c.record.exchange, c.analysis.diagnosis);
    const breaks = messages.filter((m) => m.state === 'broken' || m.state === 'failed');
    expect(breaks.length).toBeLessThanOrEqual(1);
    const at = messages.findIndex((m) => m.state === 'broken' || m.state === 'failed');
    if (at >= 0) {
      for (const later of messages.slice(at + 1)) expect(later.state).toBe('not-sent');
    }
    expect(outcome.blocked).toBe(c.analysis.diagnosis.verdict !== 'allowed');
    if (c.analysis.status === 'blocked') expect(breaks).toHaveLength(1);
  });

  test.each(cases)('$name: at most one header is the culprit', (c) => {
    const rows = headerSections(c.record.exchange, c.analysis.diagnosis).flatMap((s) => s.rows);
    const culprits = rows.filter((r) => r.culprit);
    expect(culprits.length).toBeLessThanOrEqual(1);
    if (c.analysis.diagnosis.culprit?.header) expect(culprits).toHaveLength(1);
  });

  test.each(cases.filter((c) => c.analysis.status === 'blocked' && !relaxCaveat(c.analysis)))(
    '$name: the suggested headers make the browser accept it',
    (c) => {
      const base = draftFromExchange(
        c.record.exchange,
        legToEdit(c.record.exchange, c.analysis.diagnosis),
      );
      expect(evaluateDraft(c.record.exchange, base).diagnosis?.verdict).toBe('blocked');
      const fixed = suggestedDraft(c.record.exchange, c.analysis.diagnosis, base);
      expect(evaluateDraft(c.record.exchange, fixed).diagnosis?.verdict).toBe('allowed');
    },
  );
});
