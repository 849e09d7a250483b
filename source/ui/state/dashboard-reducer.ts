import type { GenerationProgress } from '../../engine/generate/run-generators.js';
import { defaultAccepted } from '../../engine/pipeline.js';
import type { EngineData } from '../../engine/session.js';
import type { ProjectSummary } from '../../engine/summary.js';
import type { ValidationReport } from '../../engine/validate/validate-project.js';
import { workflowReducer, type WorkflowAction } from '../../engine/workflow/reducer.js';
import { createWorkflow, type WorkflowState } from '../../engine/workflow/state.js';
import type { DashboardState, Overlay, RunInputs, StagedRun } from './dashboard-state.js';
import { backFromReady, backFromReview } from './workflow-adapter.js';

/** Exit codes of the dashboard: those of the headless runner, plus 130 for a user who quit. */
export const EXIT_CODE = { success: 0, belowBar: 1, error: 2, cancelled: 130 } as const;

export type DashboardAction =
  | { type: 'submit-goal'; goal: string }
  /** From the chain back to the goal input, the goal kept for editing. */
  | { type: 'edit-goal' }
  | { type: 'workflow'; action: WorkflowAction }
  | { type: 'announce-seen'; skill: string }
  | { type: 'announce-skip'; skill: string }
  | { type: 'open-overlay'; overlay: Exclude<Overlay, 'quit' | 'restart' | null> }
  | { type: 'request-restart' }
  | { type: 'confirm-restart' }
  | { type: 'cancel-restart' }
  | { type: 'close-overlay' }
  | { type: 'request-quit' }
  | { type: 'cancel-quit' }
  | { type: 'quit' }
  | { type: 'reload' }
  | { type: 'data-reloaded'; data: EngineData }
  | { type: 'reload-failed'; message: string }
  | { type: 'generation-progress'; progress: GenerationProgress }
  | { type: 'staged'; run: StagedRun }
  | { type: 'failed'; message: string; details?: readonly string[]; canGoBack: boolean }
  | { type: 'toggle-file'; path: string }
  | { type: 'accept-all' }
  | { type: 'write' }
  | { type: 'write-progress'; written: number; total: number }
  | { type: 'written'; written: readonly string[] }
  | {
      type: 'completed';
      written: readonly string[];
      report: ValidationReport;
      summary: ProjectSummary;
    }
  | { type: 'back-to-questions' }
  | { type: 'back-from-review' }
  | { type: 'finish' };

export interface CreateDashboardOptions {
  data: EngineData;
  goal: string | undefined;
  inputs: RunInputs;
}

export function createDashboardState({
  data,
  goal,
  inputs,
}: CreateDashboardOptions): DashboardState {
  const base: DashboardState = {
    data,
    inputs,
    goal: goal ?? '',
    stage: { kind: 'goal', error: null },
    workflow: null,
    overlay: null,
    overlayUnderQuit: null,
    announced: new Set(),
    isReloading: false,
    exitCode: null,
    hasWritten: false,
  };
  return goal === undefined || goal.trim() === '' ? base : startWorkflow(base, goal.trim());
}

function startWorkflow(state: DashboardState, goal: string): DashboardState {
  const workflow = createWorkflow({
    catalogue: state.data.catalogue,
    goal,
    explicit: state.inputs.explicit,
    ...(state.inputs.skills ? { skills: state.inputs.skills } : {}),
  });
  return {
    ...state,
    goal,
    workflow,
    stage: { kind: 'workflow' },
    announced: new Set(),
    overlay: null,
  };
}

export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case 'submit-goal': {
      const goal = action.goal.trim();
      if (goal === '')
        return {
          ...state,
          stage: {
            kind: 'goal',
            error: 'Type a goal first, e.g. "stream orders from kafka into snowflake".',
          },
        };
      return startWorkflow(state, goal);
    }
    case 'edit-goal':
      // Only from the chain: past it, answers would be lost without a word (restart asks first).
      return state.workflow?.phase === 'chain'
        ? { ...state, stage: { kind: 'goal', error: null }, workflow: null, announced: new Set() }
        : state;
    case 'workflow':
      return applyWorkflow(state, action.action);
    case 'announce-seen':
      return { ...state, announced: new Set([...state.announced, action.skill]) };
    case 'announce-skip':
      return applyWorkflow(
        { ...state, announced: new Set([...state.announced, action.skill]) },
        { type: 'skip-skill' },
      );
    case 'open-overlay':
      return state.overlay === 'quit' ? state : { ...state, overlay: action.overlay };
    case 'close-overlay':
      return { ...state, overlay: null };
    // Restart clears every answer: it asks first, as quitting does.
    case 'request-restart':
      return state.workflow && state.stage.kind === 'workflow' && state.overlay === null
        ? { ...state, overlay: 'restart' }
        : state;
    case 'cancel-restart':
      return state.overlay === 'restart' ? { ...state, overlay: null } : state;
    case 'confirm-restart':
      return state.overlay === 'restart'
        ? applyWorkflow({ ...state, overlay: null }, { type: 'restart' })
        : state;
    case 'request-quit':
      if (state.overlay === 'quit') return state;
      // The write is all-or-nothing and short: Ctrl+C waits for it and says so.
      if (state.stage.kind === 'writing' && !state.stage.isValidating)
        return { ...state, stage: { ...state.stage, isQuitRefused: true } };
      return { ...state, overlay: 'quit', overlayUnderQuit: state.overlay };
    case 'cancel-quit':
      return state.overlay === 'quit'
        ? { ...state, overlay: state.overlayUnderQuit, overlayUnderQuit: null }
        : state;
    case 'quit':
      return { ...state, exitCode: quitCode(state) };
    case 'reload':
      return { ...state, isReloading: true };
    case 'data-reloaded': {
      const reloaded = { ...state, data: action.data, isReloading: false };
      return state.goal === '' && !state.workflow ? reloaded : startWorkflow(reloaded, state.goal);
    }
    case 'reload-failed':
      return {
        ...state,
        isReloading: false,
        stage: { kind: 'failed', message: action.message, details: [], canGoBack: false },
      };
    case 'generation-progress':
      return state.stage.kind === 'generating'
        ? {
            ...state,
            stage: {
              ...state.stage,
              generators: withProgress(state.stage.generators, action.progress),
              generatorCount: action.progress.generatorCount,
            },
          }
        : state;
    case 'staged':
      if (state.stage.kind !== 'generating') return state;
      return {
        ...state,
        stage: {
          kind: 'files',
          run: action.run,
          accepted: defaultAccepted(action.run.staged.changeSet, state.inputs.isForce),
        },
      };
    case 'failed':
      return {
        ...state,
        stage: {
          kind: 'failed',
          message: action.message,
          details: action.details ?? [],
          canGoBack: action.canGoBack,
        },
      };
    case 'toggle-file': {
      if (state.stage.kind !== 'files') return state;
      const change = state.stage.run.staged.changeSet.changes.find(
        (item) => item.path === action.path,
      );
      if (!change || change.status === 'identical' || change.status === 'kept') return state;
      const accepted = new Set(state.stage.accepted);
      if (accepted.has(action.path)) accepted.delete(action.path);
      else accepted.add(action.path);
      return { ...state, stage: { ...state.stage, accepted } };
    }
    case 'accept-all': {
      if (state.stage.kind !== 'files') return state;
      const accepted = new Set(
        state.stage.run.staged.changeSet.changes
          .filter((change) => change.status !== 'identical' && change.status !== 'kept')
          .map((change) => change.path),
      );
      return { ...state, stage: { ...state.stage, accepted } };
    }
    case 'write': {
      if (state.stage.kind !== 'files') return state;
      const { accepted } = state.stage;
      return {
        ...state,
        overlay: null,
        stage: {
          kind: 'writing',
          run: state.stage.run,
          accepted: state.stage.accepted,
          written: 0,
          // Accepted obsolete files are removed, not written: not in the count.
          total: state.stage.run.staged.changeSet.changes.filter(
            (change) => accepted.has(change.path) && change.status !== 'obsolete',
          ).length,
          isValidating: false,
          isQuitRefused: false,
        },
      };
    }
    case 'write-progress':
      return state.stage.kind === 'writing'
        ? { ...state, stage: { ...state.stage, written: action.written, total: action.total } }
        : state;
    case 'written':
      return state.stage.kind === 'writing'
        ? {
            ...state,
            hasWritten: true,
            stage: { ...state.stage, written: action.written.length, isValidating: true },
          }
        : state;
    case 'completed':
      if (state.stage.kind !== 'writing') return state;
      return {
        ...state,
        hasWritten: true,
        stage: {
          kind: 'complete',
          run: state.stage.run,
          written: action.written,
          report: action.report,
          summary: action.summary,
        },
      };
    case 'back-to-questions': {
      if (!state.workflow || (state.stage.kind !== 'files' && state.stage.kind !== 'failed'))
        return state;
      return settle({ ...state, stage: { kind: 'workflow' } }, backFromReady(state.workflow));
    }
    case 'back-from-review':
      if (!state.workflow || state.stage.kind !== 'workflow' || state.workflow.phase !== 'review')
        return state;
      return settle(state, backFromReview(state.workflow));
    case 'finish':
      return { ...state, exitCode: finishCode(state) };
  }
}

function applyWorkflow(state: DashboardState, action: WorkflowAction): DashboardState {
  if (!state.workflow || state.stage.kind !== 'workflow') return state;
  return settle(state, workflowReducer(state.workflow, action));
}

/**
 * After every workflow step: the workflow's overlay (help/status, also reached by typing the
 * words) moves to the dashboard, which owns all overlays; the announcements start over when the
 * workflow is back at the chain; and answers that are final start the generation.
 */
function settle(state: DashboardState, workflow: WorkflowState): DashboardState {
  let next: DashboardState = { ...state, workflow };
  if (workflow.overlay !== null)
    next = { ...next, overlay: workflow.overlay, workflow: { ...workflow, overlay: null } };
  if (workflow.phase === 'chain' || workflow.phase === 'customize')
    next = { ...next, announced: new Set() };
  if (workflow.phase === 'ready' && state.stage.kind === 'workflow')
    next = {
      ...next,
      stage: { kind: 'generating', generators: [], generatorCount: 0 },
      overlay: null,
    };
  return next;
}

function withProgress(
  generators: readonly { name: string; done: number; total: number }[],
  progress: GenerationProgress,
) {
  const entry = { name: progress.generator, done: progress.done, total: progress.total };
  const index = generators.findIndex((item) => item.name === progress.generator);
  if (index === -1) return [...generators, entry];
  return generators.map((item, position) => (position === index ? entry : item));
}

function quitCode(state: DashboardState): number {
  if (state.stage.kind === 'complete') return finishCode(state);
  return state.hasWritten ? EXIT_CODE.error : EXIT_CODE.cancelled;
}

function finishCode(state: DashboardState): number {
  if (state.stage.kind === 'complete')
    return state.stage.report.passes ? EXIT_CODE.success : EXIT_CODE.belowBar;
  if (state.stage.kind === 'failed') return EXIT_CODE.error;
  return EXIT_CODE.cancelled;
}
