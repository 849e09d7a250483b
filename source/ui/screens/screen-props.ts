import type { DashboardAction } from '../state/dashboard-reducer.js';
import type { DashboardState } from '../state/dashboard-state.js';
import type { Layout } from '../terminal/layout.js';

export type Dispatch = (action: DashboardAction) => void;

/** What every screen receives. `isActive` is false while an overlay covers it. */
export interface ScreenProps {
  state: DashboardState;
  dispatch: Dispatch;
  layout: Layout;
  isActive: boolean;
}

/** The body's inner width (the frame pads one column each side). */
export function bodyWidth(layout: Layout): number {
  return Math.max(10, layout.width - 2);
}
