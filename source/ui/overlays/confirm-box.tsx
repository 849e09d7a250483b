import { Box, Text } from 'ink';
import { KeyHint } from '../components/key-hint.js';
import type { CommandId } from '../keys/key-registry.js';
import { PRIORITY } from '../keys/keypress-context.js';
import { useCommands } from '../keys/use-commands.js';
import { THEME } from '../theme.js';

/**
 * A yes/no question over everything else (quit, restart): the two commands of `scope` take the
 * keys before any pane below, and the box says what each one does.
 */
export function ConfirmBox({
  scope,
  title,
  message,
  confirm,
  cancel,
  width,
}: {
  scope: 'quit' | 'restart';
  title: string;
  message: string;
  confirm: { label: string; run: () => void };
  cancel: { label: string; run: () => void };
  width: number;
}) {
  const confirmId: CommandId = `${scope}.confirm`;
  const cancelId: CommandId = `${scope}.cancel`;
  useCommands(
    scope,
    { [confirmId]: confirm.run, [cancelId]: cancel.run },
    {
      priority: PRIORITY.modal,
    },
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
        {title}
      </Text>
      <Text wrap="wrap">{message}</Text>
      <Text> </Text>
      <Text>
        <KeyHint id={confirmId} label={confirm.label} /> ·{' '}
        <KeyHint id={cancelId} label={cancel.label} />
      </Text>
    </Box>
  );
}
