import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { selectOverallProgress, selectProgress } from '../../engine/workflow/selectors.js';
import { includedSkills, type WorkflowState } from '../../engine/workflow/state.js';
import { ProgressBar } from '../components/progress-bar.js';
import { rowDetail, statusSymbol } from '../components/sidebar.js';
import { PRIORITY } from '../keys/keypress-context.js';
import { useCommands } from '../keys/use-commands.js';
import { THEME } from '../theme.js';
import type { Dispatch } from '../screens/screen-props.js';

/** DESIGN §4 status: step X/Y, ✓ done, ◆ current with question n/m, pending; Esc returns. */
export function StatusOverlay({
  workflow,
  dispatch,
  width,
  height,
}: {
  workflow: WorkflowState;
  dispatch: Dispatch;
  width: number;
  height: number;
}) {
  const rows = useMemo(() => selectProgress(workflow), [workflow]);
  const [done, total] = useMemo(() => selectOverallProgress(workflow), [workflow]);
  useCommands(
    'status',
    {
      'overlay.close': () => {
        dispatch({ type: 'close-overlay' });
      },
    },
    { priority: PRIORITY.overlay },
  );
  const chain = includedSkills(workflow);
  const current = rows.find((row) => row.status === 'current');
  const step = current ? chain.indexOf(current.id) + 1 : 0;
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
        Status ·{' '}
        {step > 0
          ? `step ${step}/${chain.length}`
          : current
            ? `${current.title} (before the skills)`
            : 'no question on screen'}
      </Text>
      {rows.map((row) => {
        const { symbol, color } = statusSymbol(row);
        return (
          <Text key={row.id} wrap="truncate-end" dimColor={row.status === 'skipped'}>
            <Text color={color}>{symbol}</Text> {row.title.padEnd(26)}{' '}
            <Text color={THEME.muted}>
              {row.status === 'current' ? `question ${rowDetail(row)}` : rowDetail(row)}
            </Text>
          </Text>
        );
      })}
      <Text> </Text>
      <ProgressBar done={done} total={total} width={Math.min(50, width - 4)} />
      <Text color={THEME.muted}>questions answered or defaulted</Text>
    </Box>
  );
}
