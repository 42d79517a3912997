import type { StackId } from '../fixes/types.ts';

/** Every stack `--stack` accepts, in the order the help lists them. */
export const STACK_IDS = [
  'express',
  'fastify',
  'koa',
  'nestjs',
  'nextjs',
  'django',
  'flask',
  'fastapi',
  'rails',
  'spring',
  'aspnet',
  'go',
  'nginx',
  'apache',
  'caddy',
  'vite-proxy',
  'webpack-proxy',
  'angular-proxy',
] as const satisfies readonly StackId[];

// Fails to compile when the fixes add a stack this list lacks, so `--stack` never falls behind.
type Missing = Exclude<StackId, (typeof STACK_IDS)[number]>;
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

export function parseStack(value: string): StackId | undefined {
  const lower = value.trim().toLowerCase();
  return (STACK_IDS as readonly string[]).includes(lower) ? (lower as StackId) : undefined;
}
