import { Box, Text } from 'ink';
import { THEME } from '../theme.js';
import { TextInputView } from '../widgets/text-input/text-input-view.js';
import { useTextInput, useTextInputState } from '../widgets/text-input/use-text-input.js';
import { bodyWidth, type ScreenProps } from './screen-props.js';

const EXAMPLES = [
  'stream clickstream events from kafka into snowflake and model them with dbt',
  'nightly etl of orders from postgres into bigquery with airflow',
  'cdc from postgres with debezium into a data lake',
];

/** The goal, when none was given on the command line. The draft stays in this component. */
export function GoalScreen({ state, dispatch, layout, isActive }: ScreenProps) {
  const [text, textDispatch] = useTextInputState(state.goal);
  useTextInput({
    state: text,
    dispatch: textDispatch,
    onSubmit: (goal) => {
      dispatch({ type: 'submit-goal', goal });
    },
    isActive,
  });
  const width = bodyWidth(layout);
  const error = state.stage.kind === 'goal' ? state.stage.error : null;
  const skills = state.data.catalogue.skills.map((skill) => skill.name).join(', ');
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>What do you want to build?</Text>
      <Text color={THEME.muted} wrap="truncate-end">
        Describe the pipeline in your own words; it is matched to skills by keyword.
      </Text>
      <Box borderStyle="round" borderColor={THEME.accent} width={width} paddingX={1}>
        <TextInputView
          state={text}
          width={width - 4}
          placeholder="e.g. stream orders from kafka into snowflake"
        />
      </Box>
      {error ? <Text color={THEME.danger}>{error}</Text> : <Text> </Text>}
      <Text color={THEME.muted}>Examples</Text>
      {EXAMPLES.map((example) => (
        <Text key={example} wrap="truncate-end">
          {'  '}
          {example}
        </Text>
      ))}
      <Text> </Text>
      <Text color={THEME.muted} wrap="truncate-end">
        Skills: {skills}
      </Text>
    </Box>
  );
}
