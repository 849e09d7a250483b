import type { Column, Entity, ProjectModel } from '../../../source/engine/model/types.js';

/** Where the dbt project lives; the orchestrator runs it with --project-dir/--profiles-dir here. */
export const DBT_ROOT = 'transforms/dbt';

export const stagingName = (entity: Entity): string => `stg_${entity.name}`;
export const intermediateName = (entity: Entity): string => `int_${entity.name}_enriched`;
export const dimensionName = (entity: Entity): string => `dim_${entity.name}`;
export const factName = (entity: Entity): string => `fct_${entity.name}`;
export const dailyName = (entity: Entity): string => `agg_${entity.name}_daily`;
/** A surrogate key column: `user_key` for users (dimensional marts). */
export const surrogateKeyName = (entity: Entity): string => `${entity.singular}_key`;
/** A data-vault hash key column: `user_hk`. */
export const hashKeyName = (entity: Entity): string => `${entity.singular}_hk`;

export function entityByName(model: ProjectModel, name: string): Entity | undefined {
  return model.entities.find((entity) => entity.name === name);
}

/** Entities with an intermediate model: every fact, or every entity when there are no facts. */
export function enrichedEntities(model: ProjectModel): Entity[] {
  return model.facts.length > 0 ? model.facts : model.entities;
}

/** A join from an entity's foreign key to a dimension, with the attributes it brings along. */
export interface DimensionJoin {
  column: Column;
  dimension: Entity;
  /** The CTE alias of the dimension in the join. */
  alias: string;
  attributes: { source: Column; name: string }[];
}

/**
 * The dimensions an entity references, and the descriptive columns each contributes: not keys,
 * not references, not PII, not timestamps (those stay in the dimension). Names are prefixed with
 * the foreign key's role (`user_id` → `user_country_code`) unless they already carry it.
 */
export function dimensionJoins(model: ProjectModel, entity: Entity): DimensionJoin[] {
  const taken = new Set(entity.columns.map((column) => column.name));
  const aliases = new Set<string>();
  const joins: DimensionJoin[] = [];
  for (const column of entity.columns) {
    if (!column.references) continue;
    const dimension = entityByName(model, column.references.entity);
    if (!dimension || dimension.kind !== 'dimension' || dimension.name === entity.name) continue;
    const role = column.name.replace(/_(id|key|code)$/, '');
    let alias = `${role}_dimension`;
    for (let index = 2; aliases.has(alias); index++) alias = `${role}_dimension_${index}`;
    aliases.add(alias);
    const attributes: DimensionJoin['attributes'] = [];
    for (const source of dimension.columns) {
      if (
        source.isKey ||
        source.references ||
        source.isPii ||
        source.type === 'timestamp' ||
        source.type === 'date'
      )
        continue;
      let name = source.name.startsWith(`${role}_`) ? source.name : `${role}_${source.name}`;
      if (taken.has(name)) name = `${role}_${dimension.singular}_${source.name}`;
      if (taken.has(name)) continue;
      taken.add(name);
      attributes.push({ source, name });
    }
    joins.push({ column, dimension, alias, attributes });
  }
  return joins;
}

/** The column a daily aggregate groups by besides the day: a closed set of values, if any. */
export function segmentOf(
  model: ProjectModel,
  entity: Entity,
): { name: string; values: string[] } | undefined {
  const own = entity.columns.find((column) => !column.isKey && column.acceptedValues);
  if (own?.acceptedValues) return { name: own.name, values: own.acceptedValues };
  for (const join of dimensionJoins(model, entity)) {
    const attribute = join.attributes.find((candidate) => candidate.source.acceptedValues);
    if (attribute?.source.acceptedValues)
      return { name: attribute.name, values: attribute.source.acceptedValues };
  }
  return undefined;
}
