import type { Column, Entity, ProjectModel } from '../../source/engine/model/types.js';

/**
 * The marts the dbt project builds, as the SQL optimisation files and the monitoring read them:
 * `marts.dim_<dimension>` for each dimension entity and `marts.fct_<fact>` for each fact entity,
 * with the entity's columns. The query workload (which column to filter, group and sum) is derived
 * here once so the optimized queries, the freshness exporter and the dashboards talk about the
 * same tables and columns.
 */

export const MARTS_SCHEMA = 'marts';
export const RAW_SCHEMA = 'raw';
/** Set by the loaders on every raw row (architecture DDL): ingestion latency is measured from it. */
export const LOADED_AT_COLUMN = '_loaded_at';

export interface MartTable {
  entity: Entity;
  kind: 'fact' | 'dimension';
  /** `fct_orders`, `dim_customers`. */
  name: string;
  /** `marts.fct_orders`. */
  qualifiedName: string;
  columns: Column[];
  key: Column;
  eventTime: Column;
}

export function martName(entity: Entity): string {
  return `${entity.kind === 'fact' ? 'fct' : 'dim'}_${entity.name}`;
}

/** One MartTable per entity object, so tables and their columns compare by identity everywhere. */
const TABLES = new WeakMap<Entity, MartTable>();

export function martTable(entity: Entity): MartTable {
  const cached = TABLES.get(entity);
  if (cached) return cached;
  const name = martName(entity);
  const table: MartTable = {
    entity,
    kind: entity.kind,
    name,
    qualifiedName: `${MARTS_SCHEMA}.${name}`,
    columns: entity.columns,
    key: entity.key,
    eventTime: entity.eventTime,
  };
  TABLES.set(entity, table);
  return table;
}

/** Every mart, in entity order. */
export function martTables(model: Pick<ProjectModel, 'entities'>): MartTable[] {
  return model.entities.map(martTable);
}

/** A fact's link to a dimension of the project (`orders.customer_id → customers.customer_id`). */
export interface DimensionLink {
  column: Column;
  dimension: MartTable;
  dimensionKey: Column;
  /** The dimension's attribute dashboards group by (a closed value set when there is one). */
  attribute: Column | undefined;
}

/** The columns a workload query needs from a table. */
export interface TableProfile {
  table: MartTable;
  /** The column dashboards group by on the table itself (closed value set first). */
  category: Column | undefined;
  /** The numeric column dashboards sum. */
  measure: Column | undefined;
  /** The first relationship to a dimension: the join dashboards make and the per-member lookup. */
  link: DimensionLink | undefined;
}

const NUMERIC = new Set(['decimal', 'double', 'integer', 'bigint']);

function isPlainColumn(column: Column): boolean {
  return !column.isKey && !column.references && !column.isPii;
}

/** A column to group by: accepted values first (low cardinality by construction), then string examples. */
export function categoryColumn(entity: Entity): Column | undefined {
  return (
    entity.columns.find((column) => isPlainColumn(column) && column.acceptedValues !== undefined) ??
    entity.columns.find(
      (column) =>
        isPlainColumn(column) && column.type === 'string' && column.examples !== undefined,
    )
  );
}

export function measureColumn(entity: Entity): Column | undefined {
  return entity.columns.find(
    (column) => isPlainColumn(column) && NUMERIC.has(column.type) && column !== entity.eventTime,
  );
}

export function profileOf(model: Pick<ProjectModel, 'entities'>, entity: Entity): TableProfile {
  const link = entity.columns
    .map((column): DimensionLink | undefined => {
      const target = column.references
        ? model.entities.find((candidate) => candidate.name === column.references?.entity)
        : undefined;
      if (!target || target.kind !== 'dimension' || target === entity) return undefined;
      const dimensionKey =
        target.columns.find((candidate) => candidate.name === column.references?.column) ??
        target.key;
      return {
        column,
        dimension: martTable(target),
        dimensionKey,
        attribute: categoryColumn(target),
      };
    })
    .find((candidate) => candidate !== undefined);
  return {
    table: martTable(entity),
    category: categoryColumn(entity),
    measure: measureColumn(entity),
    link,
  };
}

/**
 * The table the workload centres on: the first fact that joins a dimension (the classic star
 * query), else the first fact, else the first dimension (a project of dimensions only).
 */
export function primaryProfile(
  model: Pick<ProjectModel, 'entities' | 'facts' | 'dimensions'>,
): TableProfile {
  const facts = model.facts.map((fact) => profileOf(model, fact));
  const chosen = facts.find((profile) => profile.link !== undefined) ?? facts[0];
  if (chosen) return chosen;
  const first = model.entities[0];
  if (!first) throw new Error('the model has no entities');
  return profileOf(model, first);
}

/** The sample value of a column in the first sample row (a real key, so lookups find a row). */
export function sampleValue(entity: Entity, column: Column): string {
  for (const row of entity.sampleRows) {
    const value = row[column.name];
    if (value !== undefined && value !== '') return value;
  }
  return `${column.name}_1`;
}
