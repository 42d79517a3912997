import type { Diagnosis, PreflightReason } from '../cors/types.ts';

/** "method PUT is not CORS-safelisted" and the like: one reason Chromium sent a preflight. */
export function describePreflightReason(reason: PreflightReason): string {
  switch (reason.kind) {
    case 'method':
      return `method ${reason.method} is not CORS-safelisted`;
    case 'forced':
      return reason.detail;
    case 'header':
      switch (reason.why) {
        case 'not-safelisted':
          return `header ${reason.header} is not CORS-safelisted`;
        case 'value-not-safe':
          return `header ${reason.header} has a value that is not CORS-safelisted`;
        case 'value-too-long':
          return `header ${reason.header} is longer than 128 bytes`;
        case 'safelist-budget':
          return `safelisted headers exceed 1024 bytes together (${reason.header})`;
      }
  }
  return 'unknown reason';
}

/** One line on whether the browser sent a preflight, and why. */
export function describePreflight(preflight: Diagnosis['preflight']): string {
  const why = preflight.reasons.map(describePreflightReason).join('; ');
  if (preflight.sent)
    return why ? `a preflight (OPTIONS) first, because ${why}` : 'a preflight (OPTIONS) first';
  if (preflight.needed) {
    return `no preflight recorded although one was needed (${why || 'see notes'}); the browser probably answered it from its preflight cache`;
  }
  return 'no preflight: a simple request (safelisted method and headers)';
}
