import type { ComponentChildren } from 'preact';

interface Props {
  /** The look: `tab` (the detail sections) or `pill` (the stack picker); `-on` marks the chosen one. */
  look: 'tab' | 'pill';
  selected: boolean;
  onSelect(): void;
  id?: string;
  controls?: string;
  title?: string;
  children: ComponentChildren;
}

/** One tab of a `role="tablist"`: selected state, look and click in one place. */
export function TabButton({ look, selected, onSelect, id, controls, title, children }: Props) {
  return (
    <button
      type="button"
      role="tab"
      id={id}
      aria-selected={selected}
      aria-controls={controls}
      class={selected ? `${look} ${look}-on` : look}
      onClick={onSelect}
      title={title}
    >
      {children}
    </button>
  );
}
