/** Scrolling a block of lines in a view of fixed height: the offset stays within bounds. */
export type ScrollAction = 'up' | 'down' | 'page-up' | 'page-down' | 'top';

export function scrollOffset(
  offset: number,
  action: ScrollAction,
  contentHeight: number,
  viewHeight: number,
): number {
  const max = Math.max(0, contentHeight - viewHeight);
  const page = Math.max(1, viewHeight - 1);
  const next = (() => {
    switch (action) {
      case 'up':
        return offset - 1;
      case 'down':
        return offset + 1;
      case 'page-up':
        return offset - page;
      case 'page-down':
        return offset + page;
      case 'top':
        return 0;
    }
  })();
  return Math.min(Math.max(next, 0), max);
}
