import { Text } from 'ink';
import { useMemo } from 'react';
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
  const error = workflow.error?.key === question.key ? workflow.error.message : null;

  const prompt = clampLines(wrapText(question.prompt, width), 2);
  const wrappedHelp = wrapText(question.help, width);
  // The help gets the rows the rest of the pane leaves free (the options and about ten rows of
  // default, context and spacing), never less than one line.
  const optionRows =
    question.type === 'select' || question.type === 'multiselect' ? question.options.length : 3;
  const help = clampLines(
    wrappedHelp,
    Math.max(1, Math.min(8, layout.bodyHeight - prompt.length - optionRows - 10)),
  );
  const contextLine = context.map((item) => `${item.label} ${item.value}`).join(' · ');
  const dependencies = skill?.dependencies ?? [];
  const fixedRows =
    (layout.sidebarWidth === 0 ? 1 : 0) +
    2 +
    prompt.length +
    help.length +
    1 +
    1 +
    (current?.reason ? 2 : 1) +
    1 +
    (contextLine ? 1 : 0) +
    (dependencies.length > 0 ? 1 : 0) +
    1;
  const room = Math.max(1, layout.bodyHeight - fixedRows);
  const inputHeight = Math.min(
    room,
    question.type === 'text' || question.type === 'number' || question.type === 'list'
      ? 3
      : Math.max(1, question.type === 'confirm' ? 2 : question.options.length),
  );
  const reasonLines = current?.reason ? clampLines(wrapText(current.reason, width - 2), 1) : [];

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
      <Text> </Text>
      <Clip height={inputHeight}>
        <QuestionInput
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
      {contextLine ? (
        <Text wrap="truncate-end" color={THEME.muted}>
          Earlier answers: {contextLine}
        </Text>
      ) : null}
      {dependencies.length > 0 ? (
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
