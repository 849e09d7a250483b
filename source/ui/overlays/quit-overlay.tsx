import { Box, Text } from 'ink';
import { KeyHint } from '../components/key-hint.js';
import { PRIORITY } from '../keys/keypress-context.js';
import { useCommands } from '../keys/use-commands.js';
import { THEME } from '../theme.js';
import type { Dispatch } from '../screens/screen-props.js';

/**
 * Ctrl+C asks first. Above every other handler but the interrupt itself: a second Ctrl+C
 * confirms, y or Enter quits, n or Esc stays.
 */
export function QuitOverlay({
  hasWritten,
  outDir,
  dispatch,
  width,
}: {
  hasWritten: boolean;
  outDir: string | undefined;
  dispatch: Dispatch;
  width: number;
}) {
  useCommands(
    'quit',
    {
      'quit.confirm': () => {
        dispatch({ type: 'quit' });
      },
      'quit.cancel': () => {
        dispatch({ type: 'cancel-quit' });
      },
    },
    { priority: PRIORITY.modal },
  );
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      borderColor={THEME.warning}
      width={width}
      paddingX={1}
    >
      <Text bold color={THEME.warning}>
        Quit skillchain?
      </Text>
      <Text wrap="wrap">{quitMessage(hasWritten, outDir)}</Text>
      <Text> </Text>
      <Text>
        <KeyHint id="quit.confirm" label="quit" /> · <KeyHint id="quit.cancel" label="stay" />
      </Text>
    </Box>
  );
}

/** What quitting now loses, or keeps (also on the "terminal too small" screen). */
export function quitMessage(hasWritten: boolean, outDir: string | undefined): string {
  return hasWritten
    ? `The project is already written${outDir ? ` to ${outDir}` : ''}; quitting leaves it as it is.`
    : 'Nothing has been written to disk; your answers are discarded.';
}
