import type { ProjectModel } from '../../../source/engine/model/types.js';
import { lines } from '../../shared/text.js';
import { sqlType } from '../../shared/sql-dialect.js';
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
 * DuckDB: the local development target of every project, and the production engine when the
 * warehouse is DuckDB. Plain tables; no partitioning (zone maps do the pruning); primary keys
 * are enforced, which the loaders rely on (`INSERT … ON CONFLICT`).
 */

const WAREHOUSE = 'duckdb';

export function duckdbSchemas(model: ProjectModel): string {
  const isLocalStandIn = model.architecture.warehouse !== 'duckdb';
  return lines(
    fileHeader(model, WAREHOUSE, 'Schemas of the three layers.'),
    isLocalStandIn
      ? sqlComment(
          '',
          `DuckDB is the local stand-in for the production warehouse: the same schemas and raw tables, so loaders, dbt and tests run on a laptop before any cloud account exists.`,
        )
      : [],
    sqlComment(
      '',
      'DuckDB has no users, roles or grants: access to the database is access to its file (DUCKDB_PATH). Keep the file on storage only the pipeline can read; see architecture/governance.md.',
    ),
    LAYERS.map((layer) => [
      '',
      sqlComment(layer.description),
      `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(WAREHOUSE, layer.schema)};`,
    ]),
  );
}

export function duckdbTable(model: ProjectModel, table: RawTable): string {
  const name = qualifiedName(WAREHOUSE, table.schema, table.name);
  const columns = table.columns.map((column) => {
    const type = sqlType(WAREHOUSE, column.type);
    const notNull = column.isNullable ? '' : ' NOT NULL';
    const fallback = column.name === '_loaded_at' ? ' DEFAULT current_timestamp' : '';
    return `    ${quoteIdentifier(WAREHOUSE, column.name)} ${type}${notNull}${fallback},`;
  });
  const storageNote =
    model.architecture.storage === 'warehouse'
      ? []
      : sqlComment(
          `Storage is a ${model.architecture.storage}: in production the raw data are ${model.architecture.tableFormat ?? 'open-format'} files in object storage. This DuckDB table is the landing copy the local pipeline works on; DuckDB's iceberg and delta extensions read the lake tables directly (read-only for Delta and Hudi).`,
        );
  return lines(
    fileHeader(model, WAREHOUSE, `Raw landing table ${table.schema}.${table.name}.`),
    '--',
    sqlComment(...tableParagraphs(model, table, 'duckdb')),
    sqlComment(
      ...relationshipParagraphs(
        table,
        false,
        'DuckDB would enforce them and reject events whose parent has not landed yet; entities arrive out of order, so the staging tests check them instead',
      ),
    ),
    sqlComment(
      table.partitionColumn
        ? `No partitioning: DuckDB keeps min/max zone maps per row group, so loading in ${table.partitionColumn} order prunes scans on ${table.partitionColumn}${model.architecture.warehouse === 'duckdb' ? '' : ` the way the production partitions do`}.`
        : 'No partitioning: DuckDB prunes row groups with min/max zone maps; the table is small enough to scan.',
    ),
    storageNote,
    `CREATE TABLE IF NOT EXISTS ${name} (`,
    columns,
    `    CONSTRAINT ${constraintName(table.name, 'pkey')} PRIMARY KEY (${quoteIdentifier(WAREHOUSE, table.key)})`,
    ');',
    '',
    '-- Catalog descriptions (duckdb_tables() / duckdb_columns() show them).',
    `COMMENT ON TABLE ${name} IS ${stringLiteral(WAREHOUSE, table.entity.description)};`,
    table.columns.map(
      (column) =>
        `COMMENT ON COLUMN ${name}.${quoteIdentifier(WAREHOUSE, column.name)} IS ${stringLiteral(WAREHOUSE, columnDescription(column))};`,
    ),
  );
}
