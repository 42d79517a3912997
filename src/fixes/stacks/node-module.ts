/** How a Node snippet loads its package, in the module system the user chose. */
import type { FixContext } from '../context.ts';

/** `import cors from 'cors';` (ES module) or `const cors = require('cors');` (CommonJS). */
export function importDefault(ctx: FixContext, binding: string, pkg: string): string {
  return ctx.moduleFormat === 'cjs'
    ? `const ${binding} = require('${pkg}');`
    : `import ${binding} from '${pkg}';`;
}

/** The note that says which form the snippet is in and how to get the other one. */
export function moduleFormatNote(ctx: FixContext): string {
  return ctx.moduleFormat === 'cjs'
    ? 'Module format: CommonJS (`require`), for projects without `"type": "module"` and for `.cjs` files. The ES module form is shown too (`--module esm` on the command line).'
    : 'Module format: ES module (`import`), for `"type": "module"` projects and `.mjs` files. The CommonJS form (`require`) is shown too (`--module cjs` on the command line).';
}
