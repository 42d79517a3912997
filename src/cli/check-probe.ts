/**
 * One check, start to finish: the probe walks the live server, then the exchange it recorded goes
 * through the same `diagnose` and fixes as a HAR file's (`analyze.ts`).
 */
import type { Diagnosis } from '../cors/types.ts';
import { runProbe, type HttpClient, type ProbeResult, type ProbeSpec } from '../probe/index.ts';
import type { StackId } from '../fixes/types.ts';
import type { AnalyzedExchange, Engine } from './analyze.ts';

export interface CheckOutcome {
  probe: ProbeResult;
  /** Absent when `--preflight-only` found no preflight to send (nothing went out). */
  item?: AnalyzedExchange;
  /** The engine failed (a bug): reported, not thrown. */
  internalError?: string;
}

export async function checkOne(
  spec: ProbeSpec,
  client: HttpClient,
  engine: Engine,
  stack: StackId | undefined,
  id: string,
): Promise<CheckOutcome> {
  const probe = await runProbe(spec, client);
  probe.exchange.id = id;
  const exchange = probe.exchange;
  const lastLeg = exchange.legs[exchange.legs.length - 1];
  if (probe.stoppedBeforeActual && !lastLeg?.preflight) return { probe };
  let diagnosis: Diagnosis;
  try {
    diagnosis = engine.diagnose(exchange);
  } catch (e) {
    return { probe, internalError: `the engine failed: ${e instanceof Error ? e.message : e}` };
  }
  if (probe.stoppedBeforeActual) diagnosis = preflightOnlyDiagnosis(diagnosis);
  let fixes: AnalyzedExchange['fixes'] = [];
  if (diagnosis.verdict === 'blocked') {
    try {
      fixes = engine.generateFixes(exchange, diagnosis, stack ? { preferStack: stack } : {});
    } catch {
      fixes = [];
    }
  }
  return { probe, item: { exchange, diagnosis, fixes } };
}

/**
 * `--preflight-only` after a preflight that passed: the engine found no failure up to the actual
 * request, which was deliberately not sent. Say exactly that instead of "no response".
 */
function preflightOnlyDiagnosis(d: Diagnosis): Diagnosis {
  const preflightFailed = d.checks.some((c) => c.stage === 'preflight' && !c.passed);
  if (d.verdict !== 'blocked' || preflightFailed || d.reason !== undefined) return d;
  const passed: Diagnosis = {
    ...d,
    verdict: 'allowed',
    summary:
      'Preflight passed. The actual request was not sent (--preflight-only), so its response still has to allow the origin.',
    checks: d.checks.filter((c) => c.stage !== 'response'),
    notes: [
      'Only the preflight was sent (--preflight-only). The actual response needs Access-Control-Allow-Origin too (and Access-Control-Allow-Credentials for credentialed requests).',
      ...d.notes,
    ],
  };
  delete passed.culprit;
  delete passed.consoleMessage;
  delete passed.failedParameter;
  return passed;
}
