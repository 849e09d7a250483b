import { beforeAll, describe, expect, it } from 'vitest';
import type { ExplicitAnswer } from '../../../source/engine/answers/types.js';
import { loadCatalogue } from '../../../source/engine/skills/load-catalogue.js';
import type { Catalogue } from '../../../source/engine/skills/types.js';
import {
  resolveAutomatically,
  workflowReducer,
  type WorkflowAction,
} from '../../../source/engine/workflow/reducer.js';
import {
  selectAnswers,
  selectAskedQuestions,
  selectEstimate,
  selectProgress,
  selectQuestion,
} from '../../../source/engine/workflow/selectors.js';
import {
  createWorkflow,
  includedSkills,
  type WorkflowState,
} from '../../../source/engine/workflow/state.js';

let catalogue: Catalogue;
beforeAll(async () => {
  catalogue = await loadCatalogue();
});

const GOAL = 'stream clickstream events from kafka into snowflake and model them with dbt';
const start = (goal = GOAL, explicit?: Map<string, ExplicitAnswer>) =>
  createWorkflow({ catalogue, goal, ...(explicit ? { explicit } : {}) });
const run = (state: WorkflowState, ...actions: WorkflowAction[]) =>
  actions.reduce(workflowReducer, state);
const confirm: WorkflowAction = { type: 'confirm' };
const enter: WorkflowAction = { type: 'skip' };

describe('chain confirmation', () => {
  it('confirm starts the questions at the first chain-level question', () => {
    const state = run(start(), confirm);
    expect(state.phase).toBe('questions');
    expect(state.cursor).toBe('project.name');
  });

  it('back from generation returns to the chain when skip asked nothing', () => {
    const state = run(start(), { type: 'skip' }, { type: 'back' });
    expect(state.phase).toBe('chain');
    expect(state.visited.size).toBe(0);
  });

  it('skip takes every default and goes to generation', () => {
    const state = run(start(), { type: 'skip' });
    expect(state.phase).toBe('ready');
    expect(selectAnswers(state).get('streaming-data.broker')?.provenance).toBe('goal');
    expect(selectAnswers(state).get('streaming-data.serialization')?.provenance).toBe('default');
  });

  it('customize adds a skill with its dependencies and explains, removes with a warning', () => {
    let state = run(start('kafka streaming'), { type: 'customize' });
    expect(state.phase).toBe('customize');
    state = run(state, { type: 'toggle-skill', skill: 'transforming-data' });
    expect(includedSkills(state)).toEqual([
      'architecting-data',
      'streaming-data',
      'transforming-data',
    ]);
    expect(state.notice).toBe('Added architecting-data: transforming-data depends on it.');
    state = run(state, { type: 'toggle-skill', skill: 'architecting-data' });
    expect(includedSkills(state)).toEqual(['streaming-data', 'transforming-data']);
    expect(state.notice).toMatch(
      /Removed architecting-data\. transforming-data depends on it: its defaults will be used/,
    );
    state = run(state, { type: 'customize-done' });
    expect(state.phase).toBe('chain');
    expect(selectProgress(state).find((row) => row.id === 'architecting-data')?.status).toBe(
      'skipped',
    );
  });

  it('an empty chain cannot be confirmed', () => {
    const state = run(start('bake a cake'), confirm);
    expect(state.phase).toBe('chain');
    expect(state.notice).toMatch(/chain is empty/);
  });
});

describe('questions', () => {
  it('answers move forward and record the user as the source', () => {
    const state = run(start(), confirm, { type: 'answer-text', text: 'web-clicks' });
    expect(selectAnswers(state).get('project.name')).toMatchObject({
      value: 'web-clicks',
      provenance: 'user',
    });
    expect(state.cursor).toBe('project.maturity');
  });

  it('an invalid answer stays on the question with an inline message', () => {
    const state = run(start(), confirm, { type: 'answer-text', text: 'Not A Slug!' });
    expect(state.cursor).toBe('project.name');
    expect(state.error).toEqual({
      key: 'project.name',
      message: '3–50 characters, lowercase letters, digits and dashes, starting with a letter',
    });
    const number = run(
      start(),
      confirm,
      ...Array.from({ length: 6 }, () => enter),
      ...Array.from({ length: 5 }, () => enter),
      ...Array.from({ length: 6 }, () => enter),
      { type: 'answer-text', text: '5000' },
    );
    expect(selectQuestion(number)?.key).toBe('streaming-data.partitions');
    expect(number.error?.message).toBe('a whole number from 1 to 1000');
  });

  it('skip takes the default of one question; skip-skill the rest of the skill', () => {
    let state = run(start(), confirm, enter);
    expect(state.cursor).toBe('project.maturity');
    state = run(state, { type: 'skip-skill' });
    expect(state.cursor).toBe('architecting-data.storage');
    expect(state.defaultedSkills.has('project')).toBe(true);
    state = run(state, { type: 'skip-skill' });
    expect(state.cursor).toBe('streaming-data.broker');
    expect(selectProgress(state).find((row) => row.id === 'architecting-data')).toMatchObject({
      status: 'done',
      isDefaulted: true,
    });
  });

  it('asks conditional questions only when their condition holds', () => {
    const skipProject = Array.from({ length: 6 }, () => enter);
    let state = run(start(), confirm, ...skipProject);
    expect(state.cursor).toBe('architecting-data.storage');
    state = run(state, { type: 'answer', value: 'warehouse' }, enter, enter);
    expect(state.cursor).toBe('architecting-data.entities'); // no table_format for a warehouse
    state = run(
      state,
      { type: 'back' },
      { type: 'back' },
      { type: 'back' },
      { type: 'answer', value: 'lakehouse' },
      enter,
      enter,
    );
    expect(state.cursor).toBe('architecting-data.table_format');
  });

  it('back returns to the previous question, across skills, keeping answers; at the first question to the chain', () => {
    let state = run(
      start(),
      confirm,
      { type: 'answer-text', text: 'web-clicks' },
      ...Array.from({ length: 5 }, () => enter),
    );
    expect(state.cursor).toBe('architecting-data.storage');
    state = run(state, { type: 'back' });
    expect(state.cursor).toBe('project.deployment');
    state = run(state, ...Array.from({ length: 5 }, (): WorkflowAction => ({ type: 'back' })));
    expect(state.cursor).toBe('project.name');
    expect(selectAnswers(state).get('project.name')?.value).toBe('web-clicks');
    state = run(state, { type: 'back' });
    expect(state.phase).toBe('chain');
  });

  it('status and help open overlays and return to the question', () => {
    let state = run(start(), confirm, { type: 'status' });
    expect(state.overlay).toBe('status');
    state = run(state, { type: 'close-overlay' }, { type: 'help' });
    expect(state.overlay).toBe('help');
    state = run(state, { type: 'close-overlay' });
    expect(state.overlay).toBeNull();
    expect(state.cursor).toBe('project.name');
  });

  it('done takes the remaining defaults and goes to generation', () => {
    const state = run(
      start(),
      confirm,
      { type: 'answer-text', text: 'web-clicks' },
      { type: 'done' },
    );
    expect(state.phase).toBe('ready');
    expect(selectAnswers(state).get('project.name')?.value).toBe('web-clicks');
  });

  it('restart clears the answers and returns to the chain, keeping the goal and command-line answers', () => {
    const flags = new Map<string, ExplicitAnswer>([
      ['project.cloud', { value: 'gcp', provenance: 'flag' }],
    ]);
    const state = run(
      start(GOAL, flags),
      confirm,
      { type: 'answer-text', text: 'web-clicks' },
      { type: 'restart' },
    );
    expect(state.phase).toBe('chain');
    expect(state.plan.goal).toBe(GOAL);
    expect(selectAnswers(state).get('project.name')?.provenance).toBe('goal');
    expect(selectAnswers(state).get('project.cloud')).toMatchObject({
      value: 'gcp',
      provenance: 'flag',
    });
  });

  it('typed command words act as commands in a text answer', () => {
    let state = run(start(), confirm, { type: 'answer-text', text: 'skip' });
    expect(state.cursor).toBe('project.maturity');
    state = run(state, { type: 'answer-text', text: 'back' });
    expect(state.cursor).toBe('project.name');
    expect(run(state, { type: 'answer-text', text: 'status' }).overlay).toBe('status');
    expect(run(state, { type: 'answer-text', text: 'help' }).overlay).toBe('help');
    expect(run(state, { type: 'answer-text', text: ' DONE ' }).phase).toBe('ready');
    expect(run(state, { type: 'answer-text', text: 'restart' }).phase).toBe('chain');
  });

  it('asks only what an answers file or flag left open', () => {
    const explicit = new Map<string, ExplicitAnswer>([
      ['project.name', { value: 'from-file', provenance: 'answers-file' }],
      ['project.maturity', { value: 'advanced', provenance: 'flag' }],
    ]);
    const state = run(start(GOAL, explicit), confirm);
    expect(state.cursor).toBe('project.cloud');
    expect(selectAskedQuestions(state).some((question) => question.key === 'project.name')).toBe(
      false,
    );
    // The estimate counts only what will be asked.
    expect(selectEstimate(start(GOAL, explicit)).questions).toBe(
      selectEstimate(start()).questions - 2,
    );
  });

  it('the sidebar shows done, current with n/m, and pending', () => {
    const state = run(start(), confirm, ...Array.from({ length: 6 }, () => enter), enter);
    const rows = selectProgress(state);
    expect(rows.find((row) => row.id === 'project')?.status).toBe('done');
    expect(rows.find((row) => row.id === 'architecting-data')).toMatchObject({
      status: 'current',
      current: 2,
      asked: 5,
    });
    expect(rows.find((row) => row.id === 'streaming-data')?.status).toBe('pending');
    expect(rows.find((row) => row.id === 'optimizing-sql')?.status).toBe('skipped');
  });
});

describe('review: conflicts and skipped dependencies', () => {
  const kinesisExactlyOnce = () =>
    start(
      'stream orders from kinesis',
      new Map<string, ExplicitAnswer>([
        ['streaming-data.delivery', { value: 'exactly-once', provenance: 'flag' }],
      ]),
    );

  it('raises a conflict before generation and applies the chosen resolution as answer changes', () => {
    let state = run(kinesisExactlyOnce(), { type: 'skip' });
    expect(state.phase).toBe('review');
    expect(state.findings.map((finding) => finding.id)).toEqual([
      'exactly-once-without-transactions',
    ]);
    state = run(state, { type: 'resolve', resolutionId: 'at-least-once' });
    expect(state.phase).toBe('ready');
    expect(selectAnswers(state).get('streaming-data.delivery')).toMatchObject({
      value: 'at-least-once',
      provenance: 'resolution',
    });
    expect(state.decisions[0]).toMatchObject({
      findingId: 'exactly-once-without-transactions',
      resolutionId: 'at-least-once',
      isAutomatic: false,
    });
  });

  it('go back returns to the skill to revisit it, and the conflict comes back if nothing changed', () => {
    let state = run(
      kinesisExactlyOnce(),
      { type: 'skip' },
      { type: 'resolve', resolutionId: 'back' },
    );
    expect(state.phase).toBe('questions');
    expect(selectQuestion(state)?.section).toBe('streaming-data');
    state = run(state, { type: 'done' });
    expect(state.phase).toBe('review');
  });

  it('--yes takes the first (recommended) resolution and records that it was automatic', () => {
    const state = resolveAutomatically(run(kinesisExactlyOnce(), { type: 'skip' }));
    expect(state.phase).toBe('ready');
    expect(selectAnswers(state).get('streaming-data.broker')?.value).toBe('kafka');
    expect(state.decisions[0]?.isAutomatic).toBe(true);
  });

  it('warns about a skipped dependency: continue with its defaults, or go back and add it', () => {
    const dropped = run(
      start('dbt models'),
      { type: 'customize' },
      { type: 'toggle-skill', skill: 'architecting-data' },
      { type: 'customize-done' },
      { type: 'skip' },
    );
    expect(dropped.phase).toBe('review');
    const finding = dropped.findings[0];
    expect(finding?.kind).toBe('dependency');
    expect(finding?.kind === 'dependency' && finding.borrows.map((borrow) => borrow.key)).toEqual([
      'architecting-data.warehouse',
      'architecting-data.entities',
      'architecting-data.modeling',
    ]);
    const continued = run(dropped, { type: 'resolve', resolutionId: 'continue' });
    expect(continued.phase).toBe('ready');
    expect(includedSkills(continued)).toEqual(['transforming-data']);
    const back = run(dropped, { type: 'resolve', resolutionId: 'back' });
    expect(includedSkills(back)).toEqual(['architecting-data', 'transforming-data']);
    expect(selectQuestion(back)?.section).toBe('architecting-data');
  });
});
