import { Text } from 'ink';
import { graphemes } from '../../components/graphemes.js';
import { THEME } from '../../theme.js';
import type { TextInputState } from './text-input-reducer.js';

/**
 * The field on one line: the text scrolled so the cursor stays in view, the cursor drawn as an
 * inverse cell, a dim placeholder when empty.
 */
export function TextInputView({
  state,
  width,
  placeholder,
  isFocused = true,
}: {
  state: TextInputState;
  width: number;
  placeholder?: string;
  isFocused?: boolean;
}) {
  const characters = graphemes(state.value);
  const room = Math.max(4, width - 1);
  if (characters.length === 0) {
    const hint = placeholder
      ? graphemes(placeholder)
          .slice(0, room - 1)
          .join('')
      : '';
    return (
      <Text wrap="truncate-end">
        {isFocused ? <Text inverse> </Text> : null}
        <Text color={THEME.muted} dimColor>
          {hint}
        </Text>
      </Text>
    );
  }
  const start = Math.max(0, state.cursor - room + 1);
  const visible = characters.slice(start, start + room);
  const cursorAt = state.cursor - start;
  const before = visible.slice(0, cursorAt).join('');
  const under = visible[cursorAt] ?? ' ';
  const after = visible.slice(cursorAt + 1).join('');
  return (
    <Text wrap="truncate-end">
      {before}
      {isFocused ? <Text inverse>{under}</Text> : under}
      {after}
    </Text>
  );
}
