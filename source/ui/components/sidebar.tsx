import { Box, Text } from 'ink';
import { memo, useMemo } from 'react';
import {
  selectOverallProgress,
  selectProgress,
  type SectionProgress,
} from '../../engine/workflow/selectors.js';
import type { WorkflowState } from '../../engine/workflow/state.js';
import { SYMBOL, THEME } from '../theme.js';
import { graphemes } from './graphemes.js';
import { ProgressBar } from './progress-bar.js';

export function statusSymbol(row: SectionProgress): { symbol: string; color: string | undefined } {
  switch (row.status) {
    case 'done':
      return { symbol: SYMBOL.done, color: THEME.success };
    case 'current':
      return { symbol: SYMBOL.current, color: THEME.accent };
    case 'pending':
      return { symbol: SYMBOL.pending, color: undefined };
    case 'skipped':
      return { symbol: SYMBOL.skipped, color: THEME.muted };
    case 'failed':
      return { symbol: SYMBOL.failed, color: THEME.danger };
  }
}

/** "2/5" for the current skill, "5 questions" for others, "defaults" for a skipped-through skill. */
export function rowDetail(row: SectionProgress): string {
  if (row.status === 'current') return `${row.current ?? 0}/${row.asked}`;
  if (row.status === 'skipped') return 'not in chain';
  if (row.status === 'failed') return 'failed to load';
  if (row.isDefaulted) return 'defaults';
  return row.asked === 0 ? '' : `${row.answered}/${row.asked}`;
}

/**
 * The persistent progress sidebar: every skill with ✓ done, ◆ current (question n/m), ○ pending,
 * – skipped, and the overall progress. Memoised on the workflow state, so moving a cursor in the
 * pane beside it does not redraw it.
 */
export const Sidebar = memo(function Sidebar({
  workflow,
  width,
  height,
}: {
  workflow: WorkflowState;
  width: number;
  height: number;
}) {
  const rows = useMemo(() => selectProgress(workflow), [workflow]);
  const [done, total] = useMemo(() => selectOverallProgress(workflow), [workflow]);
  const included = rows.filter((row) => row.status !== 'skipped');
  const others = rows.filter((row) => row.status === 'skipped');
  const visible = [...included, ...others].slice(0, Math.max(0, height - 4));
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      overflowY="hidden"
      borderStyle="single"
      borderTop={false}
      borderBottom={false}
      borderLeft={false}
      borderColor={THEME.muted}
    >
      <Text bold>Progress</Text>
      {visible.map((row) => {
        const { symbol, color } = statusSymbol(row);
        const detail = rowDetail(row);
        const room = Math.max(1, width - 4 - detail.length);
        const characters = graphemes(row.title);
        const title =
          characters.length > room ? `${characters.slice(0, room - 1).join('')}…` : row.title;
        return (
          <Box key={row.id} width={width - 1} justifyContent="space-between">
            <Text wrap="truncate-end" dimColor={row.status === 'skipped'}>
              <Text color={color}>{symbol}</Text> {title}
            </Text>
            <Text color={THEME.muted}>{detail}</Text>
          </Box>
        );
      })}
      <Text> </Text>
      <Text color={THEME.muted}>Overall</Text>
      <ProgressBar done={done} total={total} width={width - 2} />
    </Box>
  );
});
