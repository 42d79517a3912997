import { DEFAULT_CHECK_TIMEOUT_S } from './check-args.ts';

export const CHECK_HELP = `Usage: cors-lens check URL --origin ORIGIN [options]
       cors-lens check --config checks.json [options]

Sends what Chromium sends for a fetch() from a page on ORIGIN (mode "cors"): the preflight
when Chromium would send one, then the actual request if the preflight passes, following
redirects as fetch does. Prints the same report as "cors-lens explain": the verdict,
Chromium's own reason, and the fix for your stack. The requests really reach the server.

Request (one check):
  --origin ORIGIN       the calling page's origin, e.g. http://localhost:5173
  -X, --method M        default GET (POST with --data)
  -H, --header 'N: v'   a header the page sets; repeat for more
  -d, --data BODY       a string body (Content-Type text/plain;charset=UTF-8 unless set)
  --credentials         credentials: "include" (cookies; a Cookie header given with -H
                        stands for the browser's cookie jar)
  --preflight-only      send the preflight only, never the actual request
  --force-preflight     always preflight (XMLHttpRequest upload listeners, streamed bodies)
  --mode no-cors        a no-cors fetch (never CORS-checked, opaque to the page)

Many checks:
  --config FILE         a JSON list of checks with the verdict each should get ("-": stdin);
                        exit status 1 when one is not as expected

Output:
  --json                the report as JSON (the "explain --json" shape)
  --fail-on-blocked     exit with status 1 when the request is blocked
  --stack NAME          show the fix for this stack first (see cors-lens --help)
  --no-color            no colours
  --no-redact           show cookies, Authorization, API keys and tokens
  --timeout SECONDS     per request, default ${DEFAULT_CHECK_TIMEOUT_S}

Exit status:
  0  done (with --config: every check as expected)
  1  blocked with --fail-on-blocked; with --config: a check not as expected
  2  usage error, unreadable check list, or no answer (connection refused, DNS, timeout):
     a network problem is not a CORS verdict
`;
