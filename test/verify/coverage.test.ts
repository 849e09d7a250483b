import { describe, expect, it } from 'vitest';
import type { ExplicitAnswer } from '../../source/engine/answers/types.js';
import { resolveAutomatically, workflowReducer } from '../../source/engine/workflow/reducer.js';
import { selectAnswers } from '../../source/engine/workflow/selectors.js';
import { createWorkflow } from '../../source/engine/workflow/state.js';
import { engineData } from '../support/project.js';
import { GOAL_ENTRIES, matrix } from './matrix.js';

/**
 * The matrix covers what it claims: every option of every question in at least one resolved
 * answer set (after conflicts are settled, so no option is "covered" only to be resolved away),
 * every maturity, and the defaults of at least five goals.
 */
describe('verification matrix coverage', () => {
  it('covers every option of every question, every maturity, and five goals or more', async () => {
    const data = await engineData();
    const seen = new Map<string, Set<string>>();
    for (const entry of matrix()) {
      const explicit = new Map<string, ExplicitAnswer>(
        Object.entries(entry.set ?? {}).map(([key, value]) => [key, { value, provenance: 'flag' }]),
      );
      let state = createWorkflow({
        catalogue: data.catalogue,
        goal: entry.goal,
        explicit,
        ...(entry.skills ? { skills: entry.skills } : {}),
      });
      state = resolveAutomatically(workflowReducer(state, { type: 'skip' }));
      expect(state.phase, `${entry.id} settles its conflicts`).toBe('ready');
      for (const answer of selectAnswers(state).values()) {
        if (!answer.isApplicable) continue;
        const values = seen.get(answer.key) ?? new Set<string>();
        for (const value of Array.isArray(answer.value) ? answer.value : [answer.value])
          values.add(String(value));
        seen.set(answer.key, values);
      }
    }
    const missing: string[] = [];
    for (const section of [data.catalogue.project, ...data.catalogue.skills]) {
      for (const question of section.questions) {
        const values = seen.get(question.key);
        if (!values) {
          missing.push(`${question.key} (never asked)`);
          continue;
        }
        if (question.type === 'confirm') {
          for (const value of ['true', 'false'])
            if (!values.has(value)) missing.push(`${question.key}=${value}`);
        }
        for (const option of question.options)
          if (!values.has(option.value)) missing.push(`${question.key}=${option.value}`);
      }
    }
    expect(missing).toEqual([]);
    expect(seen.get('project.maturity')).toEqual(new Set(['starter', 'intermediate', 'advanced']));
    expect(GOAL_ENTRIES.length).toBeGreaterThanOrEqual(5);
  });
});
