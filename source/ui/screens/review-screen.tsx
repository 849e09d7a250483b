import { Box, Text } from 'ink';
import { formatAnswer } from '../../engine/answers/parse.js';
import { resolutionsOf, type Finding } from '../../engine/rules/evaluate.js';
import { WithSidebar } from '../components/with-sidebar.js';
import { clampLines, wrapText } from '../components/wrap-text.js';
import { PRIORITY } from '../keys/keypress-context.js';
import { useCommands } from '../keys/use-commands.js';
import { SYMBOL, THEME } from '../theme.js';
import { listCapacity, OptionListView } from '../widgets/option-list/option-list-view.js';
import { useOptionListKeys, useOptionListState } from '../widgets/option-list/use-option-list.js';
import type { Dispatch, ScreenProps } from './screen-props.js';

/**
 * Before generation (DESIGN §4): each conflict with its resolutions, each skipped dependency with
 * continue / go back. One dialog per finding; the engine re-evaluates after every choice.
 */
export function ReviewScreen({
  state,
  dispatch,
  layout,
  isActive,
  finding,
}: ScreenProps & { finding: Finding }) {
  const workflow = state.workflow;
  useCommands(
    'review',
    {
      'question.restart': () => {
        dispatch({ type: 'request-restart' });
      },
      'review.back': () => {
        dispatch({ type: 'back-from-review' });
      },
    },
    { priority: PRIORITY.screen, isActive },
  );
  if (!workflow) return null;
  const remaining = workflow.findings.length;
  return (
    <WithSidebar workflow={workflow} layout={layout}>
      <FindingDialog
        key={finding.id}
        finding={finding}
        remaining={remaining}
        dispatch={dispatch}
        width={layout.paneWidth}
        height={layout.bodyHeight - (layout.sidebarWidth === 0 ? 1 : 0)}
        isActive={isActive}
      />
    </WithSidebar>
  );
}

function FindingDialog({
  finding,
  remaining,
  dispatch,
  width,
  height,
  isActive,
}: {
  finding: Finding;
  remaining: number;
  dispatch: Dispatch;
  width: number;
  height: number;
  isActive: boolean;
}) {
  const resolutions = resolutionsOf(finding);
  const isConflict = finding.kind === 'conflict';
  const title = isConflict ? finding.rule.message : finding.message;
  const explanation = isConflict
    ? finding.rule.explanation
    : `${finding.skill} builds on ${finding.requires}, which is not in the chain. Its answers that the integration uses take their defaults.`;
  const involved = isConflict ? finding.involved : finding.borrows;
  const explanationLines = clampLines(
    wrapText(explanation, width - 4),
    Math.max(1, Math.min(5, height - 12)),
  );
  const titleLines = clampLines(wrapText(title, width - 4), 2);
  // The box: borders, heading, title, explanation, facts, a blank line, the list, the note.
  const listHeight = Math.max(
    1,
    height -
      2 -
      1 -
      titleLines.length -
      explanationLines.length -
      (involved.length > 0 ? 1 : 0) -
      2,
  );
  const list = useOptionListState({
    count: resolutions.length,
    visibleCount: listCapacity(resolutions.length, listHeight),
  });
  useOptionListKeys({
    scope: 'review',
    state: list.state,
    dispatch: list.dispatch,
    submit: 'review.choose',
    onSubmit: (state) => {
      const resolution = resolutions[state.focused];
      if (resolution)
        dispatch({ type: 'workflow', action: { type: 'resolve', resolutionId: resolution.id } });
    },
    isActive,
  });
  const focused = resolutions[list.state.focused];
  return (
    <Box
      flexDirection="column"
      borderStyle="round"
      borderColor={isConflict ? THEME.warning : THEME.info}
      width={width}
      paddingX={1}
    >
      <Text bold color={isConflict ? THEME.warning : THEME.info} wrap="truncate-end">
        {SYMBOL.warning} {isConflict ? 'Conflict' : 'Skipped dependency'}
        <Text color={THEME.muted}> · {remaining} to settle before generating</Text>
      </Text>
      {titleLines.map((line, index) => (
        <Text key={`title-${index}`} bold>
          {line}
        </Text>
      ))}
      {explanationLines.map((line, index) => (
        <Text key={index} color={THEME.muted}>
          {line}
        </Text>
      ))}
      {involved.length > 0 ? (
        <Text wrap="truncate-end" color={THEME.muted}>
          {involved.map((item) => `${item.key} = ${formatAnswer(item.value)}`).join(' · ')}
        </Text>
      ) : null}
      <Text> </Text>
      <OptionListView
        state={list.state}
        rows={resolutions.map((resolution, index) => ({
          key: resolution.id,
          label: resolution.label,
          ...(index === 0 && !resolution.back ? { badge: '(recommended)' } : {}),
        }))}
        width={width - 4}
        height={listHeight}
      />
      <Text color={THEME.muted} wrap="truncate-end">
        {focused?.note ?? (focused?.back ? `Returns to the questions of ${focused.back}.` : ' ')}
      </Text>
    </Box>
  );
}
