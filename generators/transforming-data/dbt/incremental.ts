import type { ProjectModel, Warehouse } from '../../../source/engine/model/types.js';

/** dbt's names for the incremental strategies (the answers spell insert-overwrite with a dash). */
export type DbtStrategy = 'merge' | 'append' | 'delete+insert' | 'insert_overwrite';
type Answer = ProjectModel['transforms']['incremental'];

/**
 * The strategies each adapter implements (dbt's "supported incremental strategies by adapter"
 * table). dbt-databricks lists insert_overwrite, but on SQL warehouses it rewrites the whole table
 * instead of the touched partitions, and dbt-snowflake's insert_overwrite always replaces the
 * whole table: neither is the partition replacement the answer asks for, so both are left out.
 */
const SUPPORTED: Record<Warehouse, readonly DbtStrategy[]> = {
  snowflake: ['append', 'merge', 'delete+insert'],
  bigquery: ['merge', 'insert_overwrite'],
  redshift: ['append', 'merge', 'delete+insert'],
  databricks: ['append', 'merge', 'delete+insert'],
  postgres: ['append', 'merge', 'delete+insert'],
  duckdb: ['append', 'merge', 'delete+insert'],
};

export interface StrategyChoice {
  strategy: DbtStrategy;
  /** Why the adapter uses another strategy than the answer, or undefined when it is the answer. */
  substitution?: string;
}

/** The strategy an adapter runs for the answer: the answer itself, or the closest it supports. */
export function strategyFor(answer: Answer, warehouse: Warehouse): StrategyChoice {
  const wanted: DbtStrategy = answer === 'insert-overwrite' ? 'insert_overwrite' : answer;
  if (SUPPORTED[warehouse].includes(wanted)) return { strategy: wanted };
  const adapter = `dbt-${warehouse}`;
  if (wanted === 'insert_overwrite') {
    return {
      strategy: 'delete+insert',
      substitution: `${adapter} cannot replace single partitions: delete+insert replaces the reprocessed rows by key instead`,
    };
  }
  // BigQuery implements neither append nor delete+insert; merge on the key covers both here
  // (the incremental filter already drops rows that exist, so merge only inserts for append).
  return {
    strategy: 'merge',
    substitution: `${adapter} has no ${wanted} strategy: merge on the unique key gives the same result`,
  };
}

/** The `incremental_strategy=` argument: a literal, or a switch on target.type when they differ. */
export function strategyArgument(model: ProjectModel): { expression: string; notes: string[] } {
  const warehouse = model.architecture.warehouse;
  const local = strategyFor(model.transforms.incremental, 'duckdb');
  const prod = strategyFor(model.transforms.incremental, warehouse);
  const notes: string[] = [];
  if (local.substitution) notes.push(`Local DuckDB: ${local.substitution}.`);
  if (prod.substitution && warehouse !== 'duckdb')
    notes.push(`${warehouse}: ${prod.substitution}.`);
  const expression =
    local.strategy === prod.strategy
      ? `'${prod.strategy}'`
      : `('${prod.strategy}' if target.type == '${warehouse}' else '${local.strategy}')`;
  return { expression, notes };
}

/** Whether any adapter of this project appends, so the incremental filter must skip known keys. */
export function appendsAnywhere(model: ProjectModel): boolean {
  return (
    strategyFor(model.transforms.incremental, 'duckdb').strategy === 'append' ||
    strategyFor(model.transforms.incremental, model.architecture.warehouse).strategy === 'append'
  );
}

/** Whether production replaces whole partitions (BigQuery insert_overwrite needs partition_by). */
export function overwritesPartitions(model: ProjectModel): boolean {
  return (
    strategyFor(model.transforms.incremental, model.architecture.warehouse).strategy ===
    'insert_overwrite'
  );
}
