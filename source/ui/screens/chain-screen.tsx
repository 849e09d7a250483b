import { Box, Text } from 'ink';
import { useMemo } from 'react';
import { describeEstimate } from '../../engine/chain/estimate.js';
import { describeReason } from '../../engine/chain/plan-chain.js';
import { formatLoadError } from '../../engine/skills/types.js';
import { selectEstimate } from '../../engine/workflow/selectors.js';
import type { ChainEntry, WorkflowState } from '../../engine/workflow/state.js';
import { KeyHint } from '../components/key-hint.js';
import { PRIORITY } from '../keys/keypress-context.js';
import { useCommands } from '../keys/use-commands.js';
import { SYMBOL, THEME } from '../theme.js';
import { bodyWidth, type ScreenProps } from './screen-props.js';

export function reasonText(entry: ChainEntry): string {
  switch (entry.reason.kind) {
    case 'none':
      return 'not matched';
    case 'added':
      return 'added in customize';
    default:
      return describeReason(entry.reason);
  }
}

/** Skills that failed to load (the rules or blueprint files are reported too). */
export function loadFailures(workflow: WorkflowState) {
  return workflow.catalogue.failures;
}

/**
 * The chain for confirmation (DESIGN §4): each skill with its score and the words that matched,
 * the dependencies and why they joined, the estimate, the skills that failed to load with
 * continue / retry / stop.
 */
export function ChainScreen({ state, dispatch, layout, isActive }: ScreenProps) {
  const workflow = state.workflow;
  const estimate = useMemo(() => (workflow ? selectEstimate(workflow) : undefined), [workflow]);
  const failures = workflow ? loadFailures(workflow) : [];
  useCommands(
    'chain',
    {
      'chain.confirm': () => {
        dispatch({ type: 'workflow', action: { type: 'confirm' } });
      },
      'chain.skip': () => {
        dispatch({ type: 'workflow', action: { type: 'skip' } });
      },
      'chain.customize': () => {
        dispatch({ type: 'workflow', action: { type: 'customize' } });
      },
      'chain.retry': () => {
        if (failures.length === 0) return false;
        dispatch({ type: 'reload' });
        return true;
      },
      'chain.rephrase': () => {
        dispatch({ type: 'edit-goal' });
      },
      'chain.stop': () => {
        dispatch({ type: 'request-quit' });
      },
    },
    { priority: PRIORITY.screen, isActive: isActive && !state.isReloading },
  );
  if (!workflow || !estimate) return null;
  const width = bodyWidth(layout);
  const included = workflow.chain.filter((entry) => entry.isIncluded);
  const others = workflow.chain.filter((entry) => !entry.isIncluded);
  const titleWidth = Math.min(
    24,
    Math.max(...workflow.chain.map((entry) => entry.title.length), 8),
  );
  const nameWidth = Math.min(24, Math.max(...workflow.chain.map((entry) => entry.skill.length), 8));
  // On a narrow terminal the skill's id column gives way, so the reason it joined stays readable.
  const showsName = width >= 110;
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text color={THEME.muted}>Goal </Text>
        {workflow.plan.goal || '(none)'}
      </Text>
      <Text> </Text>
      {included.length === 0 ? (
        <Box flexDirection="column">
          <Text bold color={THEME.warning}>
            The goal matched no skill
            {workflow.plan.isDataGoal ? '' : ' (it does not look like a data-engineering goal)'}.
          </Text>
          <Text>
            Press <KeyHint id="chain.customize" label="to pick skills yourself" />, or{' '}
            <KeyHint id="chain.rephrase" label="to rephrase the goal" />.
          </Text>
        </Box>
      ) : (
        <Box flexDirection="column">
          <Text bold>
            Chain: {included.length} skill{included.length === 1 ? '' : 's'}
            <Text color={THEME.muted}> · {describeEstimate(estimate)}</Text>
          </Text>
          {included.map((entry, index) => {
            const skill = workflow.catalogue.skills.find((item) => item.name === entry.skill);
            const needs =
              skill && skill.dependencies.length > 0
                ? ` · needs ${skill.dependencies.join(', ')}`
                : '';
            return (
              <Text key={entry.skill} wrap="truncate-end">
                {' '}
                {String(index + 1).padStart(2)}. <Text bold>{entry.title.padEnd(titleWidth)}</Text>{' '}
                {showsName ? (
                  <Text color={THEME.muted}>{`${entry.skill.padEnd(nameWidth)} `}</Text>
                ) : null}
                <Text color={entry.score > 0 ? THEME.success : THEME.muted}>
                  {entry.score > 0 ? `score ${String(entry.score).padStart(2)}` : '        '}
                </Text>{' '}
                <Text color={entry.reason.kind === 'dependency' ? THEME.warning : undefined}>
                  {reasonText(entry)}
                </Text>
                <Text color={THEME.muted}>{needs}</Text>
              </Text>
            );
          })}
        </Box>
      )}
      {others.length > 0 ? (
        <Text color={THEME.muted} wrap="truncate-end">
          {' '}
          Not in the chain: {others.map((entry) => entry.skill).join(', ')} (c to add)
        </Text>
      ) : null}
      {failures.length > 0 ? (
        <Box flexDirection="column" marginTop={1}>
          {failures.map((failure) => (
            <Box key={failure.name} flexDirection="column">
              <Text color={THEME.danger} wrap="truncate-end">
                {SYMBOL.failed} {failure.name} failed to load and is left out
              </Text>
              {failure.errors.slice(0, 3).map((error) => (
                <Text key={formatLoadError(error)} color={THEME.muted} wrap="truncate-end">
                  {'   '}
                  {formatLoadError(error)}
                </Text>
              ))}
            </Box>
          ))}
          <Text wrap="truncate-end">
            {state.isReloading ? (
              <Text color={THEME.warning}>Re-reading skills/…</Text>
            ) : (
              <>
                <KeyHint
                  id="chain.confirm"
                  label={`continue without ${failures.length === 1 ? 'it' : 'them'}`}
                />{' '}
                · <KeyHint id="chain.retry" label="retry (re-read from disk)" /> ·{' '}
                <KeyHint id="chain.stop" label="stop" />
              </>
            )}
          </Text>
        </Box>
      ) : null}
      {workflow.notice ? (
        <Box marginTop={1}>
          <Text color={THEME.warning} wrap="wrap">
            {workflow.notice}
          </Text>
        </Box>
      ) : null}
    </Box>
  );
}
