import type { ProjectModel } from '../../../source/engine/model/types.js';
import { DBT_ADAPTERS, WAREHOUSE_TITLES } from '../../shared/sql-dialect.js';
import { lines, markdownCell } from '../../shared/text.js';
import { strategyFor } from './incremental.js';
import { DBT_ROOT, enrichedEntities, intermediateName, stagingName } from './layout.js';
import { martModels } from './marts/index.js';
import { lookbackDays } from './project-file.js';
import { freshness } from './sources.js';

const MODELING_TITLES: Record<ProjectModel['architecture']['modeling'], string> = {
  dimensional: 'dimensional (star schema): dim_ tables and incremental fct_ tables',
  'data-vault': 'data vault 2.0: hubs, links and satellites with hash keys, insert-only',
  '3nf': 'third normal form: one core table per entity with its primary key',
  'one-big-table': "one big table per fact: the fact with its dimensions' attributes",
};

/** dbt's flags when it runs from the project root, as the orchestrator and the Makefile run it. */
export const FLAGS = `--project-dir ${DBT_ROOT} --profiles-dir ${DBT_ROOT}`;
export const DBT_COMMAND = `dbt build ${FLAGS}`;

/** transforms/dbt/README.md. */
export function dbtReadme(model: ProjectModel): string {
  const warehouse = model.architecture.warehouse;
  const prod = strategyFor(model.transforms.incremental, warehouse);
  const local = strategyFor(model.transforms.incremental, 'duckdb');
  const window = freshness(model);
  return lines(
    `# ${model.title}: dbt project`,
    '',
    `Transforms the raw tables (schema \`raw\`, written by the loaders) into tested, documented marts in ${WAREHOUSE_TITLES[warehouse]}, and into a local DuckDB file for development.`,
    '',
    '## Layers',
    '',
    '| layer | models | materialized | schema | job |',
    '|---|---|---|---|---|',
    `| staging | ${model.entities.map((entity) => `\`${stagingName(entity)}\``).join(', ')} | view | staging | the only layer reading sources: rename, cast to UTC and types, deduplicate at-least-once deliveries |`,
    `| intermediate | ${enrichedEntities(model)
      .map((entity) => `\`${intermediateName(entity)}\``)
      .join(
        ', ',
      )} | ephemeral | — | joins and business logic: entities with their dimensions' attributes and event date |`,
    `| marts | ${martModels(model)
      .map((mart) => `\`${mart.name}\``)
      .join(
        ', ',
      )} | table / incremental | marts | ${markdownCell(MODELING_TITLES[model.architecture.modeling])}; a daily aggregate per fact |`,
    '',
    'Marts are contracted (`contract: {enforced: true}`): a change to a column name or type fails the build instead of breaking dashboards.',
    `Every key is tested unique and not null, every reference with \`relationships\`, every closed set with \`accepted_values\`; \`unit_tests:\` cover the deduplication${model.facts.length > 0 ? ', and the singular tests in `tests/` check that no fact was loaded before it happened (clock skew, time-zone bugs)' : ''}.`,
    '',
    '## Run locally on the sample data',
    '',
    "The seeds in `seeds/` are samples of the raw tables (with re-deliveries, as at-least-once loading produces); `--vars '{raw_schema: raw_sample}'` points the `raw` source at them. From the project root, with `.env` in place (`make env`); `dbt seed` runs first because the unit tests read the columns of the seeded tables:",
    '',
    '```bash',
    'set -a; source .env; set +a          # DUCKDB_PATH and friends',
    'mkdir -p "$(dirname "$DUCKDB_PATH")"',
    `dbt seed ${FLAGS}`,
    `dbt build ${FLAGS} --vars '{raw_schema: raw_sample}'`,
    `dbt docs generate ${FLAGS} && dbt docs serve ${FLAGS}`,
    '```',
    '',
    '`make seed`, `make transform` and `make docs` run the same commands.',
    '',
    '## Run in production',
    '',
    '```bash',
    `dbt source freshness ${FLAGS} --target prod`,
    `${DBT_COMMAND} --target prod`,
    '```',
    '',
    `The orchestrator runs these on its schedule (\`${model.transforms.schedule}\`). The \`prod\` target uses ${DBT_ADAPTERS[warehouse]} and reads its credentials from environment variables (see \`profiles.yml\` and \`.env.example\`). Seeds are disabled on \`prod\`. Unit tests check logic, not data: CI runs them on every change (\`dbt test --select test_type:unit\` after \`dbt seed\`), and a production build may skip them with \`--exclude-resource-type unit_test\`.`,
    '',
    '## Incremental models and late data',
    '',
    model.architecture.modeling === 'data-vault'
      ? `Hubs, links and satellites are insert-only: rows whose hash key (for satellites, hash key and hash diff) is loaded already are skipped and new ones appended (${warehouse === 'bigquery' ? '`merge` on BigQuery, which has no append' : '`append`'}), whatever the incremental strategy answer (\`${model.transforms.incremental}\`): rewriting vault rows would rewrite history.`
      : `Strategy: \`${prod.strategy}\` on ${WAREHOUSE_TITLES[warehouse]}${prod.strategy === local.strategy ? ' and locally' : `, \`${local.strategy}\` on the local DuckDB target`}${prod.substitution ? ` (${prod.substitution})` : ''}${local.substitution && warehouse !== 'duckdb' ? `; locally ${local.substitution}` : ''}.`,
    `Each incremental run reprocesses the last \`lookback_days\` (${lookbackDays(model)}) days before the newest loaded date, so rows arriving that late are ${model.architecture.modeling === 'data-vault' ? 'picked up' : 'merged in'}; older stragglers need \`--full-refresh --select <model>\`.`,
    '',
    '## Freshness',
    '',
    `\`dbt source freshness\` warns when a fact table's newest \`_loaded_at\` is older than ${window.warn_after.count} minutes and fails after ${window.error_after.count} minutes (the freshness SLO); dimension tables only warn after a day without changes.`,
    '',
    '## Conventions',
    '',
    warehouse === 'postgres'
      ? '- Timestamps are instants from staging on (`macros/to_utc_timestamp.sql`): `timestamptz` on Postgres, a UTC timestamp without time zone on the local DuckDB target. Dates of event times are UTC dates (`to_utc_date`), whatever the session TimeZone.'
      : '- Timestamps are UTC without time zone from staging on (`macros/to_utc_timestamp.sql`).',
    '- Custom schemas are used as named (`macros/overrides/generate_schema_name.sql`): `staging`, `marts`, `raw_sample`.',
    '- Cross-warehouse SQL goes through `adapter.dispatch` macros in `macros/` (hash keys, date arithmetic, types).',
    '- dbt 1.10+ syntax: `data_tests:`, generic-test `arguments:`, source `config:` with `freshness` and `loaded_at_field`.',
  );
}
