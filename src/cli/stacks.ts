import { STACK_IDS } from '../fixes/stacks/index.ts';
import type { StackId } from '../fixes/types.ts';

/** Every stack `--stack` accepts, in the order the help lists them. */
export { STACK_IDS };

export function parseStack(value: string): StackId | undefined {
  const lower = value.trim().toLowerCase();
  return (STACK_IDS as readonly string[]).includes(lower) ? (lower as StackId) : undefined;
}
