import { beforeAll, describe, expect, it } from 'vitest';
import { loadEngineData, type EngineData } from '../../../source/engine/session.js';
import {
  createDashboardState,
  dashboardReducer,
  EXIT_CODE,
  type DashboardAction,
} from '../../../source/ui/state/dashboard-reducer.js';
import type { DashboardState, StagedRun } from '../../../source/ui/state/dashboard-state.js';
import { screenOf } from '../../../source/ui/state/screen.js';
import { backFromReady } from '../../../source/ui/state/workflow-adapter.js';

const GOAL = 'stream clickstream events from kafka into snowflake and model them with dbt';
let data: EngineData;

beforeAll(async () => {
  data = await loadEngineData();
});

const start = (goal: string | undefined = GOAL): DashboardState =>
  createDashboardState({ data, goal, inputs: { explicit: new Map(), isForce: false } });
const run = (state: DashboardState, ...actions: DashboardAction[]) =>
  actions.reduce(dashboardReducer, state);
const workflow = (
  action: Extract<DashboardAction, { type: 'workflow' }>['action'],
): DashboardAction => ({ type: 'workflow', action });

describe('dashboard reducer', () => {
  it('asks for the goal when none was given, and refuses an empty one', () => {
    const state = createDashboardState({
      data,
      goal: undefined,
      inputs: { explicit: new Map(), isForce: false },
    });
    expect(screenOf(state)).toEqual({ kind: 'goal' });
    const empty = run(state, { type: 'submit-goal', goal: '   ' });
    expect(empty.stage).toMatchObject({
      kind: 'goal',
      error: expect.stringMatching(/goal/) as unknown,
    });
    const next = run(state, { type: 'submit-goal', goal: GOAL });
    expect(screenOf(next)).toEqual({ kind: 'chain' });
    expect(next.workflow?.plan.goal).toBe(GOAL);
  });

  it('announces each skill once, then shows its questions', () => {
    let state = run(start(), workflow({ type: 'confirm' }));
    expect(screenOf(state)).toMatchObject({ kind: 'question', question: { section: 'project' } });
    while (screenOf(state).kind === 'question') state = run(state, workflow({ type: 'skip' }));
    const announce = screenOf(state);
    expect(announce).toMatchObject({
      kind: 'announce',
      step: 1,
      steps: 3,
      skill: { name: 'architecting-data' },
    });
    state = run(state, { type: 'announce-seen', skill: 'architecting-data' });
    expect(screenOf(state)).toMatchObject({
      kind: 'question',
      question: { section: 'architecting-data' },
    });
    // Back to the project questions and forward again: no second announcement.
    state = run(state, workflow({ type: 'back' }), workflow({ type: 'skip' }));
    expect(screenOf(state)).toMatchObject({
      kind: 'question',
      question: { section: 'architecting-data' },
    });
  });

  it('skips the rest of a skill from its announcement', () => {
    let state = run(start(), workflow({ type: 'confirm' }));
    while (screenOf(state).kind === 'question') state = run(state, workflow({ type: 'skip' }));
    state = run(state, { type: 'announce-skip', skill: 'architecting-data' });
    expect(screenOf(state)).toMatchObject({
      kind: 'announce',
      skill: { name: 'streaming-data' },
      step: 2,
    });
    expect(state.workflow?.defaultedSkills.has('architecting-data')).toBe(true);
  });

  it('moves the help and status overlays (also reached by typed words) to the dashboard', () => {
    let state = run(
      start(),
      workflow({ type: 'confirm' }),
      workflow({ type: 'answer-text', text: 'status' }),
    );
    expect(state.overlay).toBe('status');
    expect(state.workflow?.overlay).toBeNull();
    state = run(state, { type: 'close-overlay' }, workflow({ type: 'answer-text', text: 'help' }));
    expect(state.overlay).toBe('help');
  });

  it('restores the covered overlay when the user stays after Ctrl+C, and quits with 130 before writing', () => {
    let state = run(start(), { type: 'open-overlay', overlay: 'help' }, { type: 'request-quit' });
    expect(state.overlay).toBe('quit');
    state = run(state, { type: 'cancel-quit' });
    expect(state.overlay).toBe('help');
    state = run(state, { type: 'request-quit' }, { type: 'quit' });
    expect(state.exitCode).toBe(EXIT_CODE.cancelled);
  });

  it('starts generation when the answers are final, and goes back to the chain when nothing was asked', () => {
    const state = run(start(), workflow({ type: 'skip' }));
    expect(state.stage).toEqual({ kind: 'generating', generators: [], generatorCount: 0 });
    const progress = run(state, {
      type: 'generation-progress',
      progress: {
        generator: 'project',
        generatorIndex: 0,
        generatorCount: 4,
        done: 2,
        total: 9,
        path: 'README.md',
      },
    });
    expect(progress.stage).toMatchObject({
      generators: [{ name: 'project', done: 2, total: 9 }],
      generatorCount: 4,
    });
    if (!state.workflow) throw new Error('no workflow');
    expect(state.workflow.phase).toBe('ready');
    const back = backFromReady(state.workflow);
    expect(back.phase).toBe('chain');
    expect(back.visited.size).toBe(0);
  });

  it('goes back from the hand-off to the last question answered', () => {
    let state = run(start(), workflow({ type: 'confirm' }), workflow({ type: 'done' }));
    expect(state.stage.kind).toBe('generating');
    const run_: StagedRun = {
      model: {} as StagedRun['model'],
      outDir: '/tmp/x',
      staged: {
        generation: { files: [], failures: [] },
        manifest: undefined,
        changeSet: { outDir: '/tmp/x', changes: [] },
      },
    };
    state = run(state, { type: 'staged', run: run_ }, { type: 'back-to-questions' });
    expect(state.stage.kind).toBe('workflow');
    expect(screenOf(state)).toMatchObject({ kind: 'question', question: { key: 'project.name' } });
  });

  it('accepts, skips and accepts all files but never identical ones', () => {
    const change = (
      path: string,
      status: 'create' | 'identical' | 'conflict',
      isAcceptedByDefault: boolean,
    ) => ({
      path,
      status,
      generator: 'project',
      isExecutable: false,
      contents: '',
      generated: '',
      conflicts: 0,
      isAcceptedByDefault,
      note: '',
    });
    const changes = [
      change('a', 'create', true),
      change('b', 'identical', false),
      change('c', 'conflict', false),
    ];
    const staged: StagedRun = {
      model: {} as StagedRun['model'],
      outDir: '/tmp/x',
      staged: {
        generation: { files: [], failures: [] },
        manifest: undefined,
        changeSet: { outDir: '/tmp/x', changes },
      },
    };
    let state = run(start(), workflow({ type: 'skip' }), { type: 'staged', run: staged });
    const accepted = () => (state.stage.kind === 'files' ? [...state.stage.accepted].sort() : []);
    expect(accepted()).toEqual(['a']);
    state = run(state, { type: 'toggle-file', path: 'a' }, { type: 'toggle-file', path: 'b' });
    expect(accepted()).toEqual([]);
    state = run(state, { type: 'accept-all' });
    expect(accepted()).toEqual(['a', 'c']);
    state = run(state, { type: 'write' });
    expect(state.stage).toMatchObject({ kind: 'writing', total: 2 });
    // Ctrl+C during the write is not offered: the write is short and journaled.
    expect(run(state, { type: 'request-quit' }).overlay).toBeNull();
  });

  it('re-reads the skills on retry and rebuilds the workflow for the same goal', () => {
    let state = run(start(), { type: 'reload' });
    expect(state.isReloading).toBe(true);
    state = run(state, { type: 'data-reloaded', data });
    expect(state.isReloading).toBe(false);
    expect(state.workflow?.plan.goal).toBe(GOAL);
    expect(screenOf(state)).toEqual({ kind: 'chain' });
  });
});
