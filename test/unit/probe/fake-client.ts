// A scripted server for the probe: answers by method and path, records every request it was sent.
import type { Header } from '../../../src/cors/types.ts';
import type { HttpClient, TransportFailure, WireRequest } from '../../../src/probe/index.ts';

export interface Answer {
  status?: number;
  headers?: Array<[string, string]>;
  failure?: TransportFailure;
}

export function fakeClient(answer: (request: WireRequest) => Answer): HttpClient & {
  requests: WireRequest[];
} {
  const requests: WireRequest[] = [];
  return {
    requests,
    async send(request) {
      requests.push(request);
      const a = answer(request);
      if (a.failure) return { failure: a.failure };
      const headers: Header[] = (a.headers ?? []).map(([name, value]) => ({ name, value }));
      return { response: { status: a.status ?? 200, headers } };
    },
  };
}

export function header(request: WireRequest, name: string): string | undefined {
  return request.headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

export const PAGE = 'http://localhost:5173';
export const API = 'http://localhost:3000';
export const OTHER = 'http://127.0.0.1:4000';
