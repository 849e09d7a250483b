import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import { useHintAvailability } from '../keys/hint-availability.js';
import { PRIORITY } from '../keys/keypress-context.js';
import { useCommands } from '../keys/use-commands.js';
import { THEME } from '../theme.js';
import { scrollOffset, type ScrollAction } from '../widgets/scroll/scroll.js';
import { completionLines } from './completion-lines.js';
import { bodyWidth, type ScreenProps } from './screen-props.js';
import { plural } from '../components/plural.js';

/** The completeness summary and the final summary, scrollable; q or Enter finishes. */
export function CompletionScreen({ state, dispatch, layout, isActive }: ScreenProps) {
  const stage = state.stage.kind === 'complete' ? state.stage : undefined;
  const lines = useMemo(
    () =>
      stage
        ? completionLines({
            outDir: stage.run.outDir,
            written: stage.written,
            changes: stage.run.staged.changeSet.changes,
            report: stage.report,
            summary: stage.summary,
          })
        : [],
    [stage],
  );
  const [offset, setOffset] = useState(0);
  const viewHeight = Math.max(1, layout.bodyHeight - 1);
  useHintAvailability('scroll.page-up', lines.length > viewHeight, isActive);
  const scroll = (action: ScrollAction) => () => {
    setOffset((current) => scrollOffset(current, action, lines.length, viewHeight));
  };
  useCommands(
    'completion',
    {
      'scroll.up': scroll('up'),
      'scroll.down': scroll('down'),
      'scroll.page-up': scroll('page-up'),
      'scroll.page-down': scroll('page-down'),
      'completion.finish': () => {
        dispatch({ type: 'finish' });
      },
    },
    { priority: PRIORITY.screen, isActive },
  );
  const width = bodyWidth(layout);
  const hidden = lines.length - offset - viewHeight;
  return (
    <Box flexDirection="column" width={width}>
      {lines.slice(offset, offset + viewHeight).map((line, index) => (
        <Text key={index} wrap="truncate-end" bold={line.isBold === true} color={line.color}>
          {line.text === '' ? ' ' : line.text}
        </Text>
      ))}
      {hidden > 0 ? (
        <Text color={THEME.muted}>↓ {plural(hidden, 'more line')} (↓/PgDn)</Text>
      ) : null}
    </Box>
  );
}
