// Types for demo/server.mjs (plain JS, so the demo runs with no build step).
export const DEFAULT_FRONTEND_PORT: number;
export const DEFAULT_API_PORT: number;

export class PortInUseError extends Error {
  constructor(what: string, port: number, flag: string);
}

export interface DemoRequest {
  method: string;
  path: string;
  status: number;
  origin: string;
  cookie: string;
}

export interface Demo {
  frontendUrl: string;
  apiUrl: string;
  frontendPort: number;
  apiPort: number;
  /** Every API request answered so far. */
  apiRequests: DemoRequest[];
  close(): Promise<void>;
}

export function startDemo(options?: {
  frontendPort?: number;
  apiPort?: number;
  log?: (line: string) => void;
}): Promise<Demo>;

export function demoPortsFrom(values: Record<string, unknown>): {
  frontendPort: number | undefined;
  apiPort: number | undefined;
};
