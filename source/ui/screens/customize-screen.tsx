import { Box, Text } from 'ink';
import { SYMBOL, THEME } from '../theme.js';
import { listCapacity, OptionListView } from '../widgets/option-list/option-list-view.js';
import { useOptionListKeys, useOptionListState } from '../widgets/option-list/use-option-list.js';
import { PRIORITY } from '../keys/keypress-context.js';
import { useCommands } from '../keys/use-commands.js';
import { reasonText } from './chain-screen.js';
import { bodyWidth, type ScreenProps } from './screen-props.js';

/**
 * Customize: add or remove skills. The engine re-checks dependencies on every toggle and explains
 * what it did in `notice` ("Added architecting-data: transforming-data depends on it.").
 */
export function CustomizeScreen({ state, dispatch, layout, isActive }: ScreenProps) {
  const workflow = state.workflow;
  const entries = workflow?.chain ?? [];
  const visibleCount = listCapacity(entries.length, Math.max(3, layout.bodyHeight - 8));
  const list = useOptionListState({ count: entries.length, visibleCount });
  useOptionListKeys({
    scope: 'customize',
    state: list.state,
    dispatch: list.dispatch,
    toggle: 'customize.toggle',
    onToggle: (index) => {
      const entry = entries[index];
      if (entry)
        dispatch({ type: 'workflow', action: { type: 'toggle-skill', skill: entry.skill } });
    },
    isActive,
  });
  useCommands(
    'customize',
    {
      'customize.done': () => {
        dispatch({ type: 'workflow', action: { type: 'customize-done' } });
      },
    },
    { priority: PRIORITY.screen, isActive },
  );
  if (!workflow) return null;
  const width = bodyWidth(layout);
  const focused = entries[list.state.focused];
  const skill = focused
    ? workflow.catalogue.skills.find((item) => item.name === focused.skill)
    : undefined;
  const rows = entries.map((entry) => ({
    key: entry.skill,
    label: entry.title,
    description: `${entry.skill} · ${entry.isIncluded ? reasonText(entry) : 'not in the chain'}`,
    isDimmed: !entry.isIncluded,
  }));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Customize the chain</Text>
      <Text color={THEME.muted} wrap="truncate-end">
        Space adds or removes a skill; dependencies are added with it and removals are explained.
      </Text>
      <Text> </Text>
      <OptionListView
        state={list.state}
        rows={rows}
        width={width}
        mark={(index) => (
          <Text color={entries[index]?.isIncluded ? THEME.success : undefined}>
            {entries[index]?.isIncluded ? SYMBOL.checked : SYMBOL.unchecked}
          </Text>
        )}
      />
      <Text> </Text>
      {skill ? (
        <Box flexDirection="column">
          <Text wrap="truncate-end" color={THEME.muted}>
            {skill.description}
          </Text>
          <Text wrap="truncate-end" color={THEME.muted}>
            {skill.dependencies.length > 0
              ? `Depends on ${skill.dependencies.join(', ')}`
              : 'No dependencies'}
          </Text>
        </Box>
      ) : null}
      {workflow.notice ? (
        <Text color={THEME.warning} wrap="wrap">
          {workflow.notice}
        </Text>
      ) : null}
    </Box>
  );
}
