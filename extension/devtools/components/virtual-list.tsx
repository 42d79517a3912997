import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  /** Index to keep in view (the keyboard selection). */
  activeIndex: number;
  renderRow: (item: T, index: number) => ComponentChildren;
  /** Rows rendered above and below the viewport, so fast scrolling shows no gaps. */
  overscan?: number;
  /** Used until the element has a measured height (and in DOM-less tests, where it has none). */
  fallbackHeight?: number;
  label: string;
  id?: string;
  activeDescendant?: string;
  onKeyDown?: (event: KeyboardEvent) => void;
}

/**
 * A fixed-row-height virtual list: only the rows in view (plus a little overscan) exist in the DOM,
 * so 10,000 exchanges cost the same to show as 30. Sticks to the bottom while new rows arrive, like
 * the Network panel, unless the user scrolled up.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, activeIndex, overscan = 8, fallbackHeight = 600 } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(0);
  const stickToBottom = useRef(true);

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setHeight(element.clientHeight);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const viewport = height || fallbackHeight;
  const total = items.length * rowHeight;

  // New rows while at the bottom: follow them.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || !stickToBottom.current || activeIndex >= 0) return;
    const bottom = Math.max(0, total - viewport);
    if (element.scrollTop !== bottom) {
      element.scrollTop = bottom;
      setScrollTop(bottom);
    }
  }, [items.length, total, viewport, activeIndex]);

  // Keyboard selection out of view: scroll just enough to show it.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || activeIndex < 0) return;
    const top = activeIndex * rowHeight;
    let next = element.scrollTop;
    if (top < next) next = top;
    else if (top + rowHeight > next + viewport) next = top + rowHeight - viewport;
    if (next !== element.scrollTop) {
      element.scrollTop = next;
      setScrollTop(next);
    }
  }, [activeIndex, rowHeight, viewport]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    setScrollTop(element.scrollTop);
    stickToBottom.current = element.scrollTop + viewport >= total - rowHeight;
  };

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  const rows: ComponentChildren[] = [];
  for (let index = first; index < last; index++) {
    rows.push(
      <div
        class="vrow"
        role="presentation"
        key={index}
        style={{ transform: `translateY(${index * rowHeight}px)`, height: `${rowHeight}px` }}
      >
        {props.renderRow(items[index]!, index)}
      </div>,
    );
  }

  return (
    <div
      ref={scroller}
      class="vlist"
      role="listbox"
      id={props.id}
      aria-label={props.label}
      aria-activedescendant={props.activeDescendant}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={props.onKeyDown}
    >
      <div class="vlist-spacer" role="presentation" style={{ height: `${total}px` }}>
        {rows}
      </div>
    </div>
  );
}
