import type { ProjectModel, Warehouse } from '../../source/engine/model/types.js';
import { WAREHOUSE_TITLES } from '../shared/sql-dialect.js';
import type { Contributions, MakeTarget } from '../types.js';
import { ddlFolder } from './ddl/index.js';
import { PARTITION_FUNCTION } from './ddl/postgres.js';
import { MODELING_TITLES, STORAGE_TITLES, TABLE_FORMAT_TITLES } from './marts.js';
import { rawTables } from './raw-tables.js';
import { APPLY_LOCAL_PATH, RENDER_SQL_PATH } from './scripts.js';

/**
 * What architecting-data adds to the shared files: make targets that apply the DDL, the key
 * files, the next steps, a README section and runbook entries.
 */

const POSTGRES_CONNECTION =
  '"host=$$POSTGRES_HOST port=$$POSTGRES_PORT dbname=$$POSTGRES_DB user=$$POSTGRES_USER"';
const REDSHIFT_CONNECTION =
  '"host=$$REDSHIFT_HOST port=$$REDSHIFT_PORT dbname=$$REDSHIFT_DATABASE user=$$REDSHIFT_USER sslmode=require"';
const POSTGRES_PSQL = `PGPASSWORD="$$POSTGRES_PASSWORD" psql ${POSTGRES_CONNECTION} -v ON_ERROR_STOP=1 -q`;
const REDSHIFT_PSQL = `PGPASSWORD="$$REDSHIFT_PASSWORD" psql ${REDSHIFT_CONNECTION} -v ON_ERROR_STOP=1 -q`;
const SNOW_CONNECTION =
  'snow sql --temporary-connection --account "$$SNOWFLAKE_ACCOUNT" --user "$$SNOWFLAKE_USER" --authenticator SNOWFLAKE_JWT --private-key-file "$$SNOWFLAKE_PRIVATE_KEY_PATH"';
const DBSQLCLI =
  'DBSQLCLI_HOST_NAME="$$DATABRICKS_HOST" DBSQLCLI_HTTP_PATH="$$DATABRICKS_HTTP_PATH" DBSQLCLI_ACCESS_TOKEN="$$DATABRICKS_TOKEN" dbsqlcli';
const BQ_QUERY =
  'bq query --quiet --use_legacy_sql=false --project_id="$$GCP_PROJECT_ID" --location="$$BIGQUERY_LOCATION"';

/** The shell command that runs one DDL file ("$$file") against the warehouse. */
function runFile(warehouse: Exclude<Warehouse, 'duckdb'>, isAdmin: boolean): string {
  switch (warehouse) {
    case 'postgres':
      return `${POSTGRES_PSQL} -f "$$file"`;
    case 'redshift':
      return `${REDSHIFT_PSQL} -f "$$file"`;
    case 'snowflake':
      return isAdmin
        ? `${SNOW_CONNECTION} --role SECURITYADMIN -D project_database="$$SNOWFLAKE_DATABASE" -D pipeline_warehouse="$$SNOWFLAKE_WAREHOUSE" --filename "$$file"`
        : `${SNOW_CONNECTION} --role "$$SNOWFLAKE_ROLE" --warehouse "$$SNOWFLAKE_WAREHOUSE" --database "$$SNOWFLAKE_DATABASE" --filename "$$file"`;
    case 'bigquery':
      return `python ${RENDER_SQL_PATH} "$$file" | ${BQ_QUERY}`;
    case 'databricks':
      return `sql="$$(python ${RENDER_SQL_PATH} "$$file")"; ${DBSQLCLI} -e "$$sql"`;
  }
}

function warehouseTargets(model: ProjectModel): MakeTarget[] {
  const warehouse = model.architecture.warehouse;
  if (warehouse === 'duckdb') return [];
  const folder = ddlFolder(warehouse);
  const title = WAREHOUSE_TITLES[warehouse];
  const accessCommands =
    warehouse === 'redshift'
      ? [
          `@if [ "$$(${REDSHIFT_PSQL} -tA -c "SELECT count(*) FROM svv_roles WHERE role_name = 'loader'")" = "0" ]; then echo "applying ${folder}/90_roles.sql"; ${REDSHIFT_PSQL} -f ${folder}/90_roles.sql; fi`,
          `@echo "applying ${folder}/91_access_control.sql"; ${REDSHIFT_PSQL} -f ${folder}/91_access_control.sql`,
        ]
      : [
          `@for file in ${folder}/9*.sql; do echo "applying $$file"; ${runFile(warehouse, true)}; done`,
        ];
  return [
    {
      name: 'ddl-warehouse',
      help: `Create the schemas and raw tables in ${title} (idempotent; re-run after pulling DDL changes)`,
      commands: [
        `@for file in ${folder}/[0-8]*.sql; do echo "applying $$file"; ${runFile(warehouse, false)}; done`,
      ],
      dependsOn: ['env'],
    },
    {
      name: 'ddl-access',
      help: `Create the roles and grants in ${title} (run as an administrator)`,
      commands: accessCommands,
      dependsOn: ['env'],
    },
  ];
}

export function architectureContributions(model: ProjectModel): Contributions {
  const { storage, warehouse, modeling, tableFormat } = model.architecture;
  const tables = rawTables(model);
  const partitioned = tables.filter((table) => table.partitionColumn !== null);
  const isPostgresPartitioned = warehouse === 'postgres' && partitioned.length > 0;
  const title = WAREHOUSE_TITLES[warehouse];
  return {
    makeTargets: [
      {
        name: 'ddl-local',
        help: 'Create the schemas and raw tables in the local DuckDB (DUCKDB_PATH)',
        commands: [`python ${APPLY_LOCAL_PATH}`],
      },
      ...warehouseTargets(model),
    ],
    keyFiles: [
      {
        path: 'architecture/README.md',
        description:
          'data platform design: storage paradigm, modeling, partitioning, governance summary',
      },
      { path: 'architecture/erd.mmd', description: 'entities, keys and relationships (Mermaid)' },
      {
        path: 'architecture/lineage.md',
        description: 'lineage from source to marts, with key and PII columns',
      },
      {
        path: 'architecture/governance.md',
        description: 'catalog, ownership, classification, access control, retention',
      },
      { path: 'architecture/decisions/', description: 'architecture decision records' },
      ...(warehouse !== 'duckdb'
        ? [
            {
              path: `${ddlFolder(warehouse)}/`,
              description: `${title} DDL: schemas, raw tables, access control`,
            },
          ]
        : []),
      {
        path: `${ddlFolder('duckdb')}/`,
        description: 'local DuckDB DDL: the same schemas and raw tables',
      },
    ],
    nextSteps: [
      { title: 'Create the raw tables in the local DuckDB', command: 'make ddl-local' },
      ...(warehouse !== 'duckdb'
        ? [
            {
              title: `Create the schemas and raw tables in ${title}`,
              command: 'make ddl-warehouse',
            },
            {
              title: `Create the roles and grants in ${title} (as an administrator)`,
              command: 'make ddl-access',
            },
          ]
        : []),
    ],
    readmeSections: [
      {
        title: 'Data architecture',
        body: [
          `${STORAGE_TITLES[storage]} on ${title}${storage !== 'warehouse' && tableFormat ? ` with ${TABLE_FORMAT_TITLES[tableFormat]} tables` : ''}, DuckDB as the local target; ${MODELING_TITLES[modeling].toLowerCase()} marts. Three schemas: \`raw\` (one landing table per entity: ${tables.map((table) => `\`raw.${table.name}\``).join(', ')}), \`staging\` and \`marts\`, each written by one role.`,
          '',
          'The design, the decision records, the ER diagram, the lineage and the governance rules are in [architecture/](architecture/README.md); `make ddl-local` creates the raw tables locally.',
        ].join('\n'),
      },
    ],
    runbook: [
      {
        title: 'A raw load fails on NOT NULL or a duplicate key',
        body: [
          'Symptom: the loader logs a constraint error (null value in a required column, duplicate key) and the record goes to the dead-letter topic or the batch stops.',
          '',
          '1. Read the rejected record (DLQ or the batch file) and find the column: the raw tables declare NOT NULL only on columns the source guarantees.',
          '2. A null in a required column is a producer bug: fix it at the source and replay the record. Never relax the column to get the load through.',
          '3. A duplicate key on a fact means the loader is not skipping redeliveries: check that it inserts with ON CONFLICT DO NOTHING (or MERGE) on the entity key.',
        ].join('\n'),
      },
      {
        title: 'A source adds or changes a column',
        body: [
          `1. Add the column to the entity in both DDL folders (${ddlFolder(warehouse)}/${warehouse !== 'duckdb' ? ` and ${ddlFolder('duckdb')}/` : ''}) as a nullable column at the end, and as ALTER TABLE … ADD COLUMN for the existing tables.`,
          '2. Update the staging model and its documentation in the same pull request; run `make ddl-local` and the transformation tests.',
          '3. A type change is a new column plus a backfill, never an in-place ALTER … TYPE on a raw table that loaders write to.',
        ].join('\n'),
      },
      ...(isPostgresPartitioned
        ? [
            {
              title: 'Rows in a default partition',
              body: [
                `Symptom: \`SELECT count(*) FROM raw.<table>_default\` is not zero, or \`make ddl-warehouse\` fails in ${PARTITION_FUNCTION} with "updated partition constraint for default partition would be violated".`,
                '',
                'Cause: rows arrived for a period without a partition (the maintenance window fell behind, or events carry far-past or future timestamps).',
                '',
                "1. Find the periods: `SELECT date_trunc('month', <partition column>), count(*) FROM raw.<table>_default GROUP BY 1`.",
                '2. In one transaction: `ALTER TABLE raw.<table> DETACH PARTITION raw.<table>_default`, create the missing partitions (`make ddl-warehouse`), `INSERT INTO raw.<table> SELECT * FROM raw.<table>_default`, `TRUNCATE raw.<table>_default`, `ALTER TABLE raw.<table> ATTACH PARTITION raw.<table>_default DEFAULT`.',
                '3. Schedule `make ddl-warehouse` (or the SELECT statements of the table files) daily so the window stays ahead of the data.',
              ].join('\n'),
            },
          ]
        : []),
      {
        title: 'The local DuckDB has no raw tables, or is locked',
        body: [
          '`make ddl-local` creates them (idempotent). "Could not set lock on file" means another process holds the database: DuckDB allows one writer process at a time. Stop the other process (a notebook, a running consumer, the dbt run) and retry.',
        ].join('\n'),
      },
    ],
  };
}
