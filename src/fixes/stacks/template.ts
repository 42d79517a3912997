/** The shape every stack module implements: a pure function from the case to a snippet. */
import type { FixContext } from '../context.ts';
import type { StackId } from '../types.ts';

export interface Rendered {
  code: string;
  /** The first note says where the code goes. */
  notes: string[];
}

export interface StackTemplate {
  id: StackId;
  title: string;
  kind: 'server' | 'proxy';
  language: string;
  /**
   * Who sends `Vary: Origin` when the origin is echoed: the library itself, or the snippet
   * (libraries that skip it for a single allowed origin), or nobody because a proxy makes the
   * request same-origin.
   */
  vary: 'library' | 'snippet' | 'not-needed';
  /** True when the library upper-cases allowed method names, so `patch` can never be allowed. */
  upperCasesMethods?: boolean;
  /** True for Node snippets that come in both module systems (`ctx.moduleFormat`). */
  moduleFormats?: boolean;
  render(ctx: FixContext): Rendered;
}

/**
 * Every CORS response header: what a front server (nginx, Apache) takes over from the app, so
 * none is sent twice.
 */
export const CORS_RESPONSE_HEADERS: readonly string[] = [
  'Access-Control-Allow-Origin',
  'Access-Control-Allow-Credentials',
  'Access-Control-Allow-Methods',
  'Access-Control-Allow-Headers',
  'Access-Control-Expose-Headers',
  'Access-Control-Max-Age',
];
