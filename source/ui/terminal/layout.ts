/**
 * The full-screen layout is sized from the terminal and never as tall as it: Ink clears and
 * redraws the whole screen on every frame once the output reaches the terminal's height (the
 * flicker of vadimdemedes/ink #359), so the frame keeps one row free.
 */
export interface TerminalSize {
  columns: number;
  rows: number;
}

export const MINIMUM_SIZE: TerminalSize = { columns: 60, rows: 16 };

export function isTooSmall(size: TerminalSize): boolean {
  return size.columns < MINIMUM_SIZE.columns || size.rows < MINIMUM_SIZE.rows;
}

export interface Layout {
  width: number;
  /** The whole frame: the terminal's height less one row. */
  height: number;
  /** Between the title line and the footer line. */
  bodyHeight: number;
  /** The progress sidebar of the question screens (0 when the terminal is too narrow for it). */
  sidebarWidth: number;
  /** The pane beside the sidebar. */
  paneWidth: number;
}

export function layoutFor(size: TerminalSize): Layout {
  const width = Math.max(1, size.columns);
  const height = Math.max(1, size.rows - 1);
  const bodyHeight = Math.max(1, height - 3);
  const sidebarWidth = width >= 160 ? 36 : width >= 100 ? 30 : width >= 70 ? 24 : 0;
  return {
    width,
    height,
    bodyHeight,
    sidebarWidth,
    paneWidth: width - sidebarWidth - (sidebarWidth > 0 ? 1 : 0) - 2,
  };
}
