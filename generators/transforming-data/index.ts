import type { Contributions, GeneratorDefinition } from '../types.js';
import { dbtContributions, dbtFiles } from './dbt/index.js';
import { orchestrationContributions, orchestrationFiles } from './orchestration/index.js';

/**
 * transforming-data: the dbt project (dbt/) and everything that runs around it: orchestration,
 * Python transforms, data-quality and unit tests, pipeline configuration (orchestration/).
 */
export const transformingDataGenerator: GeneratorDefinition = {
  name: 'transforming-data',
  description:
    'dbt models, tests and seeds; orchestration; Python transforms; quality tests; pipeline config',
  files: (model) => [...(model.flags.usesDbt ? dbtFiles(model) : []), ...orchestrationFiles(model)],
  contributions: (model) =>
    mergeContributions(
      model.flags.usesDbt ? dbtContributions(model) : {},
      orchestrationContributions(model),
    ),
};

function mergeContributions(...parts: Contributions[]): Contributions {
  const merged: Required<Contributions> = {
    composeServices: {},
    composeVolumes: [],
    makeTargets: [],
    keyFiles: [],
    nextSteps: [],
    gitignore: [],
    pythonRequirements: [],
    readmeSections: [],
    runbook: [],
    kustomizeResources: [],
  };
  for (const part of parts) {
    Object.assign(merged.composeServices, part.composeServices ?? {});
    merged.composeVolumes.push(...(part.composeVolumes ?? []));
    merged.makeTargets.push(...(part.makeTargets ?? []));
    merged.keyFiles.push(...(part.keyFiles ?? []));
    merged.nextSteps.push(...(part.nextSteps ?? []));
    merged.gitignore.push(...(part.gitignore ?? []));
    merged.pythonRequirements.push(...(part.pythonRequirements ?? []));
    merged.readmeSections.push(...(part.readmeSections ?? []));
    merged.runbook.push(...(part.runbook ?? []));
    merged.kustomizeResources.push(...(part.kustomizeResources ?? []));
  }
  return merged;
}
