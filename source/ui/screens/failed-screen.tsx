import { Box, Text } from 'ink';
import { PRIORITY } from '../keys/keypress-context.js';
import { useCommands } from '../keys/use-commands.js';
import { SYMBOL, THEME } from '../theme.js';
import { bodyWidth, type ScreenProps } from './screen-props.js';

/** A step that failed (a generator error, a refused write): the message, then back or quit. */
export function FailedScreen({ state, dispatch, layout, isActive }: ScreenProps) {
  const stage = state.stage;
  const canGoBack = stage.kind === 'failed' && stage.canGoBack;
  useCommands(
    'failed',
    {
      'failed.back': () => {
        if (!canGoBack) return false;
        dispatch({ type: 'back-to-questions' });
        return true;
      },
      'failed.quit': () => {
        dispatch({ type: 'finish' });
      },
    },
    { priority: PRIORITY.screen, isActive },
  );
  if (stage.kind !== 'failed') return null;
  const width = bodyWidth(layout);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold color={THEME.danger} wrap="wrap">
        {SYMBOL.failed} {stage.message}
      </Text>
      {stage.details.slice(0, Math.max(0, layout.bodyHeight - 4)).map((line, index) => (
        <Text key={index} color={THEME.muted} wrap="truncate-end">
          {'  '}
          {line}
        </Text>
      ))}
      <Text> </Text>
      <Text color={THEME.muted}>
        {state.hasWritten
          ? 'The files written so far stay on disk.'
          : 'Nothing was written to disk.'}
      </Text>
    </Box>
  );
}
