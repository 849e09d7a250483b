import { parseAnswerText } from '../answers/parse.js';
import type { ExplicitAnswer } from '../answers/types.js';
import { evaluateRules, resolutionAnswers, resolutionsOf } from '../rules/evaluate.js';
import type { AnswerKey, AnswerValue } from '../skills/types.js';
import { selectAnswers, selectAskedQuestions, selectQuestion } from './selectors.js';
import { chainEntries, includedSkills, type Decision, type WorkflowState } from './state.js';

/** Every workflow command of DESIGN §4, plus the answer and review actions. */
export type WorkflowAction =
  | { type: 'confirm' }
  | { type: 'skip' }
  | { type: 'skip-skill' }
  | { type: 'customize' }
  | { type: 'toggle-skill'; skill: string }
  | { type: 'customize-done' }
  | { type: 'back' }
  | { type: 'status' }
  | { type: 'help' }
  | { type: 'close-overlay' }
  | { type: 'done' }
  | { type: 'restart' }
  | { type: 'answer'; value: AnswerValue }
  | { type: 'answer-text'; text: string }
  | { type: 'resolve'; resolutionId: string; isAutomatic?: boolean };

/** Words that act as commands when typed into a text answer, as in the seed. */
export const COMMAND_WORDS = ['skip', 'back', 'status', 'done', 'restart', 'help'] as const;
type CommandWord = (typeof COMMAND_WORDS)[number];

export function workflowReducer(state: WorkflowState, action: WorkflowAction): WorkflowState {
  const next = reduce(state, action);
  if (next === state) return state;
  // Feedback lasts one command: a notice not set by this action is cleared.
  return next.notice === state.notice ? { ...next, notice: null } : next;
}

function reduce(state: WorkflowState, action: WorkflowAction): WorkflowState {
  switch (action.type) {
    case 'help':
      return { ...state, overlay: 'help' };
    case 'status':
      return state.phase === 'questions' ? { ...state, overlay: 'status' } : state;
    case 'close-overlay':
      return { ...state, overlay: null };
    case 'restart':
      return restart(state);
    default:
      break;
  }
  switch (state.phase) {
    case 'chain':
      return reduceChain(state, action);
    case 'customize':
      return reduceCustomize(state, action);
    case 'questions':
      return reduceQuestions(state, action);
    case 'review':
      return action.type === 'resolve'
        ? resolve(state, action.resolutionId, action.isAutomatic === true)
        : state;
    case 'ready':
      if (action.type !== 'back') return state;
      // Back from generation: to the last question asked, or, when the chain's skip took every
      // default without asking anything, to the chain (with those defaults untaken).
      if (state.history.length === 0) {
        return {
          ...state,
          phase: 'chain',
          cursor: null,
          visited: new Set(),
          defaultedSkills: new Set(),
        };
      }
      return {
        ...state,
        phase: 'questions',
        cursor: state.history.at(-1) ?? null,
        history: state.history.slice(0, -1),
      };
  }
}

function reduceChain(state: WorkflowState, action: WorkflowAction): WorkflowState {
  switch (action.type) {
    case 'confirm': {
      if (includedSkills(state).length === 0)
        return { ...state, notice: 'The chain is empty: customize it to pick skills.' };
      const [first] = selectAskedQuestions(state);
      return first
        ? { ...state, phase: 'questions', cursor: first.key, overlay: null }
        : enterReview(state);
    }
    case 'skip':
      if (includedSkills(state).length === 0)
        return { ...state, notice: 'The chain is empty: customize it to pick skills.' };
      return enterReview(
        takeDefaults(
          state,
          selectAskedQuestions(state).map((question) => question.key),
        ),
      );
    case 'customize':
      return { ...state, phase: 'customize', overlay: null };
    default:
      return state;
  }
}

function reduceCustomize(state: WorkflowState, action: WorkflowAction): WorkflowState {
  if (action.type === 'customize-done' || action.type === 'back')
    return { ...state, phase: 'chain' };
  if (action.type !== 'toggle-skill') return state;
  const entry = state.chain.find((item) => item.skill === action.skill);
  if (!entry) return state;
  const skill = state.catalogue.skills.find((item) => item.name === action.skill);
  let chain = state.chain.map((item) =>
    item.skill === action.skill
      ? {
          ...item,
          isIncluded: !item.isIncluded,
          reason: item.isIncluded
            ? item.reason
            : item.reason.kind === 'none'
              ? { kind: 'added' as const, by: 'customize' as const }
              : item.reason,
        }
      : item,
  );
  let notice: string | null = null;
  if (!entry.isIncluded && skill) {
    // Adding a skill brings its dependencies, and says so.
    const added: string[] = [];
    for (const dependency of skill.dependencies) {
      const dependencyEntry = chain.find((item) => item.skill === dependency);
      if (dependencyEntry && !dependencyEntry.isIncluded) {
        added.push(dependency);
        chain = chain.map((item) =>
          item.skill === dependency
            ? {
                ...item,
                isIncluded: true,
                reason: { kind: 'dependency' as const, of: [skill.name] },
              }
            : item,
        );
      }
    }
    notice =
      added.length > 0
        ? `Added ${added.join(', ')}: ${skill.name} depends on ${added.length > 1 ? 'them' : 'it'}.`
        : `Added ${skill.name}.`;
  } else {
    const dependents = state.catalogue.skills.filter(
      (other) =>
        other.dependencies.includes(action.skill) &&
        chain.some((item) => item.skill === other.name && item.isIncluded),
    );
    notice =
      dependents.length > 0
        ? `Removed ${action.skill}. ${dependents.map((other) => other.name).join(', ')} depend${dependents.length > 1 ? '' : 's'} on it: its defaults will be used, and you will be asked to confirm.`
        : `Removed ${action.skill}.`;
  }
  return { ...state, chain, notice };
}

function reduceQuestions(state: WorkflowState, action: WorkflowAction): WorkflowState {
  const cursor = state.cursor;
  if (cursor === null) return state;
  switch (action.type) {
    case 'answer':
      return answer(state, cursor, action.value);
    case 'answer-text': {
      const word = action.text.trim().toLowerCase();
      if ((COMMAND_WORDS as readonly string[]).includes(word))
        return commandWord(state, word as CommandWord);
      const question = selectQuestion(state);
      if (!question) return state;
      const parsed = parseAnswerText(question, action.text);
      if ('error' in parsed) return { ...state, error: { key: cursor, message: parsed.error } };
      return answer(state, cursor, parsed.value);
    }
    case 'skip':
      return advance(takeDefaults(state, [cursor]), cursor);
    case 'skip-skill': {
      const section = selectQuestion(state)?.section;
      const remaining = selectAskedQuestions(state).filter(
        (question) => question.section === section && !state.visited.has(question.key),
      );
      const defaulted = new Set(state.defaultedSkills);
      if (section) defaulted.add(section);
      const skipped = takeDefaults(
        { ...state, defaultedSkills: defaulted },
        remaining.map((question) => question.key),
      );
      const asked = selectAskedQuestions(skipped);
      const index = asked.findIndex((question) => question.key === cursor);
      const nextQuestion = asked.slice(index + 1).find((question) => question.section !== section);
      if (!nextQuestion) return enterReview({ ...skipped, history: [...state.history, cursor] });
      return {
        ...skipped,
        cursor: nextQuestion.key,
        history: [...state.history, cursor],
        error: null,
      };
    }
    case 'back': {
      const previous = state.history.at(-1);
      if (previous === undefined) return { ...state, phase: 'chain', cursor: null, error: null };
      return { ...state, cursor: previous, history: state.history.slice(0, -1), error: null };
    }
    case 'done': {
      const remaining = selectAskedQuestions(state).filter(
        (question) => !state.visited.has(question.key),
      );
      return enterReview({
        ...takeDefaults(
          state,
          remaining.map((question) => question.key),
        ),
        history: [...state.history, cursor],
      });
    }
    default:
      return state;
  }
}

function commandWord(state: WorkflowState, word: CommandWord): WorkflowState {
  switch (word) {
    case 'skip':
      return reduce(state, { type: 'skip' });
    case 'back':
      return reduce(state, { type: 'back' });
    case 'status':
      return reduce(state, { type: 'status' });
    case 'done':
      return reduce(state, { type: 'done' });
    case 'restart':
      return reduce(state, { type: 'restart' });
    case 'help':
      return reduce(state, { type: 'help' });
  }
}

function answer(state: WorkflowState, key: AnswerKey, value: AnswerValue): WorkflowState {
  const question = selectQuestion(state, key);
  if (!question) return state;
  const explicit = new Map(state.explicit);
  explicit.set(key, { value, provenance: 'user' });
  const visited = new Set(state.visited);
  visited.add(key);
  return advance({ ...state, explicit, visited, error: null }, key);
}

/** Marks questions as passed with whatever default they have now (no explicit answer stored). */
function takeDefaults(state: WorkflowState, keys: readonly AnswerKey[]): WorkflowState {
  const visited = new Set(state.visited);
  for (const key of keys) visited.add(key);
  return { ...state, visited, error: null };
}

/** Moves to the question after `from`; the list is recomputed because answers change conditions. */
function advance(state: WorkflowState, from: AnswerKey): WorkflowState {
  const asked = selectAskedQuestions(state);
  const index = asked.findIndex((question) => question.key === from);
  const next =
    index >= 0 ? asked[index + 1] : asked.find((question) => !state.visited.has(question.key));
  const history = [...state.history, from];
  if (!next) return enterReview({ ...state, history });
  return { ...state, cursor: next.key, history };
}

function enterReview(state: WorkflowState): WorkflowState {
  const findings = findingsFor(state);
  return {
    ...state,
    phase: findings.length > 0 ? 'review' : 'ready',
    findings,
    cursor: null,
    overlay: null,
  };
}

function findingsFor(state: WorkflowState) {
  const settled = new Set(state.decisions.map((decision) => decision.findingId));
  return evaluateRules(state.catalogue, selectAnswers(state), includedSkills(state), settled);
}

function resolve(state: WorkflowState, resolutionId: string, isAutomatic: boolean): WorkflowState {
  const [finding] = state.findings;
  if (!finding) return state;
  const resolution = resolutionsOf(finding).find((item) => item.id === resolutionId);
  if (!resolution) return state;
  const decision: Decision = {
    findingId: finding.id,
    kind: finding.kind,
    message: finding.kind === 'conflict' ? finding.rule.message : finding.message,
    resolutionId,
    label: resolution.label,
    isAutomatic,
    ...(resolution.note ? { note: resolution.note } : {}),
  };
  const explicit = new Map<AnswerKey, ExplicitAnswer>(state.explicit);
  for (const [key, value] of resolutionAnswers(finding, resolution, selectAnswers(state)))
    explicit.set(key, value);
  let next: WorkflowState = { ...state, explicit };

  if (resolution.back) {
    // Going back is not a decision: the finding is raised again if the answers still conflict.
    const chain = next.chain.map((item) =>
      item.skill === resolution.back ? { ...item, isIncluded: true } : item,
    );
    next = { ...next, chain };
    const target = selectAskedQuestions(next).find(
      (question) => question.section === resolution.back,
    );
    if (!target) return enterReview(next);
    return { ...next, phase: 'questions', cursor: target.key, findings: [] };
  }
  next = { ...next, decisions: [...state.decisions, decision] };
  return enterReview(next);
}

function restart(state: WorkflowState): WorkflowState {
  // Answers given on the command line or in a file are inputs, not choices made here: keep them.
  const explicit = new Map<AnswerKey, ExplicitAnswer>();
  for (const [key, value] of state.explicit) {
    if (
      value.provenance === 'flag' ||
      value.provenance === 'answers-file' ||
      value.provenance === 'stored'
    )
      explicit.set(key, value);
  }
  return {
    ...state,
    phase: 'chain',
    chain: chainEntries(state.catalogue, state.plan),
    explicit,
    cursor: null,
    history: [],
    visited: new Set(),
    defaultedSkills: new Set(),
    overlay: null,
    error: null,
    findings: [],
    decisions: [],
    notice: 'Restarted: answers cleared, goal kept.',
  };
}

/** Headless: settle every finding with its first (recommended) resolution. */
export function resolveAutomatically(state: WorkflowState): WorkflowState {
  let current = state;
  for (let guard = 0; current.phase === 'review' && guard < 50; guard++) {
    const [finding] = current.findings;
    const first = finding
      ? resolutionsOf(finding).find((resolution) => !resolution.back)
      : undefined;
    if (!first) break;
    current = workflowReducer(current, {
      type: 'resolve',
      resolutionId: first.id,
      isAutomatic: true,
    });
  }
  return current;
}

export type { AnswerKey };
