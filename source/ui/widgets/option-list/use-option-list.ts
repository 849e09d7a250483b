import { useEffect, useReducer } from 'react';
import type { CommandId, Scope } from '../../keys/key-registry.js';
import { PRIORITY } from '../../keys/keypress-context.js';
import { useCommands, type CommandHandlers } from '../../keys/use-commands.js';
import {
  createOptionListState,
  optionListReducer,
  type OptionListState,
} from './option-list-reducer.js';

export interface UseOptionListOptions {
  count: number;
  initialFocused?: number;
  initialSelected?: Iterable<number>;
  visibleCount: number;
}

/** The list's state, owned by the component that draws it (the focus moves without re-rendering the screen). */
export function useOptionListState({
  count,
  initialFocused,
  initialSelected,
  visibleCount,
}: UseOptionListOptions) {
  const [state, dispatch] = useReducer(optionListReducer, undefined, () =>
    createOptionListState({
      count,
      visibleCount,
      ...(initialFocused === undefined ? {} : { focused: initialFocused }),
      ...(initialSelected ? { selected: initialSelected } : {}),
    }),
  );
  useEffect(() => {
    dispatch({ type: 'set-visible-count', visibleCount });
  }, [visibleCount]);
  return { state, dispatch } as const;
}

export interface UseOptionListKeysOptions {
  scope: Scope;
  state: OptionListState;
  dispatch: (action: Parameters<typeof optionListReducer>[1]) => void;
  /** The command that toggles the focused row (multi-select), if any. */
  toggle?: CommandId;
  /** The command that submits, with the state at that moment. */
  submit?: CommandId;
  onSubmit?: (state: OptionListState) => unknown;
  onToggle?: (index: number) => void;
  isActive?: boolean;
}

/** The list's keys (↑/↓ from the registry, plus the screen's toggle and submit commands). */
export function useOptionListKeys({
  scope,
  state,
  dispatch,
  toggle,
  submit,
  onSubmit,
  onToggle,
  isActive = true,
}: UseOptionListKeysOptions): void {
  const handlers: CommandHandlers = {
    'list.previous': () => {
      dispatch({ type: 'focus-previous' });
    },
    'list.next': () => {
      dispatch({ type: 'focus-next' });
    },
  };
  if (toggle) {
    handlers[toggle] = () => {
      if (onToggle) onToggle(state.focused);
      else dispatch({ type: 'toggle-focused' });
    };
  }
  if (submit && onSubmit) handlers[submit] = () => onSubmit(state);
  useCommands(scope, handlers, { priority: PRIORITY.widget, isActive });
}
