import { Box, Text } from 'ink';
import { useMemo } from 'react';
import type { Skill } from '../../engine/skills/types.js';
import { selectAskedQuestions, selectProgress } from '../../engine/workflow/selectors.js';
import { KeyHint } from '../components/key-hint.js';
import { WithSidebar } from '../components/with-sidebar.js';
import { wrapText, clampLines } from '../components/wrap-text.js';
import { SYMBOL, THEME } from '../theme.js';
import type { ScreenProps } from './screen-props.js';
import { useWorkflowCommands } from './use-workflow-commands.js';

export function stepTitle(skill: Skill, step: number, steps: number): string {
  return `Step ${step}/${steps} · ${skill.title} · ${skill.plugin}:${skill.name}`;
}

/**
 * Entering a skill announces it, as the seed's loop does: "Step i/N · <title> ·
 * <plugin>:<name>", its one-line purpose, how many questions, and what it builds on.
 */
export function AnnounceScreen({
  state,
  dispatch,
  layout,
  isActive,
  skill,
  step,
  steps,
}: ScreenProps & { skill: Skill; step: number; steps: number }) {
  const workflow = state.workflow;
  const questions = useMemo(
    () =>
      workflow
        ? selectAskedQuestions(workflow).filter((question) => question.section === skill.name)
        : [],
    [workflow, skill.name],
  );
  const progress = useMemo(() => (workflow ? selectProgress(workflow) : []), [workflow]);
  useWorkflowCommands(
    'announce',
    dispatch,
    {
      'announce.start': () => {
        dispatch({ type: 'announce-seen', skill: skill.name });
      },
      'question.skip-skill': () => {
        dispatch({ type: 'announce-skip', skill: skill.name });
      },
    },
    isActive,
  );
  if (!workflow) return null;
  const width = layout.paneWidth;
  const purpose = clampLines(wrapText(skill.description, width), 4);
  const guideIntro = clampLines(
    wrapText(firstParagraph(skill.guide), width),
    Math.max(0, layout.bodyHeight - 14),
  );
  return (
    <WithSidebar workflow={workflow} layout={layout}>
      <Text bold color={THEME.accent} wrap="truncate-end">
        {stepTitle(skill, step, steps)}
      </Text>
      <Text> </Text>
      {purpose.map((line, index) => (
        <Text key={index} bold>
          {line}
        </Text>
      ))}
      <Text> </Text>
      <Text wrap="truncate-end">
        {questions.length} question{questions.length === 1 ? '' : 's'} · about{' '}
        {skill.estimateMinutes[0]}–{skill.estimateMinutes[1]} min
      </Text>
      <Text wrap="truncate-end">
        {skill.dependencies.length === 0
          ? 'Builds on nothing else in the chain.'
          : `Builds on ${skill.dependencies
              .map((dependency) => {
                const row = progress.find((item) => item.id === dependency);
                return `${dependency} ${row?.status === 'done' ? SYMBOL.done : row?.status === 'skipped' ? '(not in the chain: its defaults are used)' : ''}`.trim();
              })
              .join(', ')}`}
      </Text>
      <Text> </Text>
      {guideIntro.map((line, index) => (
        <Text key={`guide-${index}`} color={THEME.muted}>
          {line}
        </Text>
      ))}
      <Box marginTop={1}>
        <Text wrap="truncate-end">
          <KeyHint id="announce.start" label="start" /> ·{' '}
          <KeyHint id="question.skip-skill" label="skip this skill (take its defaults)" /> ·{' '}
          <KeyHint id="question.guide" label="guide" />
        </Text>
      </Box>
    </WithSidebar>
  );
}

/** The guide's opening paragraph (its first block of prose, not a heading or a list). */
export function firstParagraph(guide: string): string {
  const paragraphs = guide.split(/\n\s*\n/);
  const prose = paragraphs.find((paragraph) => {
    const text = paragraph.trim();
    return (
      text !== '' &&
      !text.startsWith('#') &&
      !text.startsWith('-') &&
      !text.startsWith('|') &&
      !text.startsWith('```')
    );
  });
  return (prose ?? '').replace(/\s+/g, ' ').replace(/\*\*/g, '').trim();
}
