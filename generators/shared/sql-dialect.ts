import type { LogicalType, Warehouse } from '../../source/engine/model/types.js';

/**
 * The column types and syntax of each warehouse, shared by the DDL, the dbt contracts and the SQL
 * optimisation files so that every generated file agrees on types.
 */
export const SQL_TYPES: Record<Warehouse, Record<LogicalType, string>> = {
  snowflake: {
    string: 'varchar',
    integer: 'number(10,0)',
    bigint: 'number(19,0)',
    decimal: 'number(18,2)',
    double: 'float',
    boolean: 'boolean',
    timestamp: 'timestamp_tz',
    date: 'date',
  },
  bigquery: {
    string: 'string',
    integer: 'int64',
    bigint: 'int64',
    decimal: 'numeric(18,2)',
    double: 'float64',
    boolean: 'bool',
    timestamp: 'timestamp',
    date: 'date',
  },
  redshift: {
    string: 'varchar(256)',
    integer: 'integer',
    bigint: 'bigint',
    decimal: 'decimal(18,2)',
    double: 'double precision',
    boolean: 'boolean',
    timestamp: 'timestamptz',
    date: 'date',
  },
  databricks: {
    string: 'string',
    integer: 'int',
    bigint: 'bigint',
    decimal: 'decimal(18,2)',
    double: 'double',
    boolean: 'boolean',
    timestamp: 'timestamp',
    date: 'date',
  },
  postgres: {
    string: 'text',
    integer: 'integer',
    bigint: 'bigint',
    decimal: 'numeric(18,2)',
    double: 'double precision',
    boolean: 'boolean',
    timestamp: 'timestamptz',
    date: 'date',
  },
  duckdb: {
    string: 'varchar',
    integer: 'integer',
    bigint: 'bigint',
    decimal: 'decimal(18,2)',
    double: 'double',
    boolean: 'boolean',
    timestamp: 'timestamptz',
    date: 'date',
  },
};

export const WAREHOUSE_TITLES: Record<Warehouse, string> = {
  snowflake: 'Snowflake',
  bigquery: 'BigQuery',
  redshift: 'Amazon Redshift',
  databricks: 'Databricks SQL',
  postgres: 'PostgreSQL',
  duckdb: 'DuckDB',
};

/** The dbt adapter that talks to each warehouse. */
export const DBT_ADAPTERS: Record<Warehouse, string> = {
  snowflake: 'dbt-snowflake',
  bigquery: 'dbt-bigquery',
  redshift: 'dbt-redshift',
  databricks: 'dbt-databricks',
  postgres: 'dbt-postgres',
  duckdb: 'dbt-duckdb',
};

export function sqlType(warehouse: Warehouse, type: LogicalType): string {
  return SQL_TYPES[warehouse][type];
}
