import type { Column, Entity, ProjectModel } from '../../source/engine/model/types.js';

/**
 * The marts the dbt project builds, as the SQL optimisation files and the monitoring read them:
 * one table per entity in schema `marts` with the entity's columns, named per the modeling answer
 * (`dim_<dimension>` / `fct_<fact>` for a star schema, see martName). The query workload (which column to filter, group and sum) is derived
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
  /** `fct_orders`, `dim_customers`, `core_orders`, `obt_orders`. */
  name: string;
  /** `marts.fct_orders`. */
  qualifiedName: string;
  columns: Column[];
  key: Column;
  eventTime: Column;
}

type ModelView = Pick<ProjectModel, 'entities' | 'facts' | 'architecture'>;

/**
 * The queryable mart of an entity, named as the dbt project builds it for the modeling answer:
 * dimensional `dim_<dimension>` / `fct_<fact>`; 3NF `core_<entity>`; one big table `obt_<fact>`
 * (dimensions live inside the wide tables and have no table of their own); data vault: the
 * `dim_` / `fct_` information marts built on top of the raw vault (hubs and satellites are keyed by
 * hashes and versioned, not what dashboards and lookups read). Undefined when the entity has no
 * table of its own.
 */
export function martName(entity: Entity, model: ModelView): string | undefined {
  switch (model.architecture.modeling) {
    case 'dimensional':
    case 'data-vault':
      return `${entity.kind === 'fact' ? 'fct' : 'dim'}_${entity.name}`;
    case '3nf':
      return `core_${entity.name}`;
    case 'one-big-table':
      return entity.kind === 'fact' || model.facts.length === 0 ? `obt_${entity.name}` : undefined;
  }
}

/** One MartTable per entity object and name, so tables and their columns compare by identity. */
const TABLES = new WeakMap<Entity, Map<string, MartTable>>();

export function martTable(entity: Entity, model: ModelView): MartTable | undefined {
  const name = martName(entity, model);
  if (name === undefined) return undefined;
  const byName = TABLES.get(entity) ?? new Map<string, MartTable>();
  TABLES.set(entity, byName);
  const cached = byName.get(name);
  if (cached) return cached;
  const table: MartTable = {
    entity,
    kind: entity.kind,
    name,
    qualifiedName: `${MARTS_SCHEMA}.${name}`,
    columns: entity.columns,
    key: entity.key,
    eventTime: entity.eventTime,
  };
  byName.set(name, table);
  return table;
}

/** Every mart with a table of its own, in entity order. */
export function martTables(model: ModelView): MartTable[] {
  return model.entities.flatMap((entity) => martTable(entity, model) ?? []);
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

export function profileOf(model: ModelView, entity: Entity): TableProfile {
  const link = entity.columns
    .map((column): DimensionLink | undefined => {
      const target = column.references
        ? model.entities.find((candidate) => candidate.name === column.references?.entity)
        : undefined;
      if (!target || target.kind !== 'dimension' || target === entity) return undefined;
      // One big table: the dimension's attributes are inside the wide table, there is no join.
      const dimension = martTable(target, model);
      if (!dimension) return undefined;
      const dimensionKey =
        target.columns.find((candidate) => candidate.name === column.references?.column) ??
        target.key;
      return {
        column,
        dimension,
        dimensionKey,
        attribute: categoryColumn(target),
      };
    })
    .find((candidate) => candidate !== undefined);
  const table = martTable(entity, model);
  if (!table)
    throw new Error(`${entity.name} has no mart of its own (${model.architecture.modeling})`);
  return {
    table,
    category: categoryColumn(entity),
    measure: measureColumn(entity),
    link,
  };
}

/**
 * The table the workload centres on: the first fact that joins a dimension (the classic star
 * query), else the first fact, else the first dimension (a project of dimensions only).
 */
export function primaryProfile(model: ModelView): TableProfile {
  const facts = model.facts
    .filter((fact) => martTable(fact, model))
    .map((fact) => profileOf(model, fact));
  const chosen = facts.find((profile) => profile.link !== undefined) ?? facts[0];
  if (chosen) return chosen;
  const first = model.entities.find((entity) => martTable(entity, model));
  if (!first) throw new Error('the model has no entities with a mart');
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
