import { describe, expect, it } from 'vitest';
import { clampLines, reflowMarkdown, wrapText } from '../../../source/ui/components/wrap-text.js';
import {
  createOptionListState,
  optionListReducer,
  visibleRows,
} from '../../../source/ui/widgets/option-list/option-list-reducer.js';
import { scrollOffset } from '../../../source/ui/widgets/scroll/scroll.js';
import {
  createTextInputState,
  textInputReducer,
  type TextInputAction,
} from '../../../source/ui/widgets/text-input/text-input-reducer.js';

describe('option list reducer', () => {
  it('moves the focus with wrap-around and keeps the window on it', () => {
    let state = createOptionListState({ count: 6, visibleCount: 3 });
    expect(visibleRows(state)).toEqual({ indexes: [0, 1, 2], above: 0, below: 3 });
    for (let step = 0; step < 4; step++) state = optionListReducer(state, { type: 'focus-next' });
    expect(state.focused).toBe(4);
    expect(visibleRows(state)).toEqual({ indexes: [2, 3, 4], above: 2, below: 1 });
    state = optionListReducer(state, { type: 'focus-previous' });
    expect(visibleRows(state).indexes).toEqual([2, 3, 4]);
    state = optionListReducer(optionListReducer(state, { type: 'focus', index: 5 }), {
      type: 'focus-next',
    });
    expect(state.focused).toBe(0);
    expect(visibleRows(state).indexes).toEqual([0, 1, 2]);
  });

  it('toggles selection for multi-select and starts from the given focus and selection', () => {
    let state = createOptionListState({ count: 3, focused: 2, selected: [0] });
    state = optionListReducer(state, { type: 'toggle-focused' });
    expect([...state.selected].sort()).toEqual([0, 2]);
    state = optionListReducer(state, { type: 'toggle-focused' });
    expect([...state.selected]).toEqual([0]);
  });

  it('refits the window when the terminal changes height', () => {
    let state = createOptionListState({ count: 10, focused: 9, visibleCount: 10 });
    state = optionListReducer(state, { type: 'set-visible-count', visibleCount: 4 });
    expect(visibleRows(state)).toEqual({ indexes: [6, 7, 8, 9], above: 6, below: 0 });
  });
});

describe('text input reducer', () => {
  const apply = (value: string, ...actions: TextInputAction[]) =>
    actions.reduce(textInputReducer, createTextInputState(value));

  it('edits at the cursor', () => {
    expect(
      apply('kafka', { type: 'left' }, { type: 'left' }, { type: 'insert', text: 'X' }),
    ).toEqual({ value: 'kafXka', cursor: 4 });
    expect(apply('kafka', { type: 'home' }, { type: 'delete' })).toEqual({
      value: 'afka',
      cursor: 0,
    });
    expect(apply('kafka', { type: 'backspace' })).toEqual({ value: 'kafk', cursor: 4 });
    expect(apply('users, sessions', { type: 'delete-word' })).toEqual({
      value: 'users, ',
      cursor: 7,
    });
    expect(apply('abc', { type: 'clear' })).toEqual({ value: '', cursor: 0 });
  });

  it('keeps one line when a paste has line breaks, and counts characters, not code units', () => {
    expect(apply('', { type: 'insert', text: 'a\nb\tc' }).value).toBe('a b c');
    expect(apply('é👍🏽', { type: 'backspace' })).toEqual({ value: 'é', cursor: 1 });
  });
});

describe('scrolling and wrapping', () => {
  it('keeps the offset within the content', () => {
    expect(scrollOffset(0, 'up', 100, 10)).toBe(0);
    expect(scrollOffset(0, 'page-down', 100, 10)).toBe(9);
    expect(scrollOffset(85, 'page-down', 100, 10)).toBe(90);
    expect(scrollOffset(5, 'down', 8, 10)).toBe(0);
  });

  it('wraps words to the width and breaks words longer than it', () => {
    expect(wrapText('the quick brown fox', 9)).toEqual(['the quick', 'brown fox']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(clampLines(['one', 'two', 'three'], 2)).toEqual(['one', 'tw…']);
  });

  it('reflows markdown paragraphs but keeps lists and headings', () => {
    expect(reflowMarkdown('# Title\n\nline one\nline two\n\n- a\n- b')).toBe(
      '# Title\n\nline one line two\n\n- a\n- b',
    );
  });
});
