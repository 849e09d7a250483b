import type { ProjectModel } from '../../model/types.js';

/**
 * Layer 3 of validation (DESIGN §6): checks on the real files. Each check reads the project
 * through `ProjectFiles` (disk or the staged change set) and reports problems; a check that
 * cannot run says so instead of passing.
 */
export interface ProjectFiles {
  /** Every file path, relative, forward slashes. */
  paths(): readonly string[];
  read(path: string): string | undefined;
}

export interface DomainProblem {
  path?: string;
  line?: number;
  message: string;
}

export interface DomainCheck {
  id: string;
  title: string;
  /** The skill whose node shows it in the validation tree, or `chain`. */
  skill: string;
  /** Whether the check is relevant for this project (e.g. dbt checks only with dbt). */
  appliesTo(model: ProjectModel): boolean;
  run(files: ProjectFiles, model: ProjectModel): Promise<DomainProblem[]> | DomainProblem[];
}

export interface DomainCheckResult {
  id: string;
  title: string;
  skill: string;
  status: 'passed' | 'failed' | 'not-run';
  problems: DomainProblem[];
  /** Why it did not run. */
  reason?: string;
}

export function filesFromMap(files: ReadonlyMap<string, string>): ProjectFiles {
  const paths = [...files.keys()].sort();
  return { paths: () => paths, read: (path) => files.get(path) };
}
