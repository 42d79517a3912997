/**
 * getCapabilities: what this build in this browser can do, and in words why not. The words depend
 * on why: Firefox has no debugger API and no getMatchedRules at all, whereas a Chrome build may only
 * leave the `debugger` permission out, which a build flag changes.
 */
import type { Capabilities } from '../../src/protocol/messages.ts';
import { PREFLIGHT_PACKAGE_NAME } from '../../src/protocol/packages.ts';
import type { BackgroundPorts } from './ports.ts';

export interface CapabilityFacts {
  browser: BackgroundPorts['browser'];
  /** chrome.debugger is there (the answerer can attach). */
  debuggerAvailable: boolean;
  /** declarativeNetRequest.getMatchedRules is there. */
  matchedRulesAvailable: boolean;
}

const FIX_ELSEWHERE =
  'fix the preflight on the server or in a dev-server proxy (the panel’s Fix tab writes one).';

function answerPreflightsNote(browser: CapabilityFacts['browser']): string {
  if (browser === 'firefox') {
    return (
      'Firefox has no debugger API for extensions (chrome.debugger), so CORS Lens cannot answer ' +
      'failing preflights there, whatever the build; and headers alone cannot change a ' +
      `preflight’s status. Instead, ${FIX_ELSEWHERE}`
    );
  }
  return (
    'Answering preflights needs chrome.debugger, which this package does not include ' +
    '(Chrome cannot make `debugger` an optional permission). Install the package ' +
    `“${PREFLIGHT_PACKAGE_NAME}” (built with CORS_LENS_DEBUGGER=1), or ${FIX_ELSEWHERE}`
  );
}

function relaxedCountNote(browser: CapabilityFacts['browser']): string {
  return browser === 'firefox'
    ? 'Firefox has no declarativeNetRequest.getMatchedRules, so CORS Lens cannot count the ' +
        'requests an override relaxed there. The overrides work all the same.'
    : 'This browser has no declarativeNetRequest.getMatchedRules, so CORS Lens cannot count ' +
        'the requests an override relaxed. The overrides work all the same.';
}

export function capabilities(facts: CapabilityFacts): Capabilities {
  const caps: Capabilities = {
    answerPreflights: facts.debuggerAvailable,
    relaxedCount: facts.matchedRulesAvailable,
  };
  if (!facts.debuggerAvailable) caps.answerPreflightsNote = answerPreflightsNote(facts.browser);
  if (!facts.debuggerAvailable && facts.browser === 'chrome') {
    caps.preflightPackage = PREFLIGHT_PACKAGE_NAME;
  }
  if (!facts.matchedRulesAvailable) caps.relaxedCountNote = relaxedCountNote(facts.browser);
  return caps;
}
