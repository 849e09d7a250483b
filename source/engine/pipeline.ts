import { renderAnswersFile } from './answers/answers-file.js';
import {
  generate,
  type GenerateOptions,
  type GenerationResult,
} from './generate/run-generators.js';
import { readManifest, type Manifest } from './manifest/manifest.js';
import type { ProjectModel } from './model/types.js';
import { planChanges, type ChangeSet } from './stage/change-set.js';
import { writeChanges, type WriteResult } from './commit/write-changes.js';
import { selectAnswers } from './workflow/selectors.js';
import { includedSkills, type WorkflowState } from './workflow/state.js';

/**
 * The steps after the questions, shared by the dashboard and the headless runner:
 * stage (generate into memory and classify against disk), then write what was accepted.
 */
export interface StagedProject {
  generation: GenerationResult;
  changeSet: ChangeSet;
  manifest: Manifest | undefined;
}

export async function stageProject(
  model: ProjectModel,
  outDir: string,
  options: GenerateOptions = {},
): Promise<StagedProject> {
  const [generation, manifest] = await Promise.all([
    generate(model, outDir, options),
    readManifest(outDir),
  ]);
  // Only a full run knows which files are no longer generated; a partial one (generate missing,
  // one generator) must not call the others obsolete.
  const isFullRun = !options.generators && !options.onlyPaths;
  const changeSet = await planChanges(generation.files, outDir, manifest, {
    detectObsolete: isFullRun,
  });
  return { generation, changeSet, manifest };
}

/**
 * The files accepted without asking: new files, safe updates, clean merges (everything with
 * `isForce`). `restoreDeleted` also brings back files the user deleted, for requests that ask for
 * exactly that (generate missing, re-rendering one generator).
 */
export function defaultAccepted(
  changeSet: ChangeSet,
  isForce = false,
  restoreDeleted = false,
): Set<string> {
  return new Set(
    changeSet.changes
      .filter((change) => change.status !== 'identical' && change.status !== 'kept')
      .filter(
        (change) =>
          isForce ||
          change.isAcceptedByDefault ||
          (restoreDeleted && change.status === 'deleted-by-user'),
      )
      .map((change) => change.path),
  );
}

export function answersYamlFor(state: WorkflowState, toolVersion: string): string {
  return renderAnswersFile({
    goal: state.plan.goal,
    chain: includedSkills(state),
    answers: selectAnswers(state),
    catalogue: state.catalogue,
    decisions: state.decisions,
    toolVersion,
  });
}

export async function writeProject(input: {
  staged: StagedProject;
  accepted: ReadonlySet<string>;
  answersYaml: string;
  toolVersion: string;
  onWrite?: (path: string, index: number, total: number) => void;
}): Promise<WriteResult> {
  return writeChanges({
    outDir: input.staged.changeSet.outDir,
    changes: input.staged.changeSet.changes,
    accepted: input.accepted,
    answersYaml: input.answersYaml,
    toolVersion: input.toolVersion,
    ...(input.staged.manifest ? { previous: input.staged.manifest } : {}),
    ...(input.onWrite ? { onWrite: input.onWrite } : {}),
  });
}
