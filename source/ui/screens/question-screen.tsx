import { Text } from 'ink';
import { useCallback, useMemo, useState } from 'react';
import type { Question } from '../../engine/skills/types.js';
import { selectAnswers, selectProgress } from '../../engine/workflow/selectors.js';
import { includedSkills } from '../../engine/workflow/state.js';
import { keyOf } from '../components/key-hint.js';
import { WithSidebar } from '../components/with-sidebar.js';
import { clampLines, wrapText } from '../components/wrap-text.js';
import { SYMBOL, THEME } from '../theme.js';
import { stepTitle } from './announce-screen.js';
import { describeCurrent, earlierAnswers } from './question-context.js';
import { QuestionInput } from './question-input.js';
import type { ScreenProps } from './screen-props.js';
import { Clip } from '../components/clip.js';
import { useWorkflowCommands } from './use-workflow-commands.js';

/**
 * The question pane beside the progress sidebar: where we are (step, skill, question n/m), the
 * question with its help, the answer widget, the current default and why, the inline validation
 * message, context from earlier skills and the skill's dependencies. Every block has a row budget
 * so the pane never grows past the terminal.
 */
export function QuestionScreen({
  state,
  dispatch,
  layout,
  isActive,
  question,
}: ScreenProps & { question: Question }) {
  const workflow = state.workflow;
  const answers = useMemo(() => (workflow ? selectAnswers(workflow) : undefined), [workflow]);
  const progress = useMemo(() => (workflow ? selectProgress(workflow) : []), [workflow]);
  const context = useMemo(
    () => (workflow ? earlierAnswers(workflow, question) : []),
    [workflow, question],
  );
  const [dismissedError, setDismissedError] = useState<unknown>(null);
  const currentError = workflow?.error;
  const onEdit = useCallback(() => {
    setDismissedError(currentError);
  }, [currentError]);
  useWorkflowCommands(
    'question',
    dispatch,
    {
      'question.skip': () => {
        dispatch({ type: 'workflow', action: { type: 'skip' } });
      },
    },
    isActive,
  );
  if (!workflow || !answers) return null;
  const width = layout.paneWidth;
  const answer = answers.get(question.key);
  const skill = workflow.catalogue.skills.find((item) => item.name === question.section);
  const chain = includedSkills(workflow);
  const row = progress.find((item) => item.id === question.section);
  const header = skill
    ? stepTitle(skill, chain.indexOf(skill.name) + 1, chain.length)
    : `${workflow.catalogue.project.title} · asked once for the whole chain`;
  const current = describeCurrent(answer);
  // An inline error holds until the answer is edited (it no longer describes the field then).
  const error =
    workflow.error?.key === question.key && workflow.error !== dismissedError
      ? workflow.error.message
      : null;

  const contextLine = context.map((item) => `${item.label} ${item.value}`).join(' · ');
  const dependencies = skill?.dependencies ?? [];
  const budget = questionRows({
    height: layout.bodyHeight - (layout.sidebarWidth === 0 ? 1 : 0),
    promptLines: wrapText(question.prompt, width).length,
    helpLines: wrapText(question.help, width).length,
    inputRows:
      question.type === 'text' || question.type === 'number' || question.type === 'list'
        ? 3
        : question.type === 'confirm'
          ? 2
          : question.options.length,
    hasReason: current?.reason !== undefined && current.reason !== '' && !error,
    hasContext: contextLine !== '',
    hasDependencies: dependencies.length > 0,
  });
  const prompt = clampLines(wrapText(question.prompt, width), budget.prompt);
  const help = budget.help > 0 ? clampLines(wrapText(question.help, width), budget.help) : [];
  const inputHeight = budget.input;
  const reasonLines =
    budget.reason > 0 && current?.reason ? clampLines(wrapText(current.reason, width - 2), 1) : [];

  return (
    <WithSidebar workflow={workflow} layout={layout}>
      <Text bold color={THEME.accent} wrap="truncate-end">
        {header}
      </Text>
      <Text color={THEME.muted} wrap="truncate-end">
        Question {row?.current ?? 1}/{row?.asked ?? 1} · {question.key}
        {question.type === 'multiselect'
          ? ` · ${keyOf('question.toggle')} toggles, ${keyOf('question.answer')} confirms`
          : ''}
      </Text>
      {prompt.map((line, index) => (
        <Text key={`prompt-${index}`} bold>
          {line}
        </Text>
      ))}
      {help.map((line, index) => (
        <Text key={`help-${index}`} color={THEME.muted}>
          {line}
        </Text>
      ))}
      {budget.spacer > 0 ? <Text> </Text> : null}
      <Clip height={inputHeight}>
        <QuestionInput
          onEdit={onEdit}
          key={question.key}
          question={question}
          answer={answer}
          dispatch={dispatch}
          width={width}
          height={inputHeight}
          isActive={isActive}
        />
      </Clip>
      {error ? (
        <Text color={THEME.danger} wrap="truncate-end">
          {SYMBOL.failed} {error}
        </Text>
      ) : current ? (
        <Text wrap="truncate-end">
          <Text color={THEME.muted}>{current.label}: </Text>
          <Text bold>{current.value}</Text>
        </Text>
      ) : (
        <Text> </Text>
      )}
      {reasonLines.map((line, index) => (
        <Text key={`reason-${index}`} color={THEME.success} wrap="truncate-end">
          {'  '}
          {line}
        </Text>
      ))}
      {budget.context > 0 ? (
        <Text wrap="truncate-end" color={THEME.muted}>
          Earlier answers: {contextLine}
        </Text>
      ) : null}
      {budget.dependencies > 0 ? (
        <Text wrap="truncate-end" color={THEME.muted}>
          Builds on:{' '}
          {dependencies
            .map((dependency) => {
              const status = progress.find((item) => item.id === dependency)?.status;
              return `${dependency} ${status === 'done' ? SYMBOL.done : status === 'skipped' ? '(not in the chain: defaults)' : SYMBOL.pending}`;
            })
            .join(', ')}
        </Text>
      ) : null}
    </WithSidebar>
  );
}

export interface QuestionRowsInput {
  /** Rows of the pane. */
  height: number;
  promptLines: number;
  helpLines: number;
  /** Rows the answer widget wants: every option of a list, or the text field's box. */
  inputRows: number;
  hasReason: boolean;
  hasContext: boolean;
  hasDependencies: boolean;
}

export interface QuestionRows {
  prompt: number;
  help: number;
  spacer: number;
  input: number;
  reason: number;
  context: number;
  dependencies: number;
}

/**
 * How the pane's rows are shared, most important first, so a short terminal cuts the least
 * useful lines: the header, the question line, the prompt's first line and the default line always
 * show; then the answer widget gets enough rows for the highlighted option (with "↑/↓ n more"
 * around it), then why the default and the first line of help, then every option, then a spacer,
 * a second line of help, the rest of the prompt, the earlier answers, the dependencies and more
 * help.
 */
export function questionRows(input: QuestionRowsInput): QuestionRows {
  let free = Math.max(0, input.height - 4);
  const take = (wanted: number) => {
    const granted = Math.max(0, Math.min(wanted, free));
    free -= granted;
    return granted;
  };
  const rows: QuestionRows = {
    prompt: 1,
    help: 0,
    spacer: 0,
    input: 0,
    reason: 0,
    context: 0,
    dependencies: 0,
  };
  rows.input = take(Math.min(input.inputRows, 3));
  rows.reason = input.hasReason ? take(1) : 0;
  rows.help = take(Math.min(1, input.helpLines));
  rows.input += take(input.inputRows - rows.input);
  rows.spacer = take(1);
  rows.help += take(Math.min(2, input.helpLines) - rows.help);
  rows.prompt += take(Math.min(1, input.promptLines - 1));
  rows.context = input.hasContext ? take(1) : 0;
  rows.dependencies = input.hasDependencies ? take(1) : 0;
  rows.help += take(Math.min(8, input.helpLines) - rows.help);
  rows.input = Math.max(1, rows.input);
  return rows;
}
