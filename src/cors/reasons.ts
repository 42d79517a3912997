/** Plain-language wording of preflight reasons. */
import type { PreflightReason } from './types.ts';

export function describeReason(r: PreflightReason): string {
  switch (r.kind) {
    case 'forced':
      return r.detail;
    case 'method':
      return `the method ${r.method} is not one of the CORS-safelisted methods (GET, HEAD, POST)`;
    case 'header':
      switch (r.why) {
        case 'not-safelisted':
          return `the header "${r.header}" is not CORS-safelisted`;
        case 'value-not-safe':
          return r.header === 'content-type'
            ? `"content-type" is not one of application/x-www-form-urlencoded, multipart/form-data or text/plain`
            : `the value of "${r.header}" contains characters or a form that is not CORS-safelisted`;
        case 'value-too-long':
          return `the value of "${r.header}" is longer than 128 bytes`;
        case 'safelist-budget':
          return `"${r.header}" is safelisted, but together the safelisted header values exceed 1024 bytes`;
      }
  }
}

export function describeReasons(reasons: readonly PreflightReason[]): string {
  return reasons.map(describeReason).join('; ');
}
