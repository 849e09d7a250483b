import type { Column, Entity, LogicalType, Warehouse } from '../../../source/engine/model/types.js';

/**
 * Column types across the two targets every generated dbt project has: the local DuckDB target
 * and the production warehouse. Staging casts through dbt's cross-database type macros (or a
 * project macro where dbt has none that is right everywhere), so the same SQL compiles on both.
 */

/** The cast applied in staging, as Jinja + SQL, to a raw column reference. */
export function stagingCast(column: Column, expression: string): string {
  switch (column.type) {
    case 'string':
      return `cast(${expression} as {{ dbt.type_string() }})`;
    case 'integer':
      return `cast(${expression} as {{ dbt.type_int() }})`;
    case 'bigint':
      return `cast(${expression} as {{ dbt.type_bigint() }})`;
    case 'decimal':
      // numeric(18, 2) is valid on every adapter; dbt.type_numeric() would widen money to (28, 6).
      return `cast(${expression} as numeric(18, 2))`;
    case 'double':
      return `cast(${expression} as {{ type_double() }})`;
    case 'boolean':
      return `cast(${expression} as {{ dbt.type_boolean() }})`;
    case 'timestamp':
      return `{{ to_utc_timestamp('${expression}') }}`;
    case 'date':
      return `cast(${expression} as date)`;
  }
}

/**
 * The `data_type` of a contracted column. dbt checks a contract on the adapter it runs on, by
 * casting null to the declared type and comparing with the model's column types, and it aliases
 * generic names (`string` → `text` on Postgres, `integer` → `int64` on BigQuery). So each type is
 * spelled the way both DuckDB (local) and the production warehouse accept; the one type with no
 * common spelling (double on BigQuery) switches on `target.type`, which dbt renders in YAML.
 */
export function contractType(type: LogicalType, warehouse: Warehouse): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
      return 'integer';
    case 'bigint':
      return 'bigint';
    case 'decimal':
      return 'numeric(18,2)';
    case 'double':
      return DOUBLE_CONTRACT[warehouse];
    case 'boolean':
      return 'boolean';
    case 'timestamp':
      return TIMESTAMP_CONTRACT[warehouse];
    case 'date':
      return 'date';
  }
}

/**
 * Staging normalises every event time with to_utc_timestamp: timestamptz on Postgres (an instant,
 * the same in any session TimeZone), a UTC timestamp without time zone everywhere else, including
 * the local DuckDB target of a Postgres project.
 */
const TIMESTAMP_CONTRACT: Record<Warehouse, string> = {
  duckdb: 'timestamp',
  snowflake: 'timestamp',
  databricks: 'timestamp',
  redshift: 'timestamp',
  bigquery: 'timestamp',
  postgres: "{{ 'timestamptz' if target.type == 'postgres' else 'timestamp' }}",
};

const DOUBLE_CONTRACT: Record<Warehouse, string> = {
  duckdb: 'double',
  snowflake: 'double',
  databricks: 'double',
  postgres: 'double precision',
  redshift: 'double precision',
  bigquery: "{{ 'float64' if target.type == 'bigquery' else 'double' }}",
};

/** DuckDB types for the seeds (the raw tables' local shape; event times are timestamptz as in raw). */
export const SEED_TYPES: Record<LogicalType, string> = {
  string: 'varchar',
  integer: 'integer',
  bigint: 'bigint',
  decimal: 'decimal(18,2)',
  double: 'double',
  boolean: 'boolean',
  timestamp: 'timestamptz',
  date: 'date',
};

/** Staging renames the loader's `_loaded_at` to this (unless the entity already has the name). */
export function loadedAtColumn(entity: Entity): string {
  return entity.columns.some((column) => column.name === 'loaded_at') ? 'ingested_at' : 'loaded_at';
}

/** The column holding the event time's date (partitioning and daily grain). */
export function eventDateColumn(entity: Entity): string {
  const taken = new Set(entity.columns.map((column) => column.name));
  for (const candidate of [
    'event_date',
    `${entity.singular}_event_date`,
    `${entity.singular}_date`,
  ]) {
    if (!taken.has(candidate)) return candidate;
  }
  return `${entity.eventTime.name}_event_date`;
}

/** Columns that can be summed or averaged in aggregates (measures), never keys or references. */
export function measureColumns(entity: Entity): Column[] {
  return entity.columns.filter(
    (column) =>
      !column.isKey &&
      !column.references &&
      ['integer', 'bigint', 'decimal', 'double'].includes(column.type),
  );
}
