import type { Column } from '../../../source/engine/model/types.js';
import type { MartTable } from '../../shared/mart-tables.js';
import type { Workload } from '../workload.js';

/**
 * The layout decisions column stores share (Snowflake, BigQuery, Redshift, Databricks): which
 * columns order the fact's storage so that the workload's filters prune micro-partitions, blocks
 * or files. Each engine spells them in its own DDL.
 */
export interface FactLayout {
  table: MartTable;
  /** Ordering columns, most selective filter of the workload first. */
  columns: Column[];
  /** `baseline` when only the event-time order is kept (no layout technique chosen). */
  technique: 'baseline' | 'partitioning-clustering';
  /** The lookup columns ('indexes' technique) on the fact and on the looked-up dimension. */
  lookupColumns: Column[];
  dimensionLookup: { table: MartTable; column: Column } | undefined;
}

export function factLayout(workload: Workload, maxColumns: number): FactLayout {
  const { primary, techniques, queries, lookupDimension } = workload;
  const table = primary.table;
  const time = table.eventTime;
  const lookupsOnly = !queries.some((query) => query.kind !== 'lookup');
  const link = primary.link?.column;
  let columns: Column[];
  let technique: FactLayout['technique'] = 'baseline';
  if (techniques.has('partitioning-clustering')) {
    technique = 'partitioning-clustering';
    columns =
      lookupsOnly && link
        ? [link, time]
        : [time, ...(link ? [link] : primary.category ? [primary.category] : [])];
  } else {
    columns = [time];
  }
  const lookupColumns: Column[] = [];
  if (techniques.has('indexes')) {
    for (const query of queries.filter(
      (candidate) => candidate.kind === 'lookup' && candidate.shape.table === table,
    )) {
      const first = query.shape.equality[0];
      if (first && !first.acceptedValues && !lookupColumns.includes(first))
        lookupColumns.push(first);
    }
  }
  const dimensionQuery = queries.find(
    (query) =>
      query.kind === 'lookup' && lookupDimension && query.shape.table === lookupDimension.table,
  );
  const dimensionLookup =
    techniques.has('indexes') && dimensionQuery && lookupDimension
      ? { table: lookupDimension.table, column: lookupDimension.table.key }
      : undefined;
  return {
    table,
    columns: columns.slice(0, maxColumns),
    technique,
    lookupColumns,
    dimensionLookup,
  };
}

export function columnNames(columns: readonly Column[]): string {
  return columns.map((column) => column.name).join(', ');
}
