import { Box, Text } from 'ink';
import { useEffect, useState } from 'react';
import { describeWritten, plural } from '../components/plural.js';
import { ProgressBar } from '../components/progress-bar.js';
import { SYMBOL, THEME } from '../theme.js';
import { bodyWidth, type ScreenProps } from './screen-props.js';

/** Generation progress: each generator with its actions, an overall bar and counts. */
export function GeneratingScreen({ state, layout }: ScreenProps) {
  const width = bodyWidth(layout);
  if (state.stage.kind === 'writing') {
    const { written, total, isValidating, run } = state.stage;
    return (
      <Box flexDirection="column" width={width}>
        {isValidating ? (
          <>
            <Text bold color={THEME.success} wrap="truncate-end">
              {SYMBOL.done} {describeWritten(written, run.outDir)}
            </Text>
            <Text> </Text>
            <ValidatingLine width={width} />
          </>
        ) : (
          <>
            <Text bold wrap="truncate-end">
              {total === 0
                ? `No file changes to write; recording the answers in ${run.outDir}…`
                : `Writing ${plural(total, 'file')} to ${run.outDir}…`}
            </Text>
            <Text> </Text>
            <ProgressBar done={written} total={total} width={Math.min(width, 60)} />
            <Text> </Text>
            <Text color={THEME.muted} wrap="truncate-end">
              Each file is written atomically; a journal restores the folder if anything fails.
            </Text>
            {state.stage.isQuitRefused ? (
              <Text color={THEME.warning} wrap="wrap">
                The write cannot be interrupted (it is all or nothing); Ctrl+C works again once it
                is done.
              </Text>
            ) : null}
          </>
        )}
      </Box>
    );
  }
  if (state.stage.kind !== 'generating') return null;
  const { generators, generatorCount } = state.stage;
  if (generators.length === 0) {
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>Generating in memory · nothing is written yet</Text>
        <Text> </Text>
        <Text color={THEME.muted}>Building the project model from your answers…</Text>
      </Box>
    );
  }
  const finished = generators.filter((item) => item.done === item.total).length;
  const files = generators.reduce((sum, item) => sum + item.done, 0);
  const nameWidth = Math.min(28, Math.max(12, ...generators.map((item) => item.name.length)));
  const visible = generators.slice(-Math.max(1, layout.bodyHeight - 6));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Generating in memory · nothing is written yet</Text>
      <Text> </Text>
      <ProgressBar
        done={finished}
        total={Math.max(generatorCount, generators.length)}
        width={Math.min(width, 60)}
      />
      <Text color={THEME.muted}>
        {finished}/{Math.max(generatorCount, generators.length)} generators ·{' '}
        {plural(files, 'file')} staged
      </Text>
      <Text> </Text>
      {visible.map((item) => {
        const isDone = item.done === item.total;
        return (
          <Box key={item.name} width={width}>
            <Text color={isDone ? THEME.success : THEME.accent}>
              {isDone ? SYMBOL.done : SYMBOL.current}{' '}
            </Text>
            <Text>{item.name.padEnd(nameWidth)} </Text>
            <Box width={Math.min(30, Math.max(10, width - nameWidth - 4))}>
              <ProgressBar
                done={item.done}
                total={item.total}
                width={Math.min(30, Math.max(10, width - nameWidth - 4))}
              />
            </Box>
          </Box>
        );
      })}
    </Box>
  );
}

/**
 * Validation reports no progress of its own (the checks run concurrently), so its line says what
 * runs and for how long, instead of a bar that would not move.
 */
function ValidatingLine({ width }: { width: number }) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => {
      setSeconds(Math.floor((Date.now() - started) / 1000));
    }, 1000);
    return () => {
      clearInterval(timer);
    };
  }, []);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end">
        <Text color={THEME.accent}>{SYMBOL.current} </Text>
        <Text bold>Validating the written project…</Text>
        <Text color={THEME.muted}>{seconds > 0 ? ` ${seconds}s` : ''}</Text>
      </Text>
      <Text color={THEME.muted} wrap="truncate-end">
        {'  '}deliverables against the bar, then the domain checks (dbt, DAGs, topics, SQL…)
      </Text>
    </Box>
  );
}
