/** Diagnoses for when there is nothing to evaluate, or the engine itself failed. */
import type { Diagnosis } from './types.ts';

export function inputErrorDiagnosis(problems: string[]): Diagnosis {
  return {
    verdict: 'network-error',
    preflight: { needed: false, sent: false, reasons: [] },
    credentials: { mode: 'same-origin', inferred: true, evidence: [], verdictDependsOnIt: false },
    checks: [],
    summary: 'Nothing to diagnose: the exchange has no usable request.',
    explanation: ['The input does not describe a request the engine can evaluate.', ...problems],
    notes: problems.map((p) => `Input: ${p}`),
  };
}

/** Used when the engine itself fails: a bug must never take the panel or the CLI down. */
export function internalErrorDiagnosis(error: unknown): Diagnosis {
  const message = error instanceof Error ? error.message : 'unknown error';
  return {
    verdict: 'network-error',
    preflight: { needed: false, sent: false, reasons: [] },
    credentials: { mode: 'same-origin', inferred: true, evidence: [], verdictDependsOnIt: false },
    checks: [],
    summary: 'The CORS engine could not evaluate this exchange.',
    explanation: [
      'An internal error stopped the evaluation. Please report it with the exchange that caused it.',
    ],
    notes: [`Internal error: ${message}`],
  };
}
