import type { Finding } from '../../engine/rules/evaluate.js';
import type { Question, Skill } from '../../engine/skills/types.js';
import { selectQuestion } from '../../engine/workflow/selectors.js';
import { includedSkills } from '../../engine/workflow/state.js';
import type { Scope } from '../keys/key-registry.js';
import type { DashboardState } from './dashboard-state.js';

/** What is on screen: a closed union, derived from the state (never stored beside it). */
export type Screen =
  | { kind: 'goal' }
  | { kind: 'chain' }
  | { kind: 'customize' }
  | { kind: 'announce'; skill: Skill; step: number; steps: number }
  | { kind: 'question'; question: Question }
  | { kind: 'review'; finding: Finding }
  | { kind: 'generating' }
  | { kind: 'files' }
  | { kind: 'writing' }
  | { kind: 'complete' }
  | { kind: 'failed' };

export function screenOf(state: DashboardState): Screen {
  const { stage, workflow } = state;
  switch (stage.kind) {
    case 'goal':
      return { kind: 'goal' };
    case 'generating':
      return { kind: 'generating' };
    case 'files':
      return { kind: 'files' };
    case 'writing':
      return { kind: 'writing' };
    case 'complete':
      return { kind: 'complete' };
    case 'failed':
      return { kind: 'failed' };
    case 'workflow':
      break;
  }
  if (!workflow) return { kind: 'goal' };
  switch (workflow.phase) {
    case 'chain':
      return { kind: 'chain' };
    case 'customize':
      return { kind: 'customize' };
    case 'review': {
      const [finding] = workflow.findings;
      return finding ? { kind: 'review', finding } : { kind: 'generating' };
    }
    case 'ready':
      return { kind: 'generating' };
    case 'questions': {
      const question = selectQuestion(workflow);
      if (!question) return { kind: 'chain' };
      const skill = workflow.catalogue.skills.find((item) => item.name === question.section);
      if (skill && !state.announced.has(skill.name)) {
        const chain = includedSkills(workflow);
        return {
          kind: 'announce',
          skill,
          step: chain.indexOf(skill.name) + 1,
          steps: chain.length,
        };
      }
      return { kind: 'question', question };
    }
  }
}

/** The key scope of a screen (what the footer and the help overlay list). */
export function scopeOf(screen: Screen): Scope {
  switch (screen.kind) {
    case 'writing':
      return 'generating';
    case 'complete':
      return 'completion';
    default:
      return screen.kind;
  }
}
