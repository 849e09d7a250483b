import type { Contributions, FileSpec, ProjectModel } from '../../types.js';

// Work in progress: orchestration, Python transforms, quality tests, pipeline config.
export function orchestrationFiles(_model: ProjectModel): FileSpec[] {
  return [];
}

export function orchestrationContributions(_model: ProjectModel): Contributions {
  return {};
}
