import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import { COMMAND_WORDS } from '../../engine/workflow/reducer.js';
import {
  commandsIn,
  formatKeys,
  SCOPE_TITLES,
  type CommandId,
  type Scope,
} from '../keys/key-registry.js';
import { useHintAvailability } from '../keys/hint-availability.js';
import { PRIORITY } from '../keys/keypress-context.js';
import { useCommands } from '../keys/use-commands.js';
import { THEME } from '../theme.js';
import { scrollOffset, type ScrollAction } from '../widgets/scroll/scroll.js';
import type { Dispatch } from '../screens/screen-props.js';

export interface HelpRow {
  keys: string;
  description: string;
}

/** The help of one screen, from the registry: its commands, then the app-wide ones. */
export function helpRows(
  scope: Scope,
  isAvailable: (id: CommandId) => boolean = () => true,
): HelpRow[] {
  const hasText = scope === 'goal' || scope === 'question';
  // Only what does something here (no "r Retry" when nothing failed to load).
  const own = commandsIn(scope).filter((command) => isAvailable(command.id as CommandId));
  // The screen's commands first, then the app-wide ones, then text editing.
  const ordered = [
    ...own.filter((command) => !command.id.startsWith('text.')),
    ...commandsIn('app'),
    ...own.filter((command) => command.id.startsWith('text.')),
  ];
  return ordered.map((command) => ({
    keys: formatKeys(command),
    description:
      command.description +
      (hasText && command.isTypedInText === true ? ' (printable keys type in a text field)' : ''),
  }));
}

/** Drawn over the screen; swallows every key (nothing reaches the pane under it). */
export function HelpOverlay({
  scope,
  isAvailable,
  dispatch,
  width,
  height,
}: {
  scope: Scope;
  isAvailable?: (id: CommandId) => boolean;
  dispatch: Dispatch;
  width: number;
  height: number;
}) {
  const rows = useMemo(() => helpRows(scope, isAvailable), [scope, isAvailable]);
  const [offset, setOffset] = useState(0);
  const viewHeight = Math.max(1, height - 5);
  useHintAvailability('scroll.page-up', rows.length > viewHeight);
  const scroll = (action: ScrollAction) => () => {
    setOffset((current) => scrollOffset(current, action, rows.length, viewHeight));
  };
  useCommands(
    'help',
    {
      'overlay.close': () => {
        dispatch({ type: 'close-overlay' });
      },
      'scroll.up': scroll('up'),
      'scroll.down': scroll('down'),
      'scroll.page-up': scroll('page-up'),
      'scroll.page-down': scroll('page-down'),
    },
    { priority: PRIORITY.overlay },
  );
  const keysWidth = Math.min(24, Math.max(...rows.map((row) => row.keys.length)) + 2);
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      borderColor={THEME.accent}
      width={width}
      height={height}
      paddingX={1}
      overflowY="hidden"
    >
      <Text bold color={THEME.accent}>
        Keys · {SCOPE_TITLES[scope]}
      </Text>
      {rows.slice(offset, offset + viewHeight).map((row) => (
        <Text key={`${row.keys}-${row.description}`} wrap="truncate-end">
          <Text bold>{row.keys.padEnd(keysWidth)}</Text>
          {row.description}
        </Text>
      ))}
      {scope === 'question' ? (
        <Text color={THEME.muted} wrap="truncate-end">
          Typed into a text answer, the words {COMMAND_WORDS.join(', ')} act as those commands.
        </Text>
      ) : null}
    </Box>
  );
}
