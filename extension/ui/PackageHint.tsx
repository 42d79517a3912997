/**
 * "Which package relaxes this": the words for failures that headers cannot cure but an answered
 * preflight can (a preflight the server fails or redirects). The lean Chrome package names the
 * other one; the package with preflight answers points to its own switch; Firefox, which has no
 * such package, says so. Shared by the panel (for one blocked request) and the popup (for the site).
 */
import type { Capabilities } from '../../src/protocol/messages.ts';

/**
 * For one request that only an answered preflight can let through; undefined until known.
 * `answering`: the site's override already has "Answer preflights" on.
 */
export function preflightPackageText(
  capabilities: Capabilities | undefined,
  answering = false,
): string | undefined {
  if (!capabilities) return undefined;
  if (capabilities.answerPreflights && answering) {
    return (
      '“Answer preflights” is on for this site: CORS Lens answers the next failed preflight ' +
      'itself while Chrome shows its debugging bar.'
    );
  }
  if (capabilities.answerPreflights) {
    return (
      'This package can relax it: turn on “Answer preflights” for this site’s override (options ' +
      'page). CORS Lens then answers the failed preflight itself, and Chrome shows a debugging bar.'
    );
  }
  if (capabilities.preflightPackage) {
    return (
      `Only the package “${capabilities.preflightPackage}” relaxes this: it answers the failed ` +
      'preflight itself (Chrome’s “debugger” permission, with an install warning and a debugging ' +
      'bar while it works). This package changes headers only, and no header changes a status ' +
      'or a redirect.'
    );
  }
  return (
    'No CORS Lens package relaxes this in this browser (it has no debugger API for extensions): ' +
    'fix the preflight on the server or use a dev-server proxy (see Fixes).'
  );
}

/** The panel's line under the Relax button, for a request only an answered preflight passes. */
export function PreflightPackageHint({
  capabilities,
  answering,
}: {
  capabilities: Capabilities | undefined;
  answering?: boolean;
}) {
  const text = preflightPackageText(capabilities, answering);
  if (!text) return null;
  return (
    <p class="hint package-hint" data-testid="package-hint">
      {text}
    </p>
  );
}

/**
 * The popup's standing note in the lean Chrome package: the popup sees no single request, so it
 * says up front which failures this package leaves blocked and which package relaxes them.
 */
export function PopupPackageHint({ capabilities }: { capabilities: Capabilities | undefined }) {
  if (!capabilities?.preflightPackage) return null;
  return (
    <p class="muted small package-hint" data-testid="package-hint">
      A preflight the server answers with an error status (404, 405, 5xx) or a redirect stays
      blocked in this package; “{capabilities.preflightPackage}” relaxes it.
    </p>
  );
}
