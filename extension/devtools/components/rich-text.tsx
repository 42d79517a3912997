import type { ComponentChildren } from 'preact';

/**
 * Prose from the engine and the fixes marks code with backticks (`Access-Control-Allow-Origin: *`):
 * show those parts as code instead of printing the backticks.
 */
export function RichText({ text }: { text: string }) {
  const parts = text.split('`');
  // An odd count of backticks leaves the last one unpaired: keep the text as it is.
  if (parts.length % 2 === 0) return <>{text}</>;
  const out: ComponentChildren[] = parts.map((part, i) =>
    i % 2 === 1 ? <code key={i}>{part}</code> : part,
  );
  return <>{out}</>;
}

/** Paragraphs of that prose, one `<p>` each. */
export function RichParagraphs({ texts }: { texts: readonly string[] }) {
  return (
    <>
      {texts.map((text, i) => (
        <p key={i}>
          <RichText text={text} />
        </p>
      ))}
    </>
  );
}

/** Notes (a fix's caveats, a diagnosis' remarks) as a bulleted list. */
export function RichList({
  items,
  class: className,
}: {
  items: readonly string[];
  class?: string;
}) {
  return (
    <ul class={className}>
      {items.map((note, i) => (
        <li key={i}>
          <RichText text={note} />
        </li>
      ))}
    </ul>
  );
}
