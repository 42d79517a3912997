// Types for bin/http-client.mjs: the Node side of the probe's injected HttpClient (src/probe).
import type { HttpClient, TransportFailure } from '../src/probe/types.ts';

export const DEFAULT_TIMEOUT_MS: number;
export function createHttpClient(options?: { timeoutMs?: number }): HttpClient;
export function transportFailure(error: unknown, url: string): TransportFailure;
