import type { ProjectModel } from '../../../source/engine/model/types.js';

/** How many days of event time each incremental run reprocesses to pick up late data. */
export function lookbackDays(model: ProjectModel): number {
  // Streaming data arrives late by minutes to hours (retries, offline clients); batch loads by a
  // day or more when a run fails and is repeated.
  return model.processing === 'batch' ? 3 : 2;
}

export const PROJECT_HEADER = [
  'dbt project: staging (views, the only layer reading sources) → intermediate (ephemeral joins and',
  'business logic) → marts (tables and incremental models the business queries).',
  'Run from the project root: dbt build --project-dir transforms/dbt --profiles-dir transforms/dbt',
];

/** dbt_project.yml. */
export function projectFile(model: ProjectModel): unknown {
  const name = model.snakeName;
  return {
    name,
    version: '1.0.0',
    'config-version': 2,
    // generic-test `arguments:` is parsed from 1.10.5 and the default from 1.10.8.
    'require-dbt-version': '>=1.10.8,<2.0.0',
    profile: name,
    'model-paths': ['models'],
    'seed-paths': ['seeds'],
    'macro-paths': ['macros'],
    'test-paths': ['tests'],
    'analysis-paths': ['analyses'],
    'snapshot-paths': ['snapshots'],
    'target-path': 'target',
    'clean-targets': ['target', 'dbt_packages'],
    vars: {
      raw_schema: 'raw',
      lookback_days: lookbackDays(model),
    },
    models: {
      [name]: {
        staging: { '+materialized': 'view', '+schema': 'staging' },
        intermediate: { '+materialized': 'ephemeral', '+schema': 'intermediate' },
        marts: { '+materialized': 'table', '+schema': 'marts' },
      },
    },
    seeds: {
      [name]: {
        '+schema': 'raw_sample',
        // Sample data is for local builds only: production reads the real raw tables.
        '+enabled': "{{ target.name != 'prod' }}",
      },
    },
    data_tests: {
      [name]: {
        // Keep the failing rows of a failed test in the warehouse for triage (dbt_test__audit).
        '+store_failures': "{{ target.name == 'prod' }}",
      },
    },
  };
}
