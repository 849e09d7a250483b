import { Box, Text } from 'ink';
import { useLayoutEffect, useRef } from 'react';
import { formatAnswer } from '../../engine/answers/parse.js';
import type { ResolvedAnswer } from '../../engine/answers/types.js';
import type { Question } from '../../engine/skills/types.js';
import { COMMAND_WORDS } from '../../engine/workflow/reducer.js';
import { keyOf } from '../components/key-hint.js';
import { PRIORITY } from '../keys/keypress-context.js';
import { useCommands } from '../keys/use-commands.js';
import { SYMBOL, THEME } from '../theme.js';
import { listCapacity, OptionListView } from '../widgets/option-list/option-list-view.js';
import { useOptionListKeys, useOptionListState } from '../widgets/option-list/use-option-list.js';
import { TextInputView } from '../widgets/text-input/text-input-view.js';
import { useTextInput, useTextInputState } from '../widgets/text-input/use-text-input.js';
import { isExplicit } from './question-context.js';
import type { Dispatch } from './screen-props.js';

interface InputProps {
  question: Question;
  answer: ResolvedAnswer | undefined;
  dispatch: Dispatch;
  width: number;
  height: number;
  isActive: boolean;
  /** Called when the typed answer changes (the inline error no longer applies). */
  onEdit?: () => void;
}

const CONFIRM_OPTIONS = [
  { value: 'yes', label: 'yes', description: '', goalKeywords: [], goalUnless: [] },
  { value: 'no', label: 'no', description: '', goalKeywords: [], goalUnless: [] },
];

/** The answer widget for the question's type; keyed by question so its state starts fresh. */
export function QuestionInput(props: InputProps) {
  switch (props.question.type) {
    case 'select':
    case 'confirm':
      return <ChoiceInput {...props} isMultiple={false} />;
    case 'multiselect':
      return <ChoiceInput {...props} isMultiple />;
    case 'text':
    case 'number':
    case 'list':
      return <TextAnswer {...props} />;
  }
}

function valuesOf(answer: ResolvedAnswer | undefined): string[] {
  if (!answer) return [];
  if (Array.isArray(answer.value)) return answer.value;
  if (typeof answer.value === 'boolean') return [answer.value ? 'yes' : 'no'];
  return [String(answer.value)];
}

/**
 * select, confirm and multiselect: ↑/↓ move, Space toggles (multi-select), Enter answers. Enter
 * on the value that is already the computed default takes the default (Tab's "skip"), so the
 * answer keeps following the goal and earlier answers; anything else is the user's answer, sent
 * as text through the engine's parser so validation (min/max items) applies.
 */
function ChoiceInput({
  question,
  answer,
  dispatch,
  width,
  height,
  isActive,
  isMultiple,
}: InputProps & { isMultiple: boolean }) {
  const options = question.type === 'confirm' ? CONFIRM_OPTIONS : question.options;
  const current = valuesOf(answer);
  const currentIndexes = options.flatMap((option, index) =>
    current.includes(option.value) ? [index] : [],
  );
  const list = useOptionListState({
    count: options.length,
    initialFocused: currentIndexes[0] ?? 0,
    initialSelected: isMultiple ? currentIndexes : [],
    visibleCount: listCapacity(options.length, height),
  });
  const submit = (values: string[]) => {
    const isUnchanged =
      values.length === current.length && values.every((value) => current.includes(value));
    if (isUnchanged && !isExplicit(answer))
      dispatch({ type: 'workflow', action: { type: 'skip' } });
    else dispatch({ type: 'workflow', action: { type: 'answer-text', text: values.join(',') } });
  };
  useOptionListKeys({
    scope: 'question',
    state: list.state,
    dispatch: list.dispatch,
    ...(isMultiple ? { toggle: 'question.toggle' as const } : {}),
    submit: 'question.answer',
    onSubmit: (state) => {
      if (isMultiple)
        submit(
          options.filter((_, index) => state.selected.has(index)).map((option) => option.value),
        );
      else {
        const option = options[state.focused];
        if (option) submit([option.value]);
      }
    },
    isActive,
  });
  const rows = options.map((option) => ({
    key: option.value,
    label: option.label,
    description: option.description,
    ...(current.includes(option.value)
      ? { badge: isExplicit(answer) ? '(current)' : '(default)' }
      : {}),
  }));
  return (
    <OptionListView
      state={list.state}
      rows={rows}
      width={width}
      height={height}
      mark={(index) =>
        isMultiple ? (
          <Text color={list.state.selected.has(index) ? THEME.success : undefined}>
            {list.state.selected.has(index) ? SYMBOL.checked : SYMBOL.unchecked}
          </Text>
        ) : (
          <Text color={index === list.state.focused ? THEME.accent : undefined}>
            {index === list.state.focused ? SYMBOL.radioOn : SYMBOL.radioOff}
          </Text>
        )
      }
    />
  );
}

/**
 * text, number and list: type the answer; Enter on an empty field takes the default (shown as the
 * placeholder); → on an empty field copies the default in to edit it. The typed words skip,
 * back, status, done, restart and help act as the commands (the engine's answer-text).
 */
function TextAnswer({ question, answer, dispatch, width, isActive, onEdit }: InputProps) {
  const [text, textDispatch] = useTextInputState('');
  const lastValue = useRef(text.value);
  // A layout effect: the frame that shows the edit no longer shows the error.
  useLayoutEffect(() => {
    if (text.value === lastValue.current) return;
    lastValue.current = text.value;
    onEdit?.();
  }, [text.value, onEdit]);
  const defaultText = formatAnswer(answer?.value);
  useTextInput({
    state: text,
    dispatch: textDispatch,
    onSubmit: (value) => {
      const word = value.trim().toLowerCase();
      // A command word (status, help…) acts and leaves the field empty for the answer.
      if ((COMMAND_WORDS as readonly string[]).includes(word)) textDispatch({ type: 'clear' });
      // "restart" clears every answer: it asks first, as Ctrl+R does.
      if (word === 'restart') {
        dispatch({ type: 'request-restart' });
        return;
      }
      if (value.trim() === '' && (defaultText !== '' || !question.required)) {
        dispatch({ type: 'workflow', action: { type: 'skip' } });
        return;
      }
      dispatch({ type: 'workflow', action: { type: 'answer-text', text: value } });
    },
    isActive,
  });
  useCommands(
    'question',
    {
      'question.edit-default': () => {
        if (text.value !== '' || defaultText === '') return false;
        textDispatch({ type: 'set', value: defaultText });
        return true;
      },
    },
    { priority: PRIORITY.widget, isActive },
  );
  const hint =
    question.type === 'list' ? 'comma-separated' : question.type === 'number' ? 'a number' : '';
  return (
    <Box flexDirection="column" width={width}>
      <Box borderStyle="round" borderColor={THEME.accent} width={width} paddingX={1}>
        <TextInputView
          state={text}
          width={width - 4}
          placeholder={
            defaultText === ''
              ? hint
              : `${defaultText}  (${keyOf('question.answer')} keeps it, ${keyOf('question.edit-default')} edits it)`
          }
        />
      </Box>
    </Box>
  );
}
