import { useEffect, useState } from 'preact/hooks';
import { copyText } from './dom-actions.ts';

/** A copy button that says "Copied" for a moment, so the user knows it worked. */
/** `text` may be a function, so that costly text (a whole report) is built only on click. */
export function CopyButton({
  text,
  label = 'Copy',
  describedBy,
}: {
  text: string | (() => string);
  label?: string;
  /** The id of what it copies, when several "Copy" buttons share a view (the name stays "Copy"). */
  describedBy?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      class="copy-button"
      aria-describedby={describedBy}
      aria-live="polite"
      onClick={async () =>
        setState((await copyText(typeof text === 'function' ? text() : text)) ? 'copied' : 'failed')
      }
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
