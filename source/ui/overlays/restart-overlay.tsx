import { Box, Text } from 'ink';
import { selectOverallProgress } from '../../engine/workflow/selectors.js';
import type { WorkflowState } from '../../engine/workflow/state.js';
import { KeyHint } from '../components/key-hint.js';
import { plural } from '../components/plural.js';
import { PRIORITY } from '../keys/keypress-context.js';
import { useCommands } from '../keys/use-commands.js';
import type { Dispatch } from '../screens/screen-props.js';
import { THEME } from '../theme.js';

/**
 * Ctrl+R (or the typed word "restart") clears every answer, so it asks first, like Ctrl+C:
 * y or Enter restarts at the chain with the goal kept, n or Esc keeps the answers.
 */
export function RestartOverlay({
  workflow,
  dispatch,
  width,
}: {
  workflow: WorkflowState;
  dispatch: Dispatch;
  width: number;
}) {
  useCommands(
    'restart',
    {
      'restart.confirm': () => {
        dispatch({ type: 'confirm-restart' });
      },
      'restart.cancel': () => {
        dispatch({ type: 'cancel-restart' });
      },
    },
    { priority: PRIORITY.modal },
  );
  const [done] = selectOverallProgress(workflow);
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      borderColor={THEME.warning}
      width={width}
      paddingX={1}
    >
      <Text bold color={THEME.warning}>
        Restart from the chain?
      </Text>
      <Text wrap="wrap">
        {done > 0
          ? `${plural(done, 'answer')} so far ${done === 1 ? 'is' : 'are'} cleared; the goal is kept.`
          : 'Nothing has been answered yet; the goal is kept.'}
      </Text>
      <Text> </Text>
      <Text>
        <KeyHint id="restart.confirm" label="restart" /> ·{' '}
        <KeyHint id="restart.cancel" label="keep the answers" />
      </Text>
    </Box>
  );
}
