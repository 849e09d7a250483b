import type { ProjectModel } from '../../../source/engine/model/types.js';
import { ACCESS_ROLES } from '../../shared/data-architecture.js';
import { WAREHOUSE_TITLES } from '../../shared/sql-dialect.js';
import { lines, markdownCell } from '../../shared/text.js';
import { accessControlFiles, ddlFolder } from '../ddl/index.js';
import { MODELING_TITLES, STORAGE_TITLES, TABLE_FORMAT_TITLES, entityFlows } from '../marts.js';
import { rawTables } from '../raw-tables.js';
import { decisionPath, decisionRecords } from './decisions.js';
import { tableLayout } from './layout.js';
import {
  MODELING_WHY,
  PARTITIONING_WHY,
  STORAGE_WHY,
  TABLE_FORMAT_WHY,
  WAREHOUSE_WHY,
  tableFormatSupport,
  warehouseCautions,
} from './rationale.js';

/** architecture/README.md: the platform design in one page, linking the details. */

const PREREQUISITES: Record<ProjectModel['architecture']['warehouse'], string> = {
  snowflake:
    'the Snowflake CLI (`pip install snowflake-cli`; `snow sql`), with the key-pair of SNOWFLAKE_USER',
  bigquery:
    'the Google Cloud CLI (`bq`), authenticated with `gcloud auth application-default login` or GOOGLE_APPLICATION_CREDENTIALS',
  redshift: '`psql` (PostgreSQL client 15 or later) with network access to REDSHIFT_HOST',
  databricks: 'the Databricks SQL CLI (`pip install databricks-sql-cli`; `dbsqlcli`)',
  postgres: '`psql` (PostgreSQL client 15 or later)',
  duckdb: 'nothing beyond the project requirements (`pip install -r requirements.txt`)',
};

export function renderArchitectureReadme(model: ProjectModel): string {
  const { storage, warehouse, modeling, tableFormat, partitioning } = model.architecture;
  const flows = entityFlows(model);
  const tables = rawTables(model);
  const decisions = decisionRecords(model);
  const cautions = warehouseCautions(model);
  const isLake = storage !== 'warehouse';
  const accessFiles = accessControlFiles(model);
  return lines(
    `# Data architecture: ${model.title}`,
    '',
    'Where the data lives, how it is shaped and who may touch it. Every other part of the project',
    'builds on this: the loaders write the raw tables created here, the transformations read them,',
    'the marts follow the modeling approach below.',
    '',
    '| decision | choice |',
    '|---|---|',
    `| storage paradigm | ${STORAGE_TITLES[storage]} |`,
    `| warehouse (production) | ${WAREHOUSE_TITLES[warehouse]} |`,
    `| local target | DuckDB (\`${ddlFolder('duckdb')}/\`, DUCKDB_PATH) |`,
    `| modeling | ${MODELING_TITLES[modeling]} |`,
    isLake && tableFormat ? `| table format | ${TABLE_FORMAT_TITLES[tableFormat]} |` : [],
    `| partitioning | ${partitioning === 'none' ? 'none' : `${partitioning} (facts)`} |`,
    '',
    '## Storage paradigm',
    '',
    `**${STORAGE_TITLES[storage]}.** ${STORAGE_WHY[storage]}`,
    '',
    `Decision rule applied: BI and reporting only → warehouse; machine learning on raw files → lake or lakehouse; both → lakehouse. The full reasoning and the alternatives are in [0001](decisions/0001-storage-and-warehouse.md).`,
    '',
    '## Warehouse and local target',
    '',
    `**${WAREHOUSE_TITLES[warehouse]}** in production. ${WAREHOUSE_WHY[warehouse]}`,
    '',
    warehouse === 'duckdb'
      ? 'DuckDB is also the local target: development runs against its own database file (DUCKDB_PATH), created by `make ddl-local`.'
      : `**DuckDB** locally: the same schemas and raw tables in an embedded database (DUCKDB_PATH), so the loaders, the transformations and the tests run on a laptop. \`${ddlFolder(warehouse)}/\` holds the production DDL, \`${ddlFolder('duckdb')}/\` the local one; they describe the same tables.`,
    cautions.length > 0 ? ['', cautions.map((caution) => `> ${caution}`)] : [],
    '',
    '## Layers',
    '',
    '| schema | holds | written by | read by |',
    '|---|---|---|---|',
    `| raw | one landing table per entity, plus ingestion metadata (\`_loaded_at\`${model.flags.hasStreaming ? ', topic, partition, offset' : ''}) | ${ACCESS_ROLES.loader.name} | ${ACCESS_ROLES.transformer.name} |`,
    `| staging | one view per raw table: renamed, typed, deduplicated | ${ACCESS_ROLES.transformer.name} | ${ACCESS_ROLES.transformer.name} |`,
    `| marts | the modelled tables below | ${ACCESS_ROLES.transformer.name} | ${ACCESS_ROLES.analyst.name} |`,
    '',
    model.flags.hasStreaming && model.streaming.cdc !== 'none'
      ? 'Raw tables keep the source columns as delivered (typed, not cleaned). Every table is captured by CDC,\nso each holds the latest state per key (Debezium publishes every change of a row). Keys are declared on every raw'
      : 'Raw tables keep the source columns as delivered (typed, not cleaned). Facts are immutable events\ninserted once per key; dimensions hold the latest state per key. Keys are declared on every raw',
    'table; relationships are declared where the engine treats them as information only, and tested by',
    'the transformations everywhere. Raw tables use the natural keys of the sources: surrogate keys, where',
    'a model needs them, are hashes computed by the transformations, so no sequence or serial column',
    'ties a load to the order rows arrive in.',
    '',
    '## Modeling',
    '',
    `**${MODELING_TITLES[modeling]}.** ${MODELING_WHY[modeling]}`,
    '',
    'What the marts will be:',
    '',
    '| entity | kind | staging | marts |',
    '|---|---|---|---|',
    flows.map(
      (flow) =>
        `| ${flow.entity.name} | ${flow.entity.kind} | \`${flow.staging.name}\` | ${markdownCell(flow.marts.map((mart) => `\`${mart.name}\` (${mart.description})`).join('; ') || 'joined into the wide tables that reference it')} |`,
    ),
    '',
    'Relationships between the entities are drawn in [erd.mmd](erd.mmd); the path of every table and',
    'key from source to mart in [lineage.md](lineage.md).',
    '',
    '## Partitioning',
    '',
    PARTITIONING_WHY[partitioning],
    '',
    `| raw table | ${WAREHOUSE_TITLES[warehouse]} |`,
    '|---|---|',
    tables.map(
      (table) =>
        `| \`raw.${table.name}\` (${table.entity.kind}) | ${markdownCell(tableLayout(model, warehouse, table))} |`,
    ),
    isLake && tableFormat
      ? [
          '',
          '## Table format',
          '',
          `**${TABLE_FORMAT_TITLES[tableFormat]}.** ${TABLE_FORMAT_WHY[tableFormat]}`,
          '',
          `- ${WAREHOUSE_TITLES[warehouse]}: ${tableFormatSupport(warehouse, tableFormat)}`,
          warehouse !== 'duckdb'
            ? `- DuckDB (local): ${tableFormatSupport('duckdb', tableFormat)}`
            : [],
        ]
      : [],
    '',
    '## Governance',
    '',
    `Summary of [governance.md](governance.md): the technical catalog is ${warehouse === 'duckdb' || warehouse === 'postgres' ? 'the database comments plus the dbt docs site' : `the ${WAREHOUSE_TITLES[warehouse]} catalog, fed by the comments and descriptions of the DDL`}; raw belongs to the data platform, staging and marts to analytics engineering; personal data is hashed at the source and classified Confidential; access control is by role per layer (${Object.values(
      ACCESS_ROLES,
    )
      .map((role) => role.name)
      .join(
        ', ',
      )})${accessFiles.length > 0 ? `, implemented in ${accessFiles.map((file) => `\`${file.replace('architecture/', '')}\``).join(' and ')}` : ''}; retention and lineage are stated per dataset.`,
    '',
    '## Decisions',
    '',
    '| record | decision |',
    '|---|---|',
    decisions.map(
      (item) =>
        `| [${item.number}](${decisionPath(item).replace('architecture/', '')}) | ${markdownCell(item.title)} |`,
    ),
    '',
    '## Applying the DDL',
    '',
    '```sh',
    'make ddl-local        # schemas and raw tables in the local DuckDB (DUCKDB_PATH)',
    warehouse !== 'duckdb'
      ? [
          `make ddl-warehouse    # the same in ${WAREHOUSE_TITLES[warehouse]}, with the credentials of .env`,
          'make ddl-access       # roles and grants, as an administrator',
        ]
      : [],
    '```',
    '',
    `Every file is idempotent${warehouse === 'redshift' ? ' (except the role creation, which `make ddl-access` runs only once)' : ''}: re-run the targets after pulling a change. Production needs ${PREREQUISITES[warehouse]}.`,
    '',
    '## Files',
    '',
    '- `erd.mmd`: entities, keys and relationships (Mermaid erDiagram).',
    '- `lineage.md`: source → raw → staging → marts, column notes for keys and PII.',
    '- `governance.md`: catalog, ownership, classification, access control, retention.',
    '- `decisions/`: the architecture decision records.',
    warehouse !== 'duckdb'
      ? `- \`ddl/${warehouse}/\`: production DDL (${WAREHOUSE_TITLES[warehouse]}).`
      : [],
    '- `ddl/duckdb/`: local DDL, applied by `ddl/apply_local.py`.',
    warehouse === 'bigquery' || warehouse === 'databricks'
      ? `- \`ddl/render_sql.py\`: substitutes ${warehouse === 'bigquery' ? 'GCP_PROJECT_ID' : 'DATABRICKS_CATALOG'} in the production DDL from the environment before it runs.`
      : [],
  );
}
