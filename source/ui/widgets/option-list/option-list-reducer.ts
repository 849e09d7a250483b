/**
 * The state of a list the user moves through (the options of a question, the skills in
 * customize, the resolutions of a conflict, the files of the hand-off): which row has the focus,
 * which rows are selected (multi-select), and which window of rows is visible. A pure reducer,
 * tested without rendering (after @inkjs/ui's use-select-state).
 */
export interface OptionListState {
  count: number;
  focused: number;
  selected: ReadonlySet<number>;
  /** Rows that fit on screen; the window follows the focus. */
  visibleCount: number;
  windowStart: number;
}

export type OptionListAction =
  | { type: 'focus-next' }
  | { type: 'focus-previous' }
  | { type: 'focus'; index: number }
  | { type: 'toggle-focused' }
  | { type: 'set-visible-count'; visibleCount: number }
  | { type: 'reset'; state: OptionListState };

export function createOptionListState(options: {
  count: number;
  focused?: number;
  selected?: Iterable<number>;
  visibleCount?: number;
}): OptionListState {
  const visibleCount = Math.max(1, options.visibleCount ?? options.count);
  const focused = clamp(options.focused ?? 0, 0, Math.max(0, options.count - 1));
  return withWindow({
    count: options.count,
    focused,
    selected: new Set(options.selected ?? []),
    visibleCount,
    windowStart: 0,
  });
}

export function optionListReducer(
  state: OptionListState,
  action: OptionListAction,
): OptionListState {
  switch (action.type) {
    case 'focus-next':
      return state.count === 0
        ? state
        : withWindow({ ...state, focused: (state.focused + 1) % state.count });
    case 'focus-previous':
      return state.count === 0
        ? state
        : withWindow({ ...state, focused: (state.focused - 1 + state.count) % state.count });
    case 'focus':
      return withWindow({
        ...state,
        focused: clamp(action.index, 0, Math.max(0, state.count - 1)),
      });
    case 'toggle-focused': {
      if (state.count === 0) return state;
      const selected = new Set(state.selected);
      if (selected.has(state.focused)) selected.delete(state.focused);
      else selected.add(state.focused);
      return { ...state, selected };
    }
    case 'set-visible-count': {
      const visibleCount = Math.max(1, action.visibleCount);
      return visibleCount === state.visibleCount ? state : withWindow({ ...state, visibleCount });
    }
    case 'reset':
      return action.state;
  }
}

/** Moves the window the least that keeps the focused row visible. */
function withWindow(state: OptionListState): OptionListState {
  const maxStart = Math.max(0, state.count - state.visibleCount);
  let start = clamp(state.windowStart, 0, maxStart);
  if (state.focused < start) start = state.focused;
  if (state.focused >= start + state.visibleCount) start = state.focused - state.visibleCount + 1;
  return start === state.windowStart ? state : { ...state, windowStart: start };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/** The rows to draw: indexes in the window, and how many are hidden above and below. */
export function visibleRows(state: OptionListState): {
  indexes: number[];
  above: number;
  below: number;
} {
  const end = Math.min(state.count, state.windowStart + state.visibleCount);
  const indexes: number[] = [];
  for (let index = state.windowStart; index < end; index++) indexes.push(index);
  return { indexes, above: state.windowStart, below: state.count - end };
}
