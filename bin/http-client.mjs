// The HTTP client behind `cors-lens check`: node:http/https exactly as told, nothing added beyond
// Host and Content-Length. No automatic redirects (the probe walks them as fetch does), header lines
// kept raw (order, case, repeats: `rawHeaders`), the method sent as given (`patch` stays lower
// case, as Chromium sends it), no cookie jar, no proxy. A refused connection, a DNS failure or a
// timeout comes back as a transport failure with Chromium's net error name, never as a throw.
import http from 'node:http';
import https from 'node:https';

export const DEFAULT_TIMEOUT_MS = 10_000;

/** Node error codes → Chromium's net error names and a plain account of what happened. */
const FAILURES = {
  ECONNREFUSED: ['net::ERR_CONNECTION_REFUSED', 'connection refused: nothing listens there'],
  ENOTFOUND: ['net::ERR_NAME_NOT_RESOLVED', 'the host name does not resolve (DNS)'],
  EAI_AGAIN: ['net::ERR_NAME_NOT_RESOLVED', 'the host name could not be resolved (DNS, temporary)'],
  ECONNRESET: ['net::ERR_CONNECTION_RESET', 'the connection was reset'],
  EPIPE: ['net::ERR_CONNECTION_RESET', 'the connection was closed while sending'],
  EHOSTUNREACH: ['net::ERR_ADDRESS_UNREACHABLE', 'the host is unreachable'],
  ENETUNREACH: ['net::ERR_ADDRESS_UNREACHABLE', 'the network is unreachable'],
  ETIMEDOUT: ['net::ERR_CONNECTION_TIMED_OUT', 'the connection timed out'],
  CERT_HAS_EXPIRED: ['net::ERR_CERT_DATE_INVALID', 'the TLS certificate has expired'],
  DEPTH_ZERO_SELF_SIGNED_CERT: [
    'net::ERR_CERT_AUTHORITY_INVALID',
    'the TLS certificate is self-signed (not trusted)',
  ],
  SELF_SIGNED_CERT_IN_CHAIN: [
    'net::ERR_CERT_AUTHORITY_INVALID',
    'the TLS certificate chain is not trusted',
  ],
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: [
    'net::ERR_CERT_AUTHORITY_INVALID',
    'the TLS certificate is not trusted',
  ],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: [
    'net::ERR_CERT_AUTHORITY_INVALID',
    'the TLS certificate is not trusted',
  ],
  ERR_TLS_CERT_ALTNAME_INVALID: [
    'net::ERR_CERT_COMMON_NAME_INVALID',
    'the TLS certificate does not match the host name',
  ],
};

/** Maps a Node error to `{ netError, message }`. */
export function transportFailure(error, url) {
  const code = typeof error?.code === 'string' ? error.code : '';
  const where = hostOf(url);
  const known = FAILURES[code];
  if (known) return { netError: known[0], message: `${known[1]} (${where})` };
  if (code.startsWith('HPE_'))
    return {
      netError: 'net::ERR_INVALID_HTTP_RESPONSE',
      message: `the answer is not valid HTTP (${where}): ${error.message}`,
    };
  if (
    code.startsWith('ERR_SSL') ||
    code.startsWith('ERR_TLS') ||
    /ssl|tls/i.test(error?.message ?? '')
  )
    return {
      netError: 'net::ERR_SSL_PROTOCOL_ERROR',
      message: `the TLS handshake failed (${where}): ${error.message}`,
    };
  return {
    netError: 'net::ERR_FAILED',
    message: `the request failed (${where}): ${error?.message ?? String(error)}`,
  };
}

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Methods Node sends without a body framing header by default; the rest get `Content-Length: 0`. */
const NO_BODY_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

/**
 * `createHttpClient({ timeoutMs })` → `{ send(request) }`, where `request` is
 * `{ url, method, headers: [{ name, value }], body? }` and the answer is `{ response: { status,
 * statusText, headers } }` or `{ failure: { netError, message } }`.
 */
export function createHttpClient(options = {}) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    send(request) {
      return new Promise((resolve) => {
        let settled = false;
        const settle = (value) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(value);
        };
        let url;
        try {
          url = new URL(request.url);
        } catch {
          settle({
            failure: { netError: 'net::ERR_INVALID_URL', message: `not a URL: ${request.url}` },
          });
          return;
        }
        const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
        // Our order and case, Host first as browsers do. An object, not Node's raw list: with a
        // list Node writes the request line at once, before the method can be set (below). Fetch's
        // Headers never repeat a name, so nothing is lost.
        const lines = { Host: url.host };
        for (const h of request.headers) {
          const same = Object.keys(lines).find((k) => k.toLowerCase() === h.name.toLowerCase());
          if (same === undefined) lines[h.name] = h.value;
          else lines[same] = `${lines[same]}, ${h.value}`;
        }
        if (body !== undefined) lines['Content-Length'] = String(body.length);
        else if (!NO_BODY_METHODS.has(request.method.toUpperCase())) lines['Content-Length'] = '0';
        const transport = url.protocol === 'https:' ? https : http;
        let req;
        const timer = setTimeout(() => {
          settle({
            failure: {
              netError: 'net::ERR_TIMED_OUT',
              message: `no answer within ${timeoutMs / 1000} s (${url.host})`,
            },
          });
          req?.destroy();
        }, timeoutMs);
        try {
          req = transport.request({
            protocol: url.protocol,
            // URL keeps IPv6 hosts in brackets; the socket wants them bare.
            hostname: url.hostname.replace(/^\[|\]$/g, ''),
            port: url.port,
            // User info is never sent (Node would turn it into Authorization: Basic).
            path: `${url.pathname}${url.search}`,
            method: request.method.toUpperCase(),
            headers: lines,
            setHost: false,
            agent: false,
          });
        } catch (error) {
          settle({ failure: transportFailure(error, request.url) });
          return;
        }
        // Node upper-cases the method it is given; the request line uses `req.method`, so a
        // non-standard lower-case method (fetch keeps `patch` as written) goes out as written.
        req.method = request.method;
        req.on('response', (res) => {
          const headers = [];
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
            headers.push({ name: res.rawHeaders[i], value: res.rawHeaders[i + 1] });
          const response = { status: res.statusCode ?? 0, headers };
          if (res.statusMessage) response.statusText = res.statusMessage;
          // The body is not part of the CORS verdict: drain it without waiting.
          res.on('error', () => undefined);
          res.resume();
          settle({ response });
        });
        req.on('error', (error) => settle({ failure: transportFailure(error, request.url) }));
        req.end(body);
      });
    },
  };
}
