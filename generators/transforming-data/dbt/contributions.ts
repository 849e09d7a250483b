import type { Contributions, ProjectModel } from '../../types.js';
import { DBT_ADAPTERS } from '../../shared/sql-dialect.js';
import { DBT_ROOT } from './layout.js';
import { FLAGS } from './readme.js';

/**
 * Compatible-release pins on the patch level: dbt-core 1.12 with each adapter's current minor
 * line. `~=1.12.0` takes 1.12.x patches only; a dbt minor can change behaviour (deprecations
 * become errors, materializations change), so moving to the next one is a deliberate change.
 */
export const DBT_CORE_PIN = 'dbt-core~=1.12.0';
const ADAPTER_PINS: Record<string, string> = {
  'dbt-duckdb': '~=1.11.0',
  'dbt-snowflake': '~=1.12.0',
  'dbt-bigquery': '~=1.12.0',
  'dbt-redshift': '~=1.11.0',
  'dbt-databricks': '~=1.12.0',
  'dbt-postgres': '~=1.11.0',
};

const DUCKDB_DIRECTORY =
  '@mkdir -p "$$(dirname "$${DUCKDB_PATH:?set DUCKDB_PATH in .env (make env)}")"';

/** What the dbt project adds to the Makefile, README, runbook, requirements and .gitignore. */
export function dbtContributions(model: ProjectModel): Contributions {
  const adapters = [...new Set(['dbt-duckdb', DBT_ADAPTERS[model.architecture.warehouse]])];
  return {
    makeTargets: [
      {
        name: 'seed',
        help: 'Load the dbt seeds (sample raw data) into the local DuckDB',
        commands: [DUCKDB_DIRECTORY, `dbt seed ${FLAGS}`],
      },
      {
        name: 'transform',
        help: 'Build and test every dbt model on the sample data (local DuckDB)',
        commands: [`dbt build ${FLAGS} --vars '{raw_schema: raw_sample}'`],
        dependsOn: ['seed'],
      },
      {
        name: 'docs',
        help: 'Generate and serve the dbt documentation site',
        commands: [
          DUCKDB_DIRECTORY,
          `dbt docs generate ${FLAGS}`,
          `dbt docs serve ${FLAGS} --port 8088`,
        ],
      },
    ],
    keyFiles: [
      {
        path: `${DBT_ROOT}/dbt_project.yml`,
        description: 'dbt project: layers, materializations, schemas, vars',
      },
      {
        path: `${DBT_ROOT}/profiles.yml`,
        description: 'dbt targets: local DuckDB (default) and prod, credentials from env_var()',
      },
      {
        path: `${DBT_ROOT}/models/`,
        description: 'staging, intermediate and marts models with their tests and docs',
      },
      {
        path: `${DBT_ROOT}/macros/`,
        description:
          'cross-warehouse macros (adapter.dispatch): hash keys, UTC timestamps, date arithmetic',
      },
      { path: `${DBT_ROOT}/seeds/`, description: 'sample raw data for local builds' },
    ],
    nextSteps: [
      { title: 'Build and test the dbt models on the sample data', command: 'make transform' },
      { title: 'Browse the dbt documentation and lineage', command: 'make docs' },
    ],
    gitignore: [
      `${DBT_ROOT}/target/`,
      `${DBT_ROOT}/dbt_packages/`,
      `${DBT_ROOT}/logs/`,
      `${DBT_ROOT}/.user.yml`,
    ],
    pythonRequirements: [
      DBT_CORE_PIN,
      ...adapters.map((adapter) => `${adapter}${ADAPTER_PINS[adapter] ?? '~=1.11.0'}`),
    ],
    readmeSections: [
      {
        title: 'Transformations (dbt)',
        body: [
          `The dbt project in \`${DBT_ROOT}/\` turns the raw tables into staging views, ephemeral intermediate models and contracted marts (${model.architecture.modeling} modeling).`,
          '`make transform` seeds the sample data into the local DuckDB file and runs `dbt build` (models, tests, unit tests) on it; production runs `dbt build --target prod` from the orchestrator.',
          `See [${DBT_ROOT}/README.md](${DBT_ROOT}/README.md) for the layers, incremental strategy and conventions.`,
        ].join('\n\n'),
      },
    ],
    runbook: [
      {
        title: 'A dbt test failed',
        body: [
          '1. Find the test in the run log (`dbt build` prints `FAIL <n> <test name>`) or in `transforms/dbt/target/run_results.json`.',
          `2. Show the failing rows: \`dbt test ${FLAGS} --select <test name> --store-failures\`, then query the table it names in the \`dbt_test__audit\` schema (production stores failures there on every run).`,
          '3. `unique` on a staging key: the loader re-delivered rows and the deduplication did not catch them — check `_loaded_at` of the duplicates in the raw table. `relationships`: a fact arrived before its dimension; it resolves on the next run once the dimension lands, otherwise fix the source.',
          '4. Downstream models were skipped: after the fix, `dbt build --select <model>+` rebuilds the model and everything after it.',
        ].join('\n'),
      },
      {
        title: 'dbt source freshness breached',
        body: [
          `1. \`dbt source freshness ${FLAGS} --target prod\` names the stale raw tables and their newest \`_loaded_at\`.`,
          model.flags.hasStreaming
            ? '2. Check the loaders: consumer lag of the topic, the sink connector or consumer status, and its dead-letter queue.'
            : '2. Check the last run of the loader (orchestrator logs) and whether the source system delivered.',
          '3. Marts built from a stale source are stale too: once data flows again, the next scheduled `dbt build` catches up; incremental models reprocess their lookback window.',
          '4. Data older than the lookback window (`lookback_days` in dbt_project.yml) needs `dbt build --select <model> --full-refresh`.',
        ].join('\n'),
      },
    ],
  };
}
