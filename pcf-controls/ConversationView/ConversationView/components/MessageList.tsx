/**
 * A scroll area that renders only the messages near the visible part (see conversation/windowing.ts), starts at
 * the newest message, follows new ones while the reader is at the bottom, keeps the reader's place when older
 * pages are added above, and asks for older pages near the top.
 */
import * as React from 'react';
import { indexAt, offsetsOf, visibleRange } from '../conversation/windowing';

export interface MessageListProps<T> {
  items: readonly T[];
  keyOf: (item: T) => string;
  estimate: (item: T) => number;
  renderItem: (item: T, index: number) => React.ReactNode;
  height: number;
  /** Shown above the first item: loading older messages, or the start of the conversation. */
  header: React.ReactNode;
  onReachTop: () => void;
}

const OVERSCAN_PX = 400;
const HEADER_PX = 40;
const STICK_PX = 48;
const TOP_TRIGGER_PX = 300;

export function MessageList<T>(props: MessageListProps<T>): React.ReactElement {
  const { items, keyOf, height } = props;
  const scroller = React.useRef<HTMLDivElement>(null);
  const heights = React.useRef(new Map<string, number>());
  const rendered = React.useRef(new Map<string, HTMLDivElement>());
  const stickToBottom = React.useRef(true);
  /** The row at the top of the view and how far its bottom edge is below the view's top: kept when rows change above. */
  const anchor = React.useRef<{ key: string; bottom: number } | undefined>(undefined);
  const [scrollTop, setScrollTop] = React.useState(0);
  const [, remeasure] = React.useReducer((n: number) => n + 1, 0);

  const offsets = offsetsOf(items.map((item) => heights.current.get(keyOf(item)) ?? props.estimate(item)));
  const total = offsets[items.length] ?? 0;
  const { start, end } = visibleRange(offsets, scrollTop - HEADER_PX, height, OVERSCAN_PX);

  /** Where the list last scrolled itself: the scroll event that follows is not the reader's. */
  const ownScroll = React.useRef<number | undefined>(undefined);
  const setScroll = (el: HTMLDivElement, top: number) => {
    if (Math.abs(el.scrollTop - top) <= 1) return;
    el.scrollTop = top;
    ownScroll.current = el.scrollTop;
  };

  const captureAnchor = (el: HTMLDivElement) => {
    const i = indexAt(offsets, Math.max(0, el.scrollTop - HEADER_PX));
    const item = items[i];
    // The bottom edge, not the top: a row loses its day separator (at its top) when older rows of the same day arrive.
    anchor.current = item === undefined ? undefined : { key: keyOf(item), bottom: HEADER_PX + (offsets[i + 1] ?? 0) - el.scrollTop };
  };

  // Bubbles change size when their media arrives: measure again then.
  const observer = React.useMemo(() => (typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => remeasure())), []);
  React.useEffect(() => () => observer?.disconnect(), [observer]);

  React.useLayoutEffect(() => {
    let changed = false;
    rendered.current.forEach((el, key) => {
      // Fractional heights: rounded ones (offsetHeight) add up to visible drift over hundreds of rows.
      const h = el.getBoundingClientRect().height;
      if (h > 0 && Math.abs((heights.current.get(key) ?? 0) - h) > 0.01) {
        heights.current.set(key, h);
        changed = true;
      }
    });
    if (changed) {
      remeasure(); // render again with the true heights; the place is kept on that pass
      return;
    }
    const el = scroller.current;
    if (!el) return;
    if (stickToBottom.current) setScroll(el, el.scrollHeight);
    else if (anchor.current) {
      // Keep the same row where it was; the anchor only moves when the reader scrolls.
      const key = anchor.current.key;
      const i = items.findIndex((item) => keyOf(item) === key);
      if (i >= 0) setScroll(el, HEADER_PX + (offsets[i + 1] ?? 0) - anchor.current.bottom);
    } else captureAnchor(el);
    if (el.scrollTop < TOP_TRIGGER_PX) props.onReachTop();
  });

  const onScroll = (event: React.UIEvent<HTMLDivElement>) => {
    const el = event.currentTarget;
    setScrollTop(el.scrollTop);
    if (ownScroll.current !== undefined && Math.abs(el.scrollTop - ownScroll.current) < 1) return;
    ownScroll.current = undefined;
    stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX;
    captureAnchor(el);
    if (el.scrollTop < TOP_TRIGGER_PX) props.onReachTop();
  };

  // One ref callback per row for its whole life: a new function each render would detach and re-observe it.
  const refs = React.useRef(new Map<string, (el: HTMLDivElement | null) => void>());
  const track = (key: string) => {
    let callback = refs.current.get(key);
    if (!callback) {
      callback = (el) => {
        const previous = rendered.current.get(key);
        if (previous) observer?.unobserve(previous);
        if (el) {
          rendered.current.set(key, el);
          observer?.observe(el);
        } else {
          rendered.current.delete(key);
          refs.current.delete(key);
        }
      };
      refs.current.set(key, callback);
    }
    return callback;
  };

  return (
    <div ref={scroller} className="wxm-cv-list" style={{ height }} onScroll={onScroll} data-testid="message-list" data-loaded={items.length}>
      <div className="wxm-cv-list-header" style={{ height: HEADER_PX }}>
        {props.header}
      </div>
      <div style={{ height: offsets[start] ?? 0 }} />
      {items.slice(start, end).map((item, i) => {
        const key = keyOf(item);
        return (
          <div key={key} ref={track(key)} className="wxm-cv-row">
            {props.renderItem(item, start + i)}
          </div>
        );
      })}
      <div style={{ height: Math.max(0, total - (offsets[end] ?? total)) }} />
    </div>
  );
}
