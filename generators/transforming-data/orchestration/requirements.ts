import type { ProjectModel } from '../../types.js';
import { dbtContributions } from '../dbt/index.js';
import { pythonLibrary } from './plan.js';

/**
 * Python requirements of the pipeline (compatible ranges: patch and minor updates flow in within
 * the major versions whose APIs the generated code uses). dbt's pins come from the dbt generator,
 * so the project has one pin per package.
 */
const LIBRARY_REQUIREMENTS = {
  // pandas 2.2+ and 3.x: copy-on-write semantics, which the transforms rely on (no in-place edits).
  pandas: ['pandas>=2.2,<4'],
  // The polars 1.x API (LazyFrame.collect_schema, replace_strict); 2.x has not been verified here.
  polars: ['polars>=1.30,<2'],
  // Spark 4: Column.try_cast and DataFrame.toArrow.
  pyspark: ['pyspark>=4.0,<5'],
} as const;

export function dbtRequirements(model: ProjectModel): string[] {
  if (!model.flags.usesDbt) return [];
  const fromDbt = (dbtContributions(model).pythonRequirements ?? []).filter((requirement) =>
    requirement.startsWith('dbt-'),
  );
  if (fromDbt.length > 0) return fromDbt;
  const adapters = new Set(['dbt-duckdb', `dbt-${model.architecture.warehouse}`]);
  return ['dbt-core>=1.10,<2', ...[...adapters].map((adapter) => `${adapter}>=1.9,<2`)];
}

/** What the pipeline's steps import or call: the venv of the orchestrator's workers. */
export function pipelineRequirements(model: ProjectModel): string[] {
  const requirements = ['duckdb>=1.3,<2', ...dbtRequirements(model)];
  if (model.flags.usesPythonTransforms)
    requirements.push(...LIBRARY_REQUIREMENTS[pythonLibrary(model)], 'pyarrow>=17,<27');
  if (model.transforms.quality === 'great-expectations')
    requirements.push('great-expectations>=1.5,<2', 'pandas>=2.2,<4');
  // Soda Core 3.x is the open-source SodaCL engine (4.x is a different, contract-based product).
  if (model.transforms.quality === 'soda') requirements.push('soda-core-duckdb>=3.5,<4');
  return [...new Set(requirements)];
}

/** What runs the orchestrator locally, outside its containers (Airflow runs only in its image). */
export function orchestratorRequirements(model: ProjectModel): string[] {
  switch (model.transforms.orchestrator) {
    case 'dagster':
      return [
        'dagster>=1.11,<2',
        'dagster-webserver>=1.11,<2',
        // Run, event and schedule storage of the local instance (transforms/dagster/dagster.yaml).
        'dagster-postgres>=0.27,<1',
        ...(model.flags.usesDbt ? ['dagster-dbt>=0.27,<1'] : []),
      ];
    case 'prefect':
      return ['prefect>=3.4,<4'];
    case 'airflow':
    case 'cron':
      return [];
  }
}
