import { generate, type StagedFile } from '../../source/engine/generate/run-generators.js';
import type { ExplicitAnswer } from '../../source/engine/answers/types.js';
import type { ProjectModel } from '../../source/engine/model/types.js';
import { loadEngineData, modelFromWorkflow, type EngineData } from '../../source/engine/session.js';
import type { AnswerValue } from '../../source/engine/skills/types.js';
import { resolveAutomatically, workflowReducer } from '../../source/engine/workflow/reducer.js';
import { createWorkflow, type WorkflowState } from '../../source/engine/workflow/state.js';

let cached: Promise<EngineData> | undefined;

/** The real catalogue and entity catalogue from skills/, loaded once per test file. */
export function engineData(): Promise<EngineData> {
  cached ??= loadEngineData();
  return cached;
}

export interface ProjectSpec {
  goal: string;
  /** Answers as `--set` would give them. */
  set?: Record<string, AnswerValue>;
  /** The chain, as `--skills` would give it. */
  skills?: string[];
}

export interface BuiltProject {
  state: WorkflowState;
  model: ProjectModel;
  files: Map<string, string>;
  staged: StagedFile[];
}

/**
 * Runs the engine headless, as `skillchain GOAL --yes` does: all defaults, conflicts take their
 * recommended resolution, then every generator stages its files (nothing is written).
 */
export async function buildProject(spec: ProjectSpec): Promise<BuiltProject> {
  const data = await engineData();
  const explicit = new Map<string, ExplicitAnswer>(
    Object.entries(spec.set ?? {}).map(([key, value]) => [key, { value, provenance: 'flag' }]),
  );
  let state = createWorkflow({
    catalogue: data.catalogue,
    goal: spec.goal,
    explicit,
    ...(spec.skills ? { skills: spec.skills } : {}),
  });
  state = resolveAutomatically(workflowReducer(state, { type: 'skip' }));
  if (state.phase !== 'ready') throw new Error(`workflow stopped in phase ${state.phase}`);
  const model = modelFromWorkflow(state, data);
  const result = await generate(model, '/virtual/project');
  if (result.failures.length > 0) {
    throw new Error(
      `generation failed: ${result.failures.map((failure) => `${failure.path}: ${failure.error}`).join('; ')}`,
    );
  }
  return {
    state,
    model,
    staged: result.files,
    files: new Map(result.files.map((file) => [file.path, file.contents])),
  };
}
