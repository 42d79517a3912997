/**
 * What a stack answers to a preflight before its CORS library is installed. Measured: the stack
 * suite (test/stacks) starts each unconfigured app and asserts these statuses, so the diagnosis can
 * say "this is the stack's default" with confidence. None of them sends a CORS header.
 */
import type { StackId } from './types.ts';

export interface UnconfiguredPreflight {
  name: string;
  /** The status an OPTIONS preflight gets from the unconfigured app. */
  status: number;
  /** What answers it that way. */
  because: string;
  /** The CORS library (or mechanism) whose snippet fixes it. */
  library: string;
}

export const UNCONFIGURED_PREFLIGHT: Readonly<Partial<Record<StackId, UnconfiguredPreflight>>> = {
  express: {
    name: 'Express',
    status: 200,
    because: 'Express answers OPTIONS with the route’s Allow list',
    library: 'cors',
  },
  fastify: {
    name: 'Fastify',
    status: 404,
    because: 'Fastify has no OPTIONS routes',
    library: '@fastify/cors',
  },
  koa: {
    name: 'Koa',
    status: 404,
    because: 'Koa answers nothing for OPTIONS without `router.allowedMethods()`',
    library: '@koa/cors',
  },
  nestjs: {
    name: 'NestJS',
    status: 404,
    because: 'NestJS has no OPTIONS routes',
    library: '`app.enableCors()`',
  },
  nextjs: {
    name: 'Next.js',
    status: 204,
    because: 'Next.js answers OPTIONS on route handlers with an Allow list and no CORS headers',
    library: 'the CORS middleware',
  },
  django: {
    name: 'Django',
    status: 200,
    because: 'Django’s class-based views answer OPTIONS',
    library: 'django-cors-headers',
  },
  flask: {
    name: 'Flask',
    status: 200,
    because: 'Flask answers OPTIONS automatically',
    library: 'flask-cors',
  },
  fastapi: {
    name: 'FastAPI',
    status: 405,
    because: 'FastAPI routes only the declared methods',
    library: 'CORSMiddleware',
  },
  rails: {
    name: 'Rails',
    status: 404,
    because: 'Rails has no OPTIONS routes',
    library: 'rack-cors',
  },
  go: {
    name: 'Go net/http',
    status: 405,
    because: 'net/http handlers (and Go 1.22 method patterns) refuse methods they do not handle',
    library: 'github.com/rs/cors',
  },
};

/** Stacks whose unconfigured default is exactly this preflight status, in table order. */
export function stacksAnsweringPreflight(status: number): StackId[] {
  return (Object.keys(UNCONFIGURED_PREFLIGHT) as StackId[]).filter(
    (s) => UNCONFIGURED_PREFLIGHT[s]?.status === status,
  );
}

/**
 * The line the diagnosis shows for a preflight answered 404/405 with no CORS headers: the detected
 * stack's default when it matches, else every stack known to answer that way.
 */
export function unconfiguredPreflightNote(
  status: number | undefined,
  detected: readonly StackId[],
): string | undefined {
  if (status !== 404 && status !== 405) return undefined;
  const mine = detected.find((s) => UNCONFIGURED_PREFLIGHT[s]?.status === status);
  const d = mine ? UNCONFIGURED_PREFLIGHT[mine] : undefined;
  if (d) {
    return `${d.name} answers a preflight ${status} by default (${d.because}) until its CORS library, ${d.library}, is installed: this is the unconfigured default, not a broken route. The ${d.name} fix installs it.`;
  }
  const all = stacksAnsweringPreflight(status).map((s) => UNCONFIGURED_PREFLIGHT[s]!);
  return `A preflight ${status} is what ${all.map((x) => `${x.name} (until ${x.library})`).join(', ')} answer by default, before their CORS library is installed: the fix for your stack installs it.`;
}

/** For one stack's fix: say so when the recorded preflight status is that stack's default. */
export function unconfiguredStackNote(stack: StackId, status: number | undefined): string[] {
  const d = UNCONFIGURED_PREFLIGHT[stack];
  if (!d || status === undefined || d.status !== status || status < 300) return [];
  return [
    `Unconfigured, ${d.name} answers preflights ${status} (${d.because}): that is what this snippet changes, with ${d.library}.`,
  ];
}
