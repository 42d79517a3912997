// How the page asked: XHR upload listeners (a forced preflight), fetch `cache: 'no-store'` (the browser
// adds Cache-Control/Pragma, which are not the page's headers), and `no-cors` mode.
import type { Case } from '../case-types.ts';
import { ACAC, ACAM, ACAO, PAGE, allowPage, single } from './helpers.ts';

const TEXT: ReadonlyArray<readonly [string, string]> = [['Content-Type', 'text/plain']];

function xhrUploadCases(): Case[] {
  const xhrPost = { method: 'POST', client: 'xhr' as const, headers: TEXT, uploadListener: true };
  return [
    single(
      'xhr-upload',
      'preflight-bare',
      'XHR POST text/plain with an upload listener, preflight without CORS headers',
      xhrPost,
      { headers: allowPage(), preflight: { status: 204 } },
    ),
    single(
      'xhr-upload',
      'preflight-ok',
      'XHR POST text/plain with an upload listener, preflight allows it',
      xhrPost,
      { headers: allowPage(), preflight: { status: 204, headers: allowPage() } },
    ),
    single(
      'xhr-upload',
      'preflight-404',
      'XHR POST with an upload listener, preflight 404 with ACAO',
      xhrPost,
      { headers: allowPage(), preflight: { status: 404, headers: allowPage() } },
    ),
    single(
      'xhr-upload',
      'preflight-star-credentials',
      'XHR withCredentials POST with an upload listener, preflight ACAO *',
      { ...xhrPost, credentials: 'include' },
      {
        headers: allowPage(true),
        preflight: {
          status: 204,
          headers: [
            [ACAO, '*'],
            [ACAC, 'true'],
          ],
        },
      },
    ),
    single(
      'xhr-upload',
      'no-listener',
      'XHR POST text/plain without upload listener (no preflight)',
      { ...xhrPost, uploadListener: false },
      { headers: allowPage(), preflight: { status: 204 } },
    ),
    single(
      'xhr-upload',
      'get-listener',
      'XHR GET with an upload listener (no body)',
      { method: 'GET', client: 'xhr', uploadListener: true },
      { headers: allowPage(), preflight: { status: 204 } },
    ),
  ];
}

function cacheCases(): Case[] {
  const noStore = { cache: 'no-store' as const };
  return [
    single(
      'no-store',
      'get-ok',
      "fetch GET cache 'no-store', ACAO exact",
      { method: 'GET', ...noStore },
      { headers: allowPage() },
    ),
    single(
      'no-store',
      'get-missing',
      "fetch GET cache 'no-store', no ACAO",
      { method: 'GET', ...noStore },
      {},
    ),
    single(
      'no-store',
      'put-ok',
      "fetch PUT cache 'no-store', preflight allows it",
      { method: 'PUT', ...noStore },
      {
        headers: allowPage(),
        preflight: {
          status: 204,
          headers: [
            [ACAO, PAGE],
            [ACAM, 'PUT'],
          ],
        },
      },
    ),
    single(
      'no-store',
      'custom-no-acah',
      "fetch GET + X-Custom cache 'no-store', preflight lacks ACAH",
      { method: 'GET', headers: [['X-Custom', '1']], ...noStore },
      { headers: allowPage(), preflight: { status: 204, headers: allowPage() } },
    ),
    single(
      'no-store',
      'page-sets-cache-control',
      'fetch GET with Cache-Control set by the page, no ACAH',
      { method: 'GET', headers: [['Cache-Control', 'no-cache']] },
      { headers: allowPage(), preflight: { status: 204, headers: allowPage() } },
    ),
  ];
}

function noCorsCases(): Case[] {
  return [
    single(
      'no-cors',
      'get-missing',
      "fetch GET mode 'no-cors', no ACAO (opaque, never blocked)",
      { method: 'GET', mode: 'no-cors' },
      {},
    ),
    single(
      'no-cors',
      'post-text',
      "fetch POST text/plain mode 'no-cors'",
      { method: 'POST', mode: 'no-cors', headers: TEXT },
      {},
    ),
  ];
}

export const CLIENT_MODE_CASES: Case[] = [...xhrUploadCases(), ...cacheCases(), ...noCorsCases()];
