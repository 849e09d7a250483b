import type { ProjectModel } from '../../../source/engine/model/types.js';
import {
  ACCESS_ROLES,
  MARTS_SCHEMA,
  RAW_SCHEMA,
  STAGING_SCHEMA,
} from '../../shared/data-architecture.js';
import { sqlType } from '../../shared/sql-dialect.js';
import { lines } from '../../shared/text.js';
import type { RawTable } from '../raw-tables.js';
import {
  constraintName,
  qualifiedName,
  quoteIdentifier,
  sqlComment,
  stringLiteral,
} from './dialect.js';
import {
  columnDescription,
  fileHeader,
  relationshipParagraphs,
  tableParagraphs,
} from './documentation.js';
import { LAYERS } from './schemas.js';

/**
 * BigQuery: datasets per layer; tables partitioned by day and clustered on the join keys, or
 * BigLake Iceberg tables (clustering only) for an Iceberg lake; informational keys; IAM roles
 * granted per dataset with DCL.
 *
 * Files that name the GCP project hold `${GCP_PROJECT_ID}`: `make ddl-warehouse` and
 * `make ddl-access` substitute it from .env before `bq query` runs them.
 */

const WAREHOUSE = 'bigquery';

function usesIceberg(model: ProjectModel): boolean {
  return model.architecture.storage !== 'warehouse' && model.architecture.tableFormat === 'iceberg';
}

/** Service accounts of the three roles, in the project of the datasets. */
export function bigqueryPrincipal(role: string): string {
  return `serviceAccount:${role}@\${GCP_PROJECT_ID}.iam.gserviceaccount.com`;
}

export function bigquerySchemas(model: ProjectModel): string {
  return lines(
    fileHeader(model, WAREHOUSE, 'Datasets of the three layers.'),
    sqlComment(
      '',
      'Datasets are created in the location `bq query --location` runs in (BIGQUERY_LOCATION); every dataset of the project must share it, because a query cannot join across locations.',
    ),
    LAYERS.map((layer) => [
      '',
      `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(WAREHOUSE, layer.schema)}`,
      `    OPTIONS (description = ${stringLiteral(WAREHOUSE, layer.description)});`,
    ]),
  );
}

export function bigqueryTable(model: ProjectModel, table: RawTable): string {
  const isIceberg = usesIceberg(model);
  const name = qualifiedName(WAREHOUSE, table.schema, table.name);
  const columns = table.columns.map((column) => {
    const fallback =
      column.name === '_loaded_at' && !isIceberg ? ' DEFAULT CURRENT_TIMESTAMP()' : '';
    const notNull = column.isNullable ? '' : ' NOT NULL';
    return `    ${quoteIdentifier(WAREHOUSE, column.name)} ${sqlType(WAREHOUSE, column.type).toUpperCase()}${fallback}${notNull} OPTIONS (description = ${stringLiteral(WAREHOUSE, columnDescription(column))})`;
  });
  const constraints = isIceberg
    ? []
    : [
        `    PRIMARY KEY (${quoteIdentifier(WAREHOUSE, table.key)}) NOT ENFORCED`,
        ...table.foreignKeys.map(
          (foreignKey) =>
            `    CONSTRAINT ${constraintName(table.name, `${foreignKey.column}_fkey`)} FOREIGN KEY (${quoteIdentifier(WAREHOUSE, foreignKey.column)}) REFERENCES ${qualifiedName(WAREHOUSE, table.schema, foreignKey.entity)} (${quoteIdentifier(WAREHOUSE, foreignKey.referencedColumn)}) NOT ENFORCED`,
        ),
      ];
  // BigLake Iceberg tables cannot be partitioned: the partition column leads their clustering instead.
  const clusterColumns = (
    isIceberg && table.partitionColumn
      ? [table.partitionColumn, ...table.clusterColumns]
      : table.clusterColumns
  )
    .filter(
      (column, index, all) =>
        all.indexOf(column) === index && (isIceberg || column !== table.partitionColumn),
    )
    .slice(0, 4);
  const layoutNote = isIceberg
    ? sqlComment(
        `BigLake Iceberg table: data and Iceberg metadata live in the lake bucket (gs://\${GCP_PROJECT_ID}-lake), written through the project's default Cloud resource connection, which needs Storage Object User on that bucket. These tables take clustering but not partitioning, and no key constraints or column defaults: the loader sets _loaded_at, staging deduplicates.`,
      )
    : sqlComment(
        table.partitionColumn
          ? `Partitioned by day of ${table.partitionColumn} and clustered on ${clusterColumns.join(', ') || table.key}: queries filtering on the date read only their partitions, and the clustering sorts blocks for the joins. No require_partition_filter: the staging views read whole tables to deduplicate.`
          : `Clustered on ${clusterColumns.join(', ') || table.key}${table.entity.kind === 'dimension' ? ' (a dimension is not partitioned: it is updated in place and stays small)' : ' (partitioning answer: none)'}.`,
        'Keys are NOT ENFORCED (BigQuery never enforces them) but the optimizer trusts them to eliminate joins: the load contract above keeps them true, staging removes any duplicate left by a redelivery.',
      );
  const formatNote =
    model.architecture.storage !== 'warehouse' && !isIceberg
      ? sqlComment(
          `The lake keeps ${model.architecture.tableFormat ?? 'its'} files written by Spark; BigQuery reads Delta Lake through BigLake external tables (read-only) and Hudi through its BigQuery sync. This native table is the landing copy the sink loads.`,
        )
      : [];
  return lines(
    fileHeader(model, WAREHOUSE, `Raw landing table ${table.schema}.${table.name}.`),
    '--',
    sqlComment(...tableParagraphs(model, table, 'bigquery')),
    sqlComment(
      ...(isIceberg
        ? relationshipParagraphs(
            table,
            false,
            'BigLake Iceberg tables take no key constraints; the staging tests check them',
          )
        : relationshipParagraphs(table, true, 'informational: NOT ENFORCED')),
    ),
    layoutNote,
    formatNote,
    `CREATE TABLE IF NOT EXISTS ${name} (`,
    [...columns, ...constraints].join(',\n'),
    ')',
    table.partitionColumn && !isIceberg
      ? `PARTITION BY DATE(${quoteIdentifier(WAREHOUSE, table.partitionColumn)})`
      : [],
    `CLUSTER BY ${(clusterColumns.length > 0 ? clusterColumns : [table.key]).map((column) => quoteIdentifier(WAREHOUSE, column)).join(', ')}`,
    isIceberg ? 'WITH CONNECTION DEFAULT' : [],
    'OPTIONS (',
    isIceberg
      ? [
          `    file_format = 'PARQUET',`,
          `    table_format = 'ICEBERG',`,
          `    storage_uri = ${stringLiteral(WAREHOUSE, `gs://\${GCP_PROJECT_ID}-lake/${table.schema}/${table.name}`)},`,
        ]
      : [],
    `    description = ${stringLiteral(WAREHOUSE, table.entity.description)}`,
    ');',
  );
}

export function bigqueryAccessControl(model: ProjectModel): string {
  const { loader, transformer, analyst } = ACCESS_ROLES;
  const dataset = (schema: string) => quoteIdentifier(WAREHOUSE, schema);
  const grant = (role: string, schema: string, principal: string) =>
    `GRANT \`${role}\` ON SCHEMA ${dataset(schema)} TO ${JSON.stringify(bigqueryPrincipal(principal))};`;
  return lines(
    fileHeader(model, WAREHOUSE, 'Access control: IAM roles per dataset.'),
    sqlComment(
      '',
      'Principals are the service accounts loader, transformer and analyst of the project (${GCP_PROJECT_ID} is substituted from .env). People get the analyst grants through a Google group: add a line with the group: principal next to the analyst service account. Running queries also needs roles/bigquery.jobUser on the project, granted with the project IAM policy (Terraform or gcloud), not per dataset.',
    ),
    '',
    '-- loader: writes raw.',
    grant('roles/bigquery.dataEditor', RAW_SCHEMA, loader.name),
    '',
    '-- transformer: reads raw, builds staging and marts.',
    grant('roles/bigquery.dataViewer', RAW_SCHEMA, transformer.name),
    grant('roles/bigquery.dataEditor', STAGING_SCHEMA, transformer.name),
    grant('roles/bigquery.dataEditor', MARTS_SCHEMA, transformer.name),
    '',
    '-- analyst: reads marts only.',
    grant('roles/bigquery.dataViewer', MARTS_SCHEMA, analyst.name),
  );
}
