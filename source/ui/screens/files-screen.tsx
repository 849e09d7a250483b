import { Box, Text } from 'ink';
import { useMemo, useState } from 'react';
import {
  countChanges,
  unifiedDiff,
  type ChangeStatus,
  type FileChange,
} from '../../engine/stage/change-set.js';
import { KeyHint } from '../components/key-hint.js';
import { useHintAvailability } from '../keys/hint-availability.js';
import { PRIORITY } from '../keys/keypress-context.js';
import { useCommands } from '../keys/use-commands.js';
import { SYMBOL, THEME } from '../theme.js';
import { scrollOffset } from '../widgets/scroll/scroll.js';
import { visibleRows } from '../widgets/option-list/option-list-reducer.js';
import { listCapacity, OptionListView } from '../widgets/option-list/option-list-view.js';
import { useOptionListKeys, useOptionListState } from '../widgets/option-list/use-option-list.js';
import { bodyWidth, type ScreenProps } from './screen-props.js';
import { plural } from '../components/plural.js';

export const STATUS_COLOURS: Readonly<Record<ChangeStatus, string | undefined>> = {
  create: THEME.success,
  update: THEME.info,
  merge: THEME.highlight,
  conflict: THEME.danger,
  identical: THEME.muted,
  kept: THEME.muted,
  'deleted-by-user': THEME.warning,
  obsolete: THEME.warning,
};

/** "12 create · 2 identical" in the order a reviewer cares about. */
export function describeCounts(changes: readonly FileChange[]): string {
  const counts = countChanges(changes);
  const order: ChangeStatus[] = [
    'conflict',
    'merge',
    'update',
    'create',
    'deleted-by-user',
    'obsolete',
    'kept',
    'identical',
  ];
  return order
    .filter((status) => counts.byStatus[status] > 0)
    .map((status) => `${counts.byStatus[status]} ${status}`)
    .join(' · ');
}

/**
 * The hand-off to the diff review: every staged file with its status, accept or skip each, accept
 * all, open a file's diff, write. Nothing is on disk until `w`.
 */
export function FilesScreen({ state, dispatch, layout, isActive }: ScreenProps) {
  const stage = state.stage.kind === 'files' ? state.stage : undefined;
  const changes = stage?.run.staged.changeSet.changes ?? [];
  const [isDiffOpen, setDiffOpen] = useState(false);
  const [diffOffset, setDiffOffset] = useState(0);
  // Rows: the two header lines, the list, the focused file's line, then the hint line (diff
  // closed) or the diff (open), which takes every row left.
  const listHeight = Math.max(
    3,
    isDiffOpen ? Math.floor((layout.bodyHeight - 3) / 3) : layout.bodyHeight - 4,
  );
  const list = useOptionListState({
    count: changes.length,
    visibleCount: listCapacity(changes.length, listHeight),
  });
  const focused = changes[list.state.focused];
  const diffLines = useMemo(
    () => (isDiffOpen && focused ? unifiedDiff(focused).split('\n').slice(2) : []),
    [isDiffOpen, focused],
  );
  const shownRows = visibleRows(list.state);
  const listRows =
    shownRows.indexes.length + (shownRows.above > 0 ? 1 : 0) + (shownRows.below > 0 ? 1 : 0);
  const diffHeight = Math.max(2, layout.bodyHeight - 3 - listRows);
  useHintAvailability(
    'scroll.page-up',
    isDiffOpen ? diffLines.length > diffHeight - 1 : changes.length > list.state.visibleCount,
    isActive,
  );

  const focusFile = (index: number) => {
    list.dispatch({ type: 'focus', index: Math.min(Math.max(index, 0), changes.length - 1) });
    setDiffOffset(0);
  };
  useOptionListKeys({
    scope: 'files',
    state: list.state,
    dispatch: (action) => {
      list.dispatch(action);
      setDiffOffset(0);
    },
    toggle: 'files.toggle',
    onToggle: (index) => {
      const change = changes[index];
      if (change) dispatch({ type: 'toggle-file', path: change.path });
    },
    isActive,
  });
  useCommands(
    'files',
    {
      'files.diff': () => {
        setDiffOpen((open) => !open);
        setDiffOffset(0);
      },
      'files.accept-all': () => {
        dispatch({ type: 'accept-all' });
      },
      'files.write': () => {
        dispatch({ type: 'write' });
      },
      'files.back': () => {
        if (isDiffOpen) {
          setDiffOpen(false);
          return;
        }
        dispatch({ type: 'back-to-questions' });
      },
      // PgUp/PgDn scroll the open diff; with the diff closed they page through the files.
      'scroll.page-up': () => {
        if (isDiffOpen)
          setDiffOffset((offset) => scrollOffset(offset, 'page-up', diffLines.length, diffHeight));
        else focusFile(list.state.focused - list.state.visibleCount);
      },
      'scroll.page-down': () => {
        if (isDiffOpen)
          setDiffOffset((offset) =>
            scrollOffset(offset, 'page-down', diffLines.length, diffHeight),
          );
        else focusFile(list.state.focused + list.state.visibleCount);
      },
      'list.first': () => {
        focusFile(0);
      },
      'list.last': () => {
        focusFile(changes.length - 1);
      },
    },
    { priority: PRIORITY.screen, isActive },
  );
  if (!stage) return null;
  const width = bodyWidth(layout);
  const accepted = stage.accepted;
  const withMarkers = changes.filter(
    (change) => change.status === 'conflict' && accepted.has(change.path),
  ).length;
  const statusWidth = 15;
  const rows = changes.map((change) => ({
    key: change.path,
    label: `${change.status.padEnd(statusWidth)} ${change.path}`,
    isDimmed: change.status === 'identical' || change.status === 'kept',
  }));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {plural(changes.length, 'file')} → {stage.run.outDir}
      </Text>
      <Text wrap="truncate-end" color={THEME.muted}>
        {describeCounts(changes)} · {accepted.size} to write
        {withMarkers > 0 ? ` (${withMarkers} with conflict markers)` : ''} · nothing is on disk
        until you write
      </Text>
      <OptionListView
        state={list.state}
        rows={rows}
        width={width}
        mark={(index) => {
          const change = changes[index];
          if (!change) return null;
          const isWritten = accepted.has(change.path);
          return (
            <Text color={STATUS_COLOURS[change.status]}>
              {change.status === 'identical' || change.status === 'kept'
                ? ' = '
                : isWritten
                  ? SYMBOL.checked
                  : SYMBOL.unchecked}
            </Text>
          );
        }}
      />
      {focused ? (
        focused.status === 'conflict' ? (
          // What happens to a conflict comes first, so a narrow line never cuts it.
          <Text wrap="truncate-end" color={THEME.warning}>
            {focused.path}:{' '}
            {accepted.has(focused.path)
              ? 'will be written WITH conflict markers (<<<<<<< >>>>>>>) for you to resolve'
              : 'will be skipped (your version stays as it is)'}
            <Text color={THEME.muted}> · {focused.note}</Text>
          </Text>
        ) : (
          <Text wrap="truncate-end" color={THEME.muted}>
            {focused.path}: {focused.note}
            {focused.status === 'identical' || focused.status === 'kept'
              ? ''
              : accepted.has(focused.path)
                ? focused.status === 'obsolete'
                  ? ' · will be removed'
                  : ' · will be written'
                : ' · will be skipped'}
          </Text>
        )
      ) : null}
      {isDiffOpen ? (
        <Box
          flexDirection="column"
          height={diffHeight}
          flexShrink={0}
          overflowY="hidden"
          borderStyle="single"
          borderLeft={false}
          borderRight={false}
          borderBottom={false}
          borderColor={THEME.muted}
        >
          {diffLines.slice(diffOffset, diffOffset + diffHeight - 1).map((line, index) => (
            <Text
              key={index}
              wrap="truncate-end"
              color={
                line.startsWith('+')
                  ? THEME.success
                  : line.startsWith('-')
                    ? THEME.danger
                    : line.startsWith('@@')
                      ? THEME.info
                      : undefined
              }
            >
              {line === '' ? ' ' : expandTabs(line)}
            </Text>
          ))}
        </Box>
      ) : (
        <Text wrap="truncate-end">
          <KeyHint id="files.write" label="write" /> ·{' '}
          <KeyHint id="files.accept-all" label="accept all" /> ·{' '}
          <KeyHint id="files.diff" label="show the diff" />
        </Text>
      )}
    </Box>
  );
}

/** Tabs (Makefiles) drawn as spaces: a terminal would jump to the next tab stop, past the layout. */
export function expandTabs(line: string): string {
  return line.replace(/\t/g, '    ');
}
