/** One stack's template applied to a context: the Fix the panel, the CLI and the override views show. */
import { MODULE_FORMATS, type FixContext, type ModuleFormat } from './context.ts';
import { STACKS } from './stacks/index.ts';
import type { Fix, StackId } from './types.ts';
import { unconfiguredStackNote } from './unconfigured.ts';

/**
 * One stack's fix for a context, with the shared notes after the "where" note, and for Node stacks
 * the other module system as a variant. Also used by `fixForOverride`, so both show the same text.
 */
export function renderFix(
  ctx: FixContext,
  stack: StackId,
  shared: { server: string[]; proxy: string[] } = { server: [], proxy: [] },
): Fix {
  const template = STACKS[stack];
  const { code, notes } = template.render(ctx);
  const [where, ...rest] = notes;
  const fix: Fix = {
    stack,
    title: template.title,
    kind: template.kind,
    language: template.language,
    code,
    notes: [
      ...(where ? [where] : []),
      ...shared[template.kind],
      ...unconfiguredStackNote(stack, ctx.preflightStatus),
      ...rest,
    ],
  };
  if (template.moduleFormats) {
    fix.moduleFormat = ctx.moduleFormat;
    fix.variants = MODULE_FORMATS.filter((f) => f !== ctx.moduleFormat).map((f) => ({
      label: MODULE_FORMAT_LABELS[f],
      moduleFormat: f,
      code: template.render({ ...ctx, moduleFormat: f }).code,
    }));
  }
  return fix;
}

export const MODULE_FORMAT_LABELS: Readonly<Record<ModuleFormat, string>> = {
  esm: 'ES module (import)',
  cjs: 'CommonJS (require)',
};
