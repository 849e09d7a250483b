import type { ProjectModel } from '../../../../source/engine/model/types.js';
import { appendsAnywhere, overwritesPartitions, strategyArgument } from '../incremental.js';

export interface IncrementalOptions {
  /** The unique key column(s) merged or replaced on. */
  uniqueKey: string[];
  /** The model's date column: the lookback window and BigQuery partitions use it. */
  dateColumn: string;
  /** Whether dateColumn is a timestamp (BigQuery partitions it by day) rather than a date. */
  isTimestamp?: boolean;
  /**
   * Insert-only models (data vault) skip rows whose key exists and append, whatever the answer:
   * replacing or merging rows would rewrite history.
   */
  isInsertOnly?: boolean;
  /** Replaces the skip-known-rows condition (satellites compare with the latest version only). */
  skipCondition?: (alias: string) => string[];
}

const quoteList = (names: readonly string[]) => `[${names.map((name) => `'${name}'`).join(', ')}]`;

/**
 * The config() block of an incremental model. Physical layout is adapter-specific, so each such
 * config is given only when target.type is the production warehouse: the local DuckDB target
 * builds the same model without it.
 */
export function incrementalConfig(model: ProjectModel, options: IncrementalOptions): string[] {
  const { expression, notes } = options.isInsertOnly
    ? insertOnlyStrategy(model)
    : strategyArgument(model);
  const uniqueKey =
    options.uniqueKey.length === 1
      ? `'${options.uniqueKey[0] ?? ''}'`
      : quoteList(options.uniqueKey);
  const arguments_ = [
    "materialized='incremental'",
    `unique_key=${uniqueKey}`,
    `incremental_strategy=${expression}`,
    // A contract requires append_new_columns or fail: new columns are added, never dropped silently.
    "on_schema_change='append_new_columns'",
    ...physicalLayout(model, options),
  ];
  return [
    ...notes.map((note) => `-- ${note}`),
    '{{',
    '    config(',
    arguments_.map(
      (argument, index) => `        ${argument}${index < arguments_.length - 1 ? ',' : ''}`,
    ),
    '    )',
    '}}',
  ].flat();
}

function insertOnlyStrategy(model: ProjectModel): { expression: string; notes: string[] } {
  const isBigQuery = model.architecture.warehouse === 'bigquery';
  return {
    expression: isBigQuery ? "('merge' if target.type == 'bigquery' else 'append')" : "'append'",
    notes: [
      `Insert-only (data vault): new keys are appended${isBigQuery ? '; BigQuery has no append, merge on the key only inserts here' : ''}.`,
    ],
  };
}

function physicalLayout(model: ProjectModel, options: IncrementalOptions): string[] {
  const dateColumn = options.dateColumn;
  const warehouse = model.architecture.warehouse;
  const isPartitioned = model.architecture.partitioning !== 'none';
  const isLarge = model.volume === 'large';
  const when = (value: string) => `(${value} if target.type == '${warehouse}' else none)`;
  switch (warehouse) {
    case 'bigquery':
      // insert_overwrite replaces partitions, so it needs them even when partitioning is "none".
      return isPartitioned || (overwritesPartitions(model) && !options.isInsertOnly)
        ? [
            `partition_by=${when(`{'field': '${dateColumn}', 'data_type': '${options.isTimestamp ? 'timestamp' : 'date'}', 'granularity': 'day'}`)}`,
          ]
        : [];
    case 'snowflake':
      // Clustering costs credits to maintain: worth it only on large tables.
      return isPartitioned && isLarge ? [`cluster_by=${when(quoteList([dateColumn]))}`] : [];
    case 'databricks':
      return isPartitioned ? [`liquid_clustered_by=${when(quoteList([dateColumn]))}`] : [];
    case 'redshift':
      return isPartitioned ? [`sort=${when(quoteList([dateColumn]))}`] : [];
    case 'postgres':
      return isPartitioned ? [`indexes=${when(`[{'columns': ['${dateColumn}']}]`)}`] : [];
    case 'duckdb':
      return [];
  }
}

/**
 * The incremental filter: on incremental runs, reprocess `lookback_days` of dates before the
 * newest date already loaded, so late rows are merged in (an empty table reloads everything).
 * Where an adapter appends, rows whose key is loaded already are skipped, so re-reading the
 * window never duplicates them.
 */
export function incrementalFilter(
  model: ProjectModel,
  alias: string,
  options: IncrementalOptions,
): string[] {
  const date = options.dateColumn;
  const skipKnown = options.isInsertOnly === true || appendsAnywhere(model);
  const keyMatch = options.uniqueKey
    .map((key) => `existing.${key} = ${alias}.${key}`)
    .join(' and ');
  return [
    '{% if is_incremental() %}',
    `where cast(${alias}.${date} as date) >= coalesce(`,
    `    (select {{ days_before('max(${date})', var('lookback_days')) }} from {{ this }}),`,
    "    cast('1900-01-01' as date)",
    ')',
    ...(options.skipCondition
      ? options.skipCondition(alias)
      : skipKnown
        ? [
            options.isInsertOnly
              ? '-- Insert-only: a key loaded once is never rewritten.'
              : '-- Appending adapters must not load a row twice.',
            `and not exists (select 1 from {{ this }} as existing where ${keyMatch})`,
          ]
        : []),
    '{% endif %}',
  ];
}
