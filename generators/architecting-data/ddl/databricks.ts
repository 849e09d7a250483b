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
 * Databricks SQL on Unity Catalog: Delta tables with liquid clustering (or managed Iceberg tables
 * partitioned by the same columns, which Unity Catalog turns into clustering keys), informational
 * keys, PII tags, and grants to account groups.
 *
 * The catalog comes from DATABRICKS_CATALOG: `${DATABRICKS_CATALOG}` is substituted from .env by
 * the make targets before the statements run.
 */

const WAREHOUSE = 'databricks';
const USE_CATALOG = 'USE CATALOG `${DATABRICKS_CATALOG}`;';

function tableFormat(model: ProjectModel): 'delta' | 'iceberg' {
  return model.architecture.storage !== 'warehouse' && model.architecture.tableFormat === 'iceberg'
    ? 'iceberg'
    : 'delta';
}

export function databricksSchemas(model: ProjectModel): string {
  return lines(
    fileHeader(model, WAREHOUSE, 'Schemas of the three layers, in the project catalog.'),
    '',
    USE_CATALOG,
    LAYERS.map((layer) => [
      '',
      `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(WAREHOUSE, layer.schema)}`,
      `COMMENT ${stringLiteral(WAREHOUSE, layer.description)};`,
    ]),
  );
}

export function databricksTable(model: ProjectModel, table: RawTable): string {
  const format = tableFormat(model);
  const isDelta = format === 'delta';
  const name = qualifiedName(WAREHOUSE, table.schema, table.name);
  const columns = table.columns.map((column) => {
    const notNull = column.isNullable ? '' : ' NOT NULL';
    return `    ${quoteIdentifier(WAREHOUSE, column.name)} ${sqlType(WAREHOUSE, column.type).toUpperCase()}${notNull} COMMENT ${stringLiteral(WAREHOUSE, columnDescription(column))}`;
  });
  const constraints = isDelta
    ? [
        `    CONSTRAINT ${constraintName(table.name, 'pkey')} PRIMARY KEY (${quoteIdentifier(WAREHOUSE, table.key)})`,
        ...table.foreignKeys.map(
          (foreignKey) =>
            `    CONSTRAINT ${constraintName(table.name, `${foreignKey.column}_fkey`)} FOREIGN KEY (${quoteIdentifier(WAREHOUSE, foreignKey.column)}) REFERENCES ${qualifiedName(WAREHOUSE, table.schema, foreignKey.entity)} (${quoteIdentifier(WAREHOUSE, foreignKey.referencedColumn)})`,
        ),
      ]
    : [];
  const layoutColumns = table.partitionColumn
    ? [
        table.partitionColumn,
        ...table.clusterColumns.filter((column) => column !== table.partitionColumn),
      ]
    : table.entity.kind === 'dimension'
      ? table.clusterColumns
      : [];
  const layoutClause =
    layoutColumns.length === 0
      ? []
      : `${isDelta ? 'CLUSTER BY' : 'PARTITIONED BY'} (${layoutColumns.map((column) => quoteIdentifier(WAREHOUSE, column)).join(', ')})`;
  const formatNote = (() => {
    if (model.architecture.storage === 'warehouse')
      return sqlComment('Managed Delta table in Unity Catalog.');
    if (format === 'iceberg') {
      return sqlComment(
        'Managed Iceberg table in Unity Catalog: other engines read it through the Iceberg REST catalog. PARTITIONED BY is the standard Iceberg DDL; Unity Catalog uses those columns as liquid clustering keys, so they are not Hive-style partitions. Informational key constraints are declared on Delta tables only: here the relationships are documented below and checked by the staging tests.',
      );
    }
    if (model.architecture.tableFormat === 'hudi') {
      return sqlComment(
        'Databricks does not write Hudi tables: raw is a managed Delta table. Readers that need Hudi metadata can get it from Apache XTable, which translates table metadata without copying the data.',
      );
    }
    return sqlComment(
      'Managed Delta table in Unity Catalog: the lakehouse copy that SQL, notebooks and ML read.',
    );
  })();
  const layoutNote = sqlComment(
    layoutColumns.length === 0
      ? table.entity.kind === 'dimension'
        ? 'No clustering keys: a dimension is small and read whole by the joins.'
        : 'No clustering keys (partitioning answer: none).'
      : `Liquid clustering on ${layoutColumns.join(', ')}: ${table.partitionColumn ? 'file skipping for date filters and joins' : 'file skipping for lookups and joins on the key'} without fixed partitions; OPTIMIZE (or predictive optimization) reclusters new data.`,
    'Columns take no defaults (that needs the allowColumnDefaults table feature): the loader sets _loaded_at.',
  );
  return lines(
    fileHeader(model, WAREHOUSE, `Raw landing table ${table.schema}.${table.name}.`),
    '--',
    sqlComment(...tableParagraphs(model, table, 'databricks')),
    isDelta
      ? sqlComment(
          'Keys are informational (never enforced). RELY is left off on purpose: raw can hold a redelivered duplicate until staging removes it, so the optimizer must not rewrite queries on these keys.',
        )
      : [],
    sqlComment(...relationshipParagraphs(table, isDelta, 'informational')),
    formatNote,
    layoutNote,
    '',
    USE_CATALOG,
    '',
    `CREATE TABLE IF NOT EXISTS ${name} (`,
    [...columns, ...constraints].join(',\n'),
    ')',
    `USING ${format.toUpperCase()}`,
    layoutClause,
    `COMMENT ${stringLiteral(WAREHOUSE, table.entity.description)};`,
    table.columns.some((column) => column.isPii)
      ? [
          '',
          '-- Unity Catalog tags: catalog search and attribute-based access policies find the PII columns.',
          table.columns
            .filter((column) => column.isPii)
            .map(
              (column) =>
                `ALTER TABLE ${name} ALTER COLUMN ${quoteIdentifier(WAREHOUSE, column.name)} SET TAGS ('pii' = 'hashed');`,
            ),
        ]
      : [],
  );
}

export function databricksAccessControl(model: ProjectModel): string {
  const { loader, transformer, analyst } = ACCESS_ROLES;
  const group = (name: string) => `\`${name}\``;
  const raw = quoteIdentifier(WAREHOUSE, RAW_SCHEMA);
  const staging = quoteIdentifier(WAREHOUSE, STAGING_SCHEMA);
  const marts = quoteIdentifier(WAREHOUSE, MARTS_SCHEMA);
  return lines(
    fileHeader(model, WAREHOUSE, 'Access control: Unity Catalog grants per layer.'),
    sqlComment(
      '',
      'Principals are the account groups loader, transformer and analyst (created in the account console or by SCIM from the identity provider); service principals and users join one group each. Run as the catalog owner or a metastore admin.',
      'Unity Catalog privileges are inherited downward: a grant on a schema covers its tables and the tables created later. MODIFY covers INSERT, UPDATE and DELETE; Unity Catalog has no narrower write privilege.',
    ),
    '',
    USE_CATALOG,
    '',
    [loader, transformer, analyst].map(
      (item) => `GRANT USE CATALOG ON CATALOG \`\${DATABRICKS_CATALOG}\` TO ${group(item.name)};`,
    ),
    '',
    '-- loader: writes raw.',
    `GRANT USE SCHEMA, SELECT, MODIFY ON SCHEMA ${raw} TO ${group(loader.name)};`,
    '',
    '-- transformer: reads raw, builds staging and marts (views need CREATE TABLE in Unity Catalog).',
    `GRANT USE SCHEMA, SELECT ON SCHEMA ${raw} TO ${group(transformer.name)};`,
    `GRANT USE SCHEMA, SELECT, MODIFY, CREATE TABLE ON SCHEMA ${staging} TO ${group(transformer.name)};`,
    `GRANT USE SCHEMA, SELECT, MODIFY, CREATE TABLE ON SCHEMA ${marts} TO ${group(transformer.name)};`,
    '',
    '-- analyst: reads marts only.',
    `GRANT USE SCHEMA, SELECT ON SCHEMA ${marts} TO ${group(analyst.name)};`,
  );
}
