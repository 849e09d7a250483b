import { Box, Text } from 'ink';
import { ProgressBar } from '../components/progress-bar.js';
import { SYMBOL, THEME } from '../theme.js';
import { bodyWidth, type ScreenProps } from './screen-props.js';

/** Generation progress: each generator with its actions, an overall bar and counts. */
export function GeneratingScreen({ state, layout }: ScreenProps) {
  const width = bodyWidth(layout);
  if (state.stage.kind === 'writing') {
    const { written, total, isValidating } = state.stage;
    return (
      <Box flexDirection="column" width={width}>
        <Text bold>
          {isValidating
            ? 'Validating the written project…'
            : `Writing ${total} files to ${state.stage.run.outDir}…`}
        </Text>
        <Text> </Text>
        <ProgressBar done={written} total={total} width={Math.min(width, 60)} />
        <Text> </Text>
        <Text color={THEME.muted}>
          Each file is written atomically; a journal restores the folder if anything fails.
        </Text>
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
        {finished}/{Math.max(generatorCount, generators.length)} generators · {files} files staged
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
