// A loopback HTTP/1.1 server on plain sockets, for the matrix: Node's HTTP parser answers a
// lower-case method (`fetch(url, { method: 'patch' })` sends `patch`) with 400 before any handler
// runs, so the server's behaviour would never be tried. One request per connection
// (`Connection: close`), header lines written exactly as given (repeats and order kept).
import net, { type AddressInfo } from 'node:net';

export interface RawRequest {
  method: string;
  /** Path and query, as on the request line. */
  target: string;
  /** Lower-case name → value (a repeated header: the values joined with ', '). */
  headers: Map<string, string>;
}

export interface RawAnswer {
  status: number;
  headers: Array<[string, string]>;
  body?: string;
}

export interface RawServer {
  port: number;
  close(): Promise<void>;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  301: 'Moved Permanently',
  307: 'Temporary Redirect',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
};

function parseHead(head: string): RawRequest | undefined {
  const [line, ...rest] = head.split('\r\n');
  const m = /^(\S+) (\S+) HTTP\/1\.[01]$/.exec(line ?? '');
  if (!m) return undefined;
  const headers = new Map<string, string>();
  for (const raw of rest) {
    const colon = raw.indexOf(':');
    if (colon <= 0) continue;
    const name = raw.slice(0, colon).trim().toLowerCase();
    const value = raw.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  return { method: m[1]!, target: m[2]!, headers };
}

function write(socket: net.Socket, answer: RawAnswer, head: boolean): void {
  const body = answer.status === 204 || head ? '' : (answer.body ?? '');
  const lines = [`HTTP/1.1 ${answer.status} ${REASONS[answer.status] ?? 'Status'}`];
  for (const [name, value] of answer.headers) lines.push(`${name}: ${value}`);
  lines.push('Cache-Control: no-store', 'Connection: close');
  if (answer.status !== 204) {
    lines.push('Content-Type: text/plain', `Content-Length: ${Buffer.byteLength(body)}`);
  }
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

/** Starts the server on 127.0.0.1, a free port. */
export async function startRawServer(
  handle: (request: RawRequest) => RawAnswer,
): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buffer = Buffer.alloc(0);
    let request: RawRequest | undefined;
    let bodyStart = 0;
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!request) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        request = parseHead(buffer.subarray(0, end).toString('latin1'));
        bodyStart = end + 4;
        if (!request) {
          write(socket, { status: 400, headers: [] }, false);
          return;
        }
      }
      const length = Number(request.headers.get('content-length') ?? '0');
      if (buffer.length - bodyStart < length) return;
      let answer: RawAnswer;
      try {
        answer = handle(request);
      } catch (error) {
        console.error('matrix server failed:', error);
        answer = { status: 500, headers: [] };
      }
      write(socket, answer, request.method.toUpperCase() === 'HEAD');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
