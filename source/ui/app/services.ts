import { resolve } from 'node:path';
import type { GenerationProgress } from '../../engine/generate/run-generators.js';
import type { ProjectModel } from '../../engine/model/types.js';
import {
  answersYamlFor,
  stageProject,
  writeProject,
  type StagedProject,
} from '../../engine/pipeline.js';
import { loadEngineData, modelFromWorkflow, type EngineData } from '../../engine/session.js';
import { summarizeProject, type ProjectSummary } from '../../engine/summary.js';
import { validateProject, type ValidationReport } from '../../engine/validate/validate-project.js';
import type { WorkflowState } from '../../engine/workflow/state.js';

/**
 * Everything the dashboard asks of the engine beyond pure state: re-reading skills, staging,
 * writing, validating. One small interface so tests can swap a step (a failing write) while the
 * rest runs for real; the dashboard itself never touches the file system.
 */
export interface DashboardServices {
  reloadData(): Promise<EngineData>;
  buildModel(workflow: WorkflowState, data: EngineData): ProjectModel;
  outDirFor(out: string): string;
  stage(
    model: ProjectModel,
    outDir: string,
    onProgress: (progress: GenerationProgress) => void,
  ): Promise<StagedProject>;
  write(input: {
    staged: StagedProject;
    accepted: ReadonlySet<string>;
    workflow: WorkflowState;
    data: EngineData;
    /** After each project file: how many are written, out of the accepted ones. */
    onWrite: (written: number, total: number) => void;
  }): Promise<{ written: string[] }>;
  validate(outDir: string, data: EngineData): Promise<ValidationReport>;
  summarize(model: ProjectModel, paths: readonly string[]): ProjectSummary;
}

export function engineServices(
  options: { skillsRoot?: string; cwd?: string } = {},
): DashboardServices {
  return {
    reloadData: () => loadEngineData(...(options.skillsRoot ? [options.skillsRoot] : [])),
    buildModel: modelFromWorkflow,
    outDirFor: (out) => resolve(options.cwd ?? process.cwd(), out),
    stage: (model, outDir, onProgress) => stageProject(model, outDir, { onProgress }),
    write: async ({ staged, accepted, workflow, data, onWrite }) => {
      // The engine's own total also counts what it keeps in .skillchain/ (a base copy of every
      // file, the manifest, the answers) and reports only the project's files: the progress
      // counts those, out of the files the user accepted.
      // Accepted obsolete files are removed, not written: not in the count.
      const total = staged.changeSet.changes.filter(
        (change) => accepted.has(change.path) && change.status !== 'obsolete',
      ).length;
      let written = 0;
      const result = await writeProject({
        staged,
        accepted,
        answersYaml: answersYamlFor(workflow, data.toolVersion),
        toolVersion: data.toolVersion,
        onWrite: () => {
          written += 1;
          onWrite(Math.min(written, total), total);
        },
      });
      return { written: result.written };
    },
    validate: (outDir, data) => validateProject(outDir, data),
    summarize: summarizeProject,
  };
}
