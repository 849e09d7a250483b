import { useReducer } from 'react';
import { graphemes } from '../../components/graphemes.js';
import { commandById, commandMatches } from '../../keys/key-registry.js';
import { PRIORITY, useKeypress } from '../../keys/keypress-context.js';
import {
  createTextInputState,
  textInputReducer,
  type TextInputAction,
  type TextInputState,
} from './text-input-reducer.js';

export function useTextInputState(initial = '') {
  return useReducer(textInputReducer, initial, createTextInputState);
}

const EDIT_COMMANDS: readonly [Parameters<typeof commandById>[0], TextInputAction][] = [
  ['text.home', { type: 'home' }],
  ['text.end', { type: 'end' }],
  ['text.clear', { type: 'clear' }],
  ['text.delete-word', { type: 'delete-word' }],
];

/**
 * The text field's keys, above the screen's commands: printable keys type (so `?`, `s` or `q`
 * are letters here), editing keys edit, Enter submits. Everything else — Tab, Esc, F1, Ctrl+D —
 * is left to the commands below. → at the end of the field is left too (edit the default).
 */
export function useTextInput(options: {
  state: TextInputState;
  dispatch: (action: TextInputAction) => void;
  onSubmit: (value: string) => void;
  isActive?: boolean;
}): void {
  const { state, dispatch, onSubmit, isActive = true } = options;
  useKeypress(
    (press) => {
      if (press.name === 'return') {
        onSubmit(state.value);
        return true;
      }
      for (const [id, action] of EDIT_COMMANDS) {
        if (commandMatches(commandById(id), press)) {
          dispatch(action);
          return true;
        }
      }
      if (press.ctrl || press.meta) return false;
      if (press.text !== '') {
        dispatch({ type: 'insert', text: press.text });
        return true;
      }
      switch (press.name) {
        case 'backspace':
          dispatch({ type: 'backspace' });
          return true;
        case 'delete':
          dispatch({ type: 'delete' });
          return true;
        case 'left':
          dispatch({ type: 'left' });
          return true;
        case 'right':
          if (state.cursor >= graphemes(state.value).length) return false;
          dispatch({ type: 'right' });
          return true;
        default:
          return false;
      }
    },
    { priority: PRIORITY.textInput, isActive },
  );
}
