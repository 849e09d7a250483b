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
 * Snowflake: standard tables, or Snowflake-managed Iceberg tables when the storage is a lake or
 * lakehouse with Iceberg; clustering keys on the facts; informational primary and foreign keys;
 * roles with future grants.
 */

const WAREHOUSE = 'snowflake';

/** The external volume Iceberg tables write to; an account administrator creates it over the lake bucket. */
export function snowflakeExternalVolume(model: ProjectModel): string {
  return `${model.snakeName}_lake`.toUpperCase();
}

function usesIceberg(model: ProjectModel): boolean {
  return model.architecture.storage !== 'warehouse' && model.architecture.tableFormat === 'iceberg';
}

export function snowflakeSchemas(model: ProjectModel): string {
  return lines(
    fileHeader(model, WAREHOUSE, 'Schemas of the three layers.'),
    sqlComment(
      '',
      'Run in the project database (SNOWFLAKE_DATABASE): `make ddl-warehouse` passes it with --database.',
    ),
    usesIceberg(model)
      ? sqlComment(
          `The raw tables are Snowflake-managed Iceberg tables on the external volume ${snowflakeExternalVolume(model)}. An account administrator creates that volume over the lake bucket (CREATE EXTERNAL VOLUME, with the storage integration of your cloud) before this folder runs.`,
        )
      : [],
    LAYERS.map((layer) => [
      '',
      `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(WAREHOUSE, layer.schema)}`,
      `    COMMENT = ${stringLiteral(WAREHOUSE, layer.description)};`,
    ]),
  );
}

export function snowflakeTable(model: ProjectModel, table: RawTable): string {
  const isIceberg = usesIceberg(model);
  const name = qualifiedName(WAREHOUSE, table.schema, table.name);
  const type = (column: RawTable['columns'][number]) =>
    // Iceberg has no time-zone-carrying timestamp: Snowflake maps Iceberg timestamptz to TIMESTAMP_LTZ(6).
    isIceberg && column.type === 'timestamp' ? 'timestamp_ltz(6)' : sqlType(WAREHOUSE, column.type);
  const columns = table.columns.map((column) => {
    const notNull = column.isNullable ? '' : ' NOT NULL';
    const fallback =
      column.name === '_loaded_at' && !isIceberg ? ' DEFAULT CURRENT_TIMESTAMP()' : '';
    return `    ${quoteIdentifier(WAREHOUSE, column.name)} ${type(column)}${notNull}${fallback} COMMENT ${stringLiteral(WAREHOUSE, columnDescription(column))},`;
  });
  const constraints = [
    `    CONSTRAINT ${constraintName(table.name, 'pkey')} PRIMARY KEY (${quoteIdentifier(WAREHOUSE, table.key)})`,
    ...table.foreignKeys.map(
      (foreignKey) =>
        `    CONSTRAINT ${constraintName(table.name, `${foreignKey.column}_fkey`)} FOREIGN KEY (${quoteIdentifier(WAREHOUSE, foreignKey.column)}) REFERENCES ${qualifiedName(WAREHOUSE, table.schema, foreignKey.entity)} (${quoteIdentifier(WAREHOUSE, foreignKey.referencedColumn)})`,
    ),
  ];
  const clusterBy = table.partitionColumn
    ? [
        `TO_DATE(${quoteIdentifier(WAREHOUSE, table.partitionColumn)})`,
        // Snowflake advises three or four clustering expressions at most; the date leads (lowest cardinality).
        ...table.clusterColumns
          .filter((column) => column !== table.partitionColumn)
          .slice(0, 2)
          .map((column) => quoteIdentifier(WAREHOUSE, column)),
      ]
    : [];
  const formatNote = (() => {
    if (model.architecture.storage === 'warehouse') return [];
    if (isIceberg)
      return sqlComment(
        'Snowflake-managed Iceberg table: Parquet data and Iceberg metadata on the external volume, readable by Spark, Trino and DuckDB through the Iceberg catalog. Iceberg tables take no column defaults here: the loader sets _loaded_at.',
      );
    return sqlComment(
      `The ${model.architecture.tableFormat ?? 'lake'} table format is not one Snowflake writes: the lake keeps the ${model.architecture.tableFormat ?? 'lake'} files (written by Spark), and this standard table is the landing copy the Snowflake sink loads. Snowflake reads Delta files read-only through a catalog integration; it does not read Hudi.`,
    );
  })();
  return lines(
    fileHeader(model, WAREHOUSE, `Raw landing table ${table.schema}.${table.name}.`),
    '--',
    sqlComment(...tableParagraphs(model, table, 'snowflake')),
    sqlComment(
      'Keys are informational in Snowflake (only NOT NULL is enforced). They document the grain for BI tools and catalogs. RELY is left off on purpose: raw can hold a redelivered duplicate until staging removes it, so the optimizer must not eliminate joins on these keys.',
    ),
    sqlComment(...relationshipParagraphs(table, true, 'informational')),
    sqlComment(
      table.partitionColumn
        ? `Clustering key (day of ${table.partitionColumn}, then the join keys): micro-partitions prune on date filters and joins. Automatic clustering consumes credits: check SYSTEM$CLUSTERING_INFORMATION once the table holds a few hundred GB, and drop the key if the depth stays low without it.`
        : table.entity.kind === 'dimension'
          ? 'No clustering key: a dimension is small and Snowflake prunes it well in load order.'
          : 'No clustering key (partitioning answer: none): Snowflake prunes micro-partitions in load order.',
    ),
    formatNote,
    `CREATE ${isIceberg ? 'ICEBERG ' : ''}TABLE IF NOT EXISTS ${name} (`,
    columns,
    constraints.join(',\n'),
    ')',
    clusterBy.length > 0 ? `CLUSTER BY (${clusterBy.join(', ')})` : [],
    isIceberg
      ? [
          `EXTERNAL_VOLUME = ${stringLiteral(WAREHOUSE, snowflakeExternalVolume(model))}`,
          `CATALOG = 'SNOWFLAKE'`,
          `BASE_LOCATION = ${stringLiteral(WAREHOUSE, `${table.schema}/${table.name}`)}`,
        ]
      : [],
    `COMMENT = ${stringLiteral(WAREHOUSE, table.entity.description)};`,
  );
}

export function snowflakeAccessControl(model: ProjectModel): string {
  // Unquoted names are stored upper-case in Snowflake; writing them upper-case matches SHOW ROLES.
  const role = (name: string) => name.toUpperCase();
  const { loader, transformer, analyst } = ACCESS_ROLES;
  // SECURITYADMIN has no USAGE on the project database, so the session has no current database:
  // names are qualified through the Snowflake CLI's template variables instead.
  const database = "IDENTIFIER('<% project_database %>')";
  const schema = (name: string) => `IDENTIFIER('<% project_database %>.${name}')`;
  const raw = schema(RAW_SCHEMA);
  const staging = schema(STAGING_SCHEMA);
  const marts = schema(MARTS_SCHEMA);
  const isIceberg = usesIceberg(model);
  return lines(
    fileHeader(model, WAREHOUSE, 'Access control: roles and grants per layer.'),
    sqlComment(
      '',
      'Run as SECURITYADMIN (it creates roles and manages grants). The Snowflake CLI renders the <% … %> variables: `make ddl-access` passes project_database (SNOWFLAKE_DATABASE) and pipeline_warehouse (SNOWFLAKE_WAREHOUSE) with -D.',
      'Users and service users get one of these roles; the pipeline runs as TRANSFORMER (SNOWFLAKE_ROLE). Future grants at schema level take precedence over database-level ones: every grant here is per schema so that no database-level future grant silently stops applying.',
    ),
    '',
    [loader, transformer, analyst].map((item) => [
      `CREATE ROLE IF NOT EXISTS ${role(item.name)} COMMENT = ${stringLiteral(WAREHOUSE, `Functional role of ${item.description}.`)};`,
      '-- Custom roles roll up to SYSADMIN, so administrators keep control of the objects they own.',
      `GRANT ROLE ${role(item.name)} TO ROLE SYSADMIN;`,
    ]),
    '',
    [loader, transformer, analyst].map(
      (item) => `GRANT USAGE ON DATABASE ${database} TO ROLE ${role(item.name)};`,
    ),
    '-- Analysts query through their BI warehouse (granted with the BI tool); the pipeline warehouse serves loads and transformations.',
    `GRANT USAGE ON WAREHOUSE IDENTIFIER('<% pipeline_warehouse %>') TO ROLE ${role(loader.name)};`,
    `GRANT USAGE ON WAREHOUSE IDENTIFIER('<% pipeline_warehouse %>') TO ROLE ${role(transformer.name)};`,
    '',
    '-- loader: writes raw (INSERT for events, UPDATE for the upsert of dimensions). No DELETE: deletions arrive as rows.',
    `GRANT USAGE ON SCHEMA ${raw} TO ROLE ${role(loader.name)};`,
    `GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ${raw} TO ROLE ${role(loader.name)};`,
    `GRANT SELECT, INSERT, UPDATE ON FUTURE TABLES IN SCHEMA ${raw} TO ROLE ${role(loader.name)};`,
    isIceberg
      ? [
          `GRANT SELECT, INSERT, UPDATE ON ALL ICEBERG TABLES IN SCHEMA ${raw} TO ROLE ${role(loader.name)};`,
          `GRANT SELECT, INSERT, UPDATE ON FUTURE ICEBERG TABLES IN SCHEMA ${raw} TO ROLE ${role(loader.name)};`,
        ]
      : [],
    '',
    '-- transformer: reads raw, builds staging and marts.',
    `GRANT USAGE ON SCHEMA ${raw} TO ROLE ${role(transformer.name)};`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA ${raw} TO ROLE ${role(transformer.name)};`,
    `GRANT SELECT ON FUTURE TABLES IN SCHEMA ${raw} TO ROLE ${role(transformer.name)};`,
    isIceberg
      ? [
          `GRANT SELECT ON ALL ICEBERG TABLES IN SCHEMA ${raw} TO ROLE ${role(transformer.name)};`,
          `GRANT SELECT ON FUTURE ICEBERG TABLES IN SCHEMA ${raw} TO ROLE ${role(transformer.name)};`,
        ]
      : [],
    `GRANT USAGE, CREATE TABLE, CREATE VIEW ON SCHEMA ${staging} TO ROLE ${role(transformer.name)};`,
    `GRANT USAGE, CREATE TABLE, CREATE VIEW ON SCHEMA ${marts} TO ROLE ${role(transformer.name)};`,
    '',
    '-- analyst: reads marts only, including the tables and views the transformer creates later.',
    `GRANT USAGE ON SCHEMA ${marts} TO ROLE ${role(analyst.name)};`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA ${marts} TO ROLE ${role(analyst.name)};`,
    `GRANT SELECT ON FUTURE TABLES IN SCHEMA ${marts} TO ROLE ${role(analyst.name)};`,
    `GRANT SELECT ON ALL VIEWS IN SCHEMA ${marts} TO ROLE ${role(analyst.name)};`,
    `GRANT SELECT ON FUTURE VIEWS IN SCHEMA ${marts} TO ROLE ${role(analyst.name)};`,
  );
}
