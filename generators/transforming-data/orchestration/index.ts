import type { Contributions, FileSpec, ProjectModel } from '../../types.js';
import { airflowFiles } from './airflow.js';
import { buildContributions } from './contributions.js';
import { cronFiles } from './cron.js';
import { dagsterFiles } from './dagster.js';
import { renderIntegrationTest } from './integration.js';
import { pipelineConfigFiles } from './pipeline-config.js';
import { prefectFiles } from './prefect.js';
import { pythonTransformFiles } from './python/index.js';
import { renderConftest } from './python/unit-tests.js';
import { qualityFiles } from './quality.js';
import { renderTransformsReadme } from './readme.js';

/**
 * Everything around the dbt project: pipeline configuration, the orchestrator of the answer, the
 * Python transforms, the quality gates and the tests that prove them.
 */
export function orchestrationFiles(model: ProjectModel): FileSpec[] {
  return [
    ...pipelineConfigFiles(model),
    { path: 'transforms/README.md', kind: 'text', render: () => renderTransformsReadme(model) },
    ...orchestratorFiles(model),
    ...pythonTransformFiles(model),
    ...qualityFiles(model),
    { path: 'tests/conftest.py', kind: 'text', render: () => renderConftest(model) },
    ...(model.flags.isAtLeast('advanced')
      ? [
          {
            path: `tests/integration/test_${model.snakeName}_end_to_end.py`,
            kind: 'text' as const,
            render: () => renderIntegrationTest(model),
          },
        ]
      : []),
  ];
}

function orchestratorFiles(model: ProjectModel): FileSpec[] {
  switch (model.transforms.orchestrator) {
    case 'airflow':
      return airflowFiles(model);
    case 'dagster':
      return dagsterFiles(model);
    case 'prefect':
      return prefectFiles(model);
    case 'cron':
      return cronFiles(model);
  }
}

export function orchestrationContributions(model: ProjectModel): Contributions {
  return buildContributions(model);
}
