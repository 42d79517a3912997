/** Network errors: which one CORS uses, and what the others mean (they are not CORS). */

/** The only network error Chromium reports for a CORS block. */
export const CORS_NET_ERROR = 'net::ERR_FAILED';

export function isCorsNetError(netError: string): boolean {
  return netError === CORS_NET_ERROR || netError === 'ERR_FAILED';
}

const EXPLANATIONS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    ERR_CONNECTION_REFUSED:
      'Nothing accepted the connection: the server is not running, or listens on another port or interface (127.0.0.1 vs ::1).',
    ERR_NAME_NOT_RESOLVED:
      'The host name could not be resolved (DNS): check the spelling and the environment configuration.',
    ERR_BLOCKED_BY_CLIENT:
      'An extension (usually an ad or tracker blocker) cancelled the request before it was sent.',
    ERR_BLOCKED_BY_RESPONSE:
      'A response policy (Cross-Origin-Resource-Policy, Cross-Origin-Embedder-Policy, X-Frame-Options) blocked it.',
    ERR_BLOCKED_BY_ORB:
      'Opaque Response Blocking stopped a no-cors response that looked like data (JSON, HTML) rather than an image, script or stylesheet.',
    ERR_CERT_AUTHORITY_INVALID:
      'The TLS certificate is not trusted (self-signed dev certificate?). Open the URL once in a tab to see the certificate error.',
    ERR_CERT_COMMON_NAME_INVALID: 'The TLS certificate does not match the host name.',
    ERR_SSL_PROTOCOL_ERROR:
      'The TLS handshake failed: often https:// pointed at a plain-http port.',
    ERR_CONNECTION_RESET: 'The connection was reset by the server or a proxy.',
    ERR_CONNECTION_CLOSED: 'The server closed the connection without answering.',
    ERR_EMPTY_RESPONSE: 'The server closed the connection without sending anything.',
    ERR_TIMED_OUT: 'The request timed out.',
    ERR_CONNECTION_TIMED_OUT: 'The connection timed out.',
    ERR_INTERNET_DISCONNECTED: 'The machine is offline.',
    ERR_TOO_MANY_REDIRECTS: 'The request was redirected more than 20 times (a redirect loop?).',
    ERR_UNSAFE_REDIRECT:
      'A redirect pointed to a URL scheme the browser will not follow from a web request.',
    ERR_INVALID_REDIRECT: 'A redirect had an invalid Location.',
    ERR_ABORTED:
      'The request was cancelled (page navigated away, AbortController, or a replaced request).',
    ERR_INSECURE_RESPONSE: 'The TLS connection was not secure enough.',
    ERR_INVALID_URL: 'The URL is not valid.',
    ERR_UNKNOWN_URL_SCHEME: 'The URL scheme is not supported for this request.',
    ERR_ADDRESS_UNREACHABLE: 'The address is unreachable from this machine.',
    ERR_CONTENT_LENGTH_MISMATCH:
      'The response body was shorter than its Content-Length: the server or a proxy cut it off.',
  }),
);

/** One sentence on a non-CORS network error. */
export function describeNetError(netError: string): string {
  const key = netError.startsWith('net::') ? netError.slice(5) : netError;
  return EXPLANATIONS.get(key) ?? `${netError} is a network-level failure.`;
}
