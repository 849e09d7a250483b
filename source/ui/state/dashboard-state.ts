import type { GenerationProgress } from '../../engine/generate/run-generators.js';
import type { ProjectModel } from '../../engine/model/types.js';
import type { StagedProject } from '../../engine/pipeline.js';
import type { EngineData } from '../../engine/session.js';
import type { ProjectSummary } from '../../engine/summary.js';
import type { ValidationReport } from '../../engine/validate/validate-project.js';
import type { ExplicitAnswer } from '../../engine/answers/types.js';
import type { WorkflowState } from '../../engine/workflow/state.js';

/**
 * The dashboard's own state around the engine's workflow: which stage of the run is on screen
 * (goal → workflow → generating → files → writing → complete), the overlay, and the results the
 * engine returned. Fast-changing view state (cursors, draft text, scroll offsets) is not here: it
 * lives in the widget that owns it.
 */
export type Stage =
  | { kind: 'goal'; error: string | null }
  | { kind: 'workflow' }
  | { kind: 'generating'; generators: GeneratorProgress[]; generatorCount: number }
  | { kind: 'files'; run: StagedRun; accepted: ReadonlySet<string> }
  | {
      kind: 'writing';
      run: StagedRun;
      accepted: ReadonlySet<string>;
      written: number;
      total: number;
      isValidating: boolean;
      /** Ctrl+C was pressed during the write, which cannot be interrupted. */
      isQuitRefused: boolean;
    }
  | {
      kind: 'complete';
      run: StagedRun;
      written: readonly string[];
      report: ValidationReport;
      summary: ProjectSummary;
    }
  | { kind: 'failed'; message: string; details: readonly string[]; canGoBack: boolean };

export interface GeneratorProgress {
  name: string;
  done: number;
  total: number;
}

export interface StagedRun {
  model: ProjectModel;
  staged: StagedProject;
  outDir: string;
}

/** Overlays drawn over the screen; the quit confirmation is above the others. */
export type Overlay = 'help' | 'status' | 'guide' | 'restart' | 'quit' | null;

export interface RunInputs {
  /** --skills: the chain instead of matching. */
  skills?: readonly string[];
  /** --set / --maturity answers (and, for `update`, stored answers). */
  explicit: ReadonlyMap<string, ExplicitAnswer>;
  /** --out, or undefined for ./<project name>. */
  out?: string;
  /** --force: accept conflicting files by default too. */
  isForce: boolean;
}

export interface DashboardState {
  data: EngineData;
  inputs: RunInputs;
  goal: string;
  stage: Stage;
  workflow: WorkflowState | null;
  overlay: Overlay;
  /** The overlay the quit confirmation covered, restored when the user stays. */
  overlayUnderQuit: Exclude<Overlay, 'quit'>;
  /** Skills whose announcement was seen (Enter or skip), so it shows once per pass. */
  announced: ReadonlySet<string>;
  /** A skills re-read (retry) is running. */
  isReloading: boolean;
  /** Set when the dashboard should close, with the exit code the root passes to `exit()`. */
  exitCode: number | null;
  /** Files the write step put on disk (quitting after it says so). */
  hasWritten: boolean;
}

export type { GenerationProgress };
