import type { Contributions, FileSpec, ProjectModel } from '../../types.js';

// Work in progress: the dbt project files (see the generators issue).
export function dbtFiles(_model: ProjectModel): FileSpec[] {
  return [];
}

export function dbtContributions(_model: ProjectModel): Contributions {
  return {};
}
