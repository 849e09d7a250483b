import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { SYMBOL, THEME } from '../../theme.js';
import { visibleRows, type OptionListState } from './option-list-reducer.js';

export interface OptionRow {
  key: string;
  label: string;
  /** A one-line description after the label. */
  description?: string;
  /** A marker such as "(default)". */
  badge?: string;
  isDimmed?: boolean;
}

/**
 * The visible window of a list: a pointer on the focused row, an optional mark column (radio or
 * checkbox), "↑ n more" / "↓ n more" when rows are hidden. Each row is one line, truncated.
 */
export function OptionListView({
  state,
  rows,
  width,
  mark,
  height,
}: {
  state: OptionListState;
  rows: readonly OptionRow[];
  width: number;
  mark?: (index: number) => ReactNode;
  /** The lines it may use: the "more" markers are left out when they would not fit. */
  height?: number;
}) {
  const { indexes, above, below } = visibleRows(state);
  const hasMarkers =
    height === undefined || indexes.length + (above > 0 ? 1 : 0) + (below > 0 ? 1 : 0) <= height;
  // Labels in one column, so the descriptions line up.
  const labelWidth = Math.min(28, Math.max(0, ...rows.map(labelLength)));
  return (
    <Box flexDirection="column" width={width}>
      {hasMarkers && above > 0 ? <Text color={THEME.muted}> ↑ {above} more</Text> : null}
      {indexes.map((index) => {
        const row = rows[index];
        if (!row) return null;
        const isFocused = index === state.focused;
        return (
          <Text key={row.key} wrap="truncate-end">
            <Text color={isFocused ? THEME.accent : undefined}>
              {isFocused ? `${SYMBOL.pointer} ` : '  '}
            </Text>
            {mark ? <>{mark(index)} </> : null}
            <Text
              bold={isFocused}
              inverse={isFocused && THEME.accent === undefined}
              dimColor={row.isDimmed === true && !isFocused}
            >
              {row.label}
            </Text>
            {row.badge ? <Text color={THEME.success}> {row.badge}</Text> : null}
            {row.description ? padding(labelWidth, row) : ''}
            {row.description ? <Text color={THEME.muted}> {row.description}</Text> : null}
          </Text>
        );
      })}
      {hasMarkers && below > 0 ? <Text color={THEME.muted}> ↓ {below} more</Text> : null}
    </Box>
  );
}

/**
 * Rows an OptionListView can show in `height` lines: two are kept for the "more" markers, except
 * below three lines, where the rows themselves (the highlighted one first) matter more.
 */
export function listCapacity(count: number, height: number): number {
  if (count <= height) return Math.max(1, count);
  return Math.max(1, height >= 3 ? height - 2 : height);
}

function labelLength(row: OptionRow): number {
  return row.label.length + (row.badge ? row.badge.length + 1 : 0);
}

function padding(labelWidth: number, row: OptionRow): string {
  return ' '.repeat(Math.max(0, labelWidth - labelLength(row)));
}
