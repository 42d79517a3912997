/** The same fix in its other forms (a Node snippet in CommonJS as well as ES modules), each copyable. */
import type { Fix } from '../../src/fixes/types.ts';
import { CopyButton } from '../devtools/components/copy-button.tsx';

export function FixVariants({ fix }: { fix: Fix }) {
  if (!fix.variants?.length) return null;
  return (
    <>
      {fix.variants.map((v) => (
        <section class="fix-variant" key={v.moduleFormat} aria-label={`${fix.title}, ${v.label}`}>
          <div class="code-head">
            <span class="muted">{v.label}</span>
            <CopyButton text={v.code} label={`Copy ${v.label}`} />
          </div>
          <pre class="code">{v.code}</pre>
        </section>
      ))}
    </>
  );
}
