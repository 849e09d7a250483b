import { sqlType } from '../shared/sql-dialect.js';
import {
  keepsLatestState,
  LOADED_AT_COLUMN,
  RAW_SCHEMA,
  rawMetadataColumns,
} from '../shared/data-architecture.js';
import { sqlIdentifier } from '../shared/text.js';
import type { StreamEntity, StreamPlan } from './plan.js';

/**
 * The DuckDB statements of the raw loader, rendered once here and embedded in every client
 * language, so the loaders of all four languages write the same rows the same way:
 *
 * - facts from producers are immutable events: `INSERT … ON CONFLICT (key) DO NOTHING`, so a
 *   redelivered event is a no-op;
 * - dimensions, and every table captured by CDC, are changelogs: an upsert on the key that only
 *   replaces the row with a version at least as new (by event time), so replays and out-of-order
 *   redeliveries never roll state back;
 * - a tombstone (CDC delete) marks the row deleted instead of erasing history.
 *
 * Parameters are positional (`?`) and cast in SQL, so every driver binds plain strings, numbers,
 * booleans and nulls (the canonical JSON form of the events).
 */
export interface LoaderStatements {
  createTable: string;
  upsert: string;
  /** null unless the entity can receive tombstones (CDC-captured changelogs). */
  tombstone: string | null;
  /** The metadata parameters after the entity's columns, in order. */
  metadataParameters: MetadataParameter[];
}

export type MetadataParameter =
  'source_topic' | 'source_partition' | 'source_offset' | 'cdc_operation' | 'cdc_committed_at';

const DUCKDB = 'duckdb';

export function loaderStatements(plan: StreamPlan, item: StreamEntity): LoaderStatements {
  const entity = item.entity;
  const table = `${RAW_SCHEMA}.${sqlIdentifier(entity.name)}`;
  const metadata = rawMetadataColumns(plan.model);
  const key = sqlIdentifier(entity.key.name);
  const definitions = [
    ...entity.columns.map(
      (column) =>
        `${sqlIdentifier(column.name)} ${sqlType(DUCKDB, column.type)}${column.isNullable ? '' : ' NOT NULL'}`,
    ),
    ...metadata.map(
      (column) =>
        `${sqlIdentifier(column.name)} ${sqlType(DUCKDB, column.type)}${column.isNullable ? '' : ' NOT NULL'}${column.name === LOADED_AT_COLUMN ? ' DEFAULT current_timestamp' : ''}`,
    ),
    `CONSTRAINT ${sqlIdentifier(`${entity.name}_pkey`)} PRIMARY KEY (${key})`,
  ];
  const createTable = `CREATE TABLE IF NOT EXISTS ${table} (${definitions.join(', ')})`;
  const metadataParameters: MetadataParameter[] = metadata
    .map((column) => column.name.replace(/^_/, '') as MetadataParameter | 'loaded_at')
    .filter((name): name is MetadataParameter => name !== 'loaded_at');
  const metadataColumns = metadata.filter((column) => column.name !== LOADED_AT_COLUMN);
  const columnNames = [
    ...entity.columns.map((column) => column.name),
    LOADED_AT_COLUMN,
    ...metadataColumns.map((column) => column.name),
  ];
  const values = [
    ...entity.columns.map((column) => `CAST(? AS ${sqlType(DUCKDB, column.type).toUpperCase()})`),
    'current_timestamp',
    ...metadataColumns.map((column) => `CAST(? AS ${sqlType(DUCKDB, column.type).toUpperCase()})`),
  ];
  const insert = `INSERT INTO ${table} AS target (${columnNames.map(sqlIdentifier).join(', ')}) VALUES (${values.join(', ')})`;
  const updatable = columnNames.filter((name) => name !== entity.key.name);
  const eventTime = sqlIdentifier(entity.eventTime.name);
  const upsert = !keepsLatestState(plan.model, entity)
    ? `${insert} ON CONFLICT (${key}) DO NOTHING`
    : `${insert} ON CONFLICT (${key}) DO UPDATE SET ${updatable.map((name) => `${sqlIdentifier(name)} = EXCLUDED.${sqlIdentifier(name)}`).join(', ')} WHERE EXCLUDED.${eventTime} >= target.${eventTime}`;
  const hasCdcColumns = metadataColumns.some((column) => column.name === '_cdc_operation');
  const tombstone =
    item.source === 'cdc' && hasCdcColumns
      ? `UPDATE ${table} SET _cdc_operation = 'd', _cdc_committed_at = CAST(? AS TIMESTAMPTZ), ${LOADED_AT_COLUMN} = current_timestamp WHERE ${key} = CAST(? AS ${sqlType(DUCKDB, entity.key.type).toUpperCase()})`
      : null;
  return { createTable, upsert, tombstone, metadataParameters };
}

/** The metadata parameters every upsert binds after the entity's columns, in order. */
export function loaderMetadataParameters(plan: StreamPlan): MetadataParameter[] {
  return rawMetadataColumns(plan.model)
    .map((column) => column.name.replace(/^_/, ''))
    .filter((name): name is MetadataParameter => name !== 'loaded_at');
}

/** Where the loader keeps its own state (Kinesis shard checkpoints): beside raw, never in it. */
export const LOADER_STATE_SCHEMA = 'streaming_state';
