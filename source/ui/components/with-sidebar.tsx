import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import { useMemo } from 'react';
import { selectOverallProgress, selectProgress } from '../../engine/workflow/selectors.js';
import type { WorkflowState } from '../../engine/workflow/state.js';
import type { Layout } from '../terminal/layout.js';
import { THEME } from '../theme.js';
import { Clip } from './clip.js';
import { rowDetail, Sidebar, statusSymbol } from './sidebar.js';

/** The workflow screens: the progress sidebar beside the pane, or one progress line when narrow. */
export function WithSidebar({
  workflow,
  layout,
  children,
}: {
  workflow: WorkflowState;
  layout: Layout;
  children: ReactNode;
}) {
  if (layout.sidebarWidth === 0) {
    return (
      <Clip height={layout.bodyHeight} width={layout.paneWidth}>
        <CompactProgress workflow={workflow} />
        {children}
      </Clip>
    );
  }
  return (
    <Box flexDirection="row" height={layout.bodyHeight}>
      <Sidebar workflow={workflow} width={layout.sidebarWidth} height={layout.bodyHeight} />
      <Box marginLeft={1}>
        <Clip height={layout.bodyHeight} width={layout.paneWidth}>
          {children}
        </Clip>
      </Box>
    </Box>
  );
}

function CompactProgress({ workflow }: { workflow: WorkflowState }) {
  const rows = useMemo(() => selectProgress(workflow), [workflow]);
  const [done, total] = useMemo(() => selectOverallProgress(workflow), [workflow]);
  const current = rows.find((row) => row.status === 'current');
  return (
    <Text wrap="truncate-end" color={THEME.muted}>
      {rows
        .filter((row) => row.status !== 'skipped')
        .map((row) => statusSymbol(row).symbol)
        .join(' ')}
      {current ? ` ${current.title} ${rowDetail(current)}` : ''} · overall {done}/{total}
    </Text>
  );
}
