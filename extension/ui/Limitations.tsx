/**
 * What an override's rules cannot do in this browser (the rule compiler's warnings), kept compact:
 * "⚠ 1 limitation", the sentences one click away. Shared by the popup and the options page.
 */
export function Limitations({ items }: { items: readonly string[] | undefined }) {
  if (!items || items.length === 0) return null;
  const count = `${items.length} limitation${items.length === 1 ? '' : 's'}`;
  return (
    <details class="limitations" data-testid="limitations">
      <summary>
        <span aria-hidden="true">⚠ </span>
        {count}
        <span class="sr-only"> of this override in this browser</span>
      </summary>
      <ul>
        {items.map((text) => (
          <li key={text}>{text}</li>
        ))}
      </ul>
    </details>
  );
}
