import { graphemes } from '../../components/graphemes.js';

/** A one-line text field: the value and the cursor position (in code points). Pure, tested alone. */
export interface TextInputState {
  value: string;
  cursor: number;
}

export type TextInputAction =
  | { type: 'insert'; text: string }
  | { type: 'backspace' }
  | { type: 'delete' }
  | { type: 'left' }
  | { type: 'right' }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'clear' }
  | { type: 'delete-word' }
  | { type: 'set'; value: string };

export function createTextInputState(value = ''): TextInputState {
  return { value, cursor: graphemes(value).length };
}

export function textInputReducer(state: TextInputState, action: TextInputAction): TextInputState {
  const characters = graphemes(state.value);
  switch (action.type) {
    case 'insert': {
      // One line: a pasted newline or tab becomes a space.
      const inserted = graphemes(action.text.replace(/[\r\n\t]+/g, ' '));
      characters.splice(state.cursor, 0, ...inserted);
      return { value: characters.join(''), cursor: state.cursor + inserted.length };
    }
    case 'backspace':
      if (state.cursor === 0) return state;
      characters.splice(state.cursor - 1, 1);
      return { value: characters.join(''), cursor: state.cursor - 1 };
    case 'delete':
      if (state.cursor >= characters.length) return state;
      characters.splice(state.cursor, 1);
      return { value: characters.join(''), cursor: state.cursor };
    case 'left':
      return state.cursor === 0 ? state : { ...state, cursor: state.cursor - 1 };
    case 'right':
      return state.cursor >= characters.length ? state : { ...state, cursor: state.cursor + 1 };
    case 'home':
      return state.cursor === 0 ? state : { ...state, cursor: 0 };
    case 'end':
      return state.cursor === characters.length ? state : { ...state, cursor: characters.length };
    case 'clear':
      return state.value === '' ? state : { value: '', cursor: 0 };
    case 'delete-word': {
      let start = state.cursor;
      while (start > 0 && characters[start - 1] === ' ') start--;
      while (start > 0 && characters[start - 1] !== ' ') start--;
      if (start === state.cursor) return state;
      characters.splice(start, state.cursor - start);
      return { value: characters.join(''), cursor: start };
    }
    case 'set':
      return createTextInputState(action.value);
  }
}
