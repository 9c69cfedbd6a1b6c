/**
 * Which messages to put in the DOM: only those in or near the visible part of the scroll area, so a history of
 * ten thousand messages costs as much as a screenful. Heights are measured once rendered and estimated before.
 */
import type { ChatMessage, MessageKind } from './message';

/** Rough heights before a bubble has been measured (px); measurement corrects them. */
const ESTIMATES: Partial<Record<MessageKind, number>> = {
  event: 34,
  image: 230,
  voice: 120,
  video: 250,
  shortvideo: 250,
  location: 96,
  link: 120,
  news: 120,
  music: 120,
  miniprogram: 120,
  template: 120,
};
export const estimateHeight = (m: ChatMessage): number => ESTIMATES[m.kind] ?? 76;

/** Start offset of each item, plus the total height as the last entry. */
export function offsetsOf(heights: readonly number[]): number[] {
  const offsets = new Array<number>(heights.length + 1);
  let y = 0;
  for (let i = 0; i < heights.length; i++) {
    offsets[i] = y;
    y += heights[i] ?? 0;
  }
  offsets[heights.length] = y;
  return offsets;
}

/** Index of the item that contains `y` (binary search over the offsets). */
export function indexAt(offsets: readonly number[], y: number): number {
  let lo = 0;
  let hi = Math.max(0, offsets.length - 2);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] ?? 0) <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Items [start, end) to render for this scroll position, with `overscan` px above and below. */
export function visibleRange(offsets: readonly number[], scrollTop: number, viewport: number, overscan: number): { start: number; end: number } {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  const start = indexAt(offsets, Math.max(0, scrollTop - overscan));
  const end = Math.min(count, indexAt(offsets, scrollTop + viewport + overscan) + 1);
  return { start, end };
}
