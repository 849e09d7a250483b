import type { Entity, ProjectModel } from '../../source/engine/model/types.js';

/**
 * The dbt models each entity flows into, per modeling approach, for the README and the lineage.
 * The names follow generators/transforming-data/dbt/layout.ts (the dbt project is the source of
 * truth); the architecture verification test checks that every model named here exists in the
 * generated dbt project.
 */

export interface ModelNode {
  name: string;
  description: string;
  /** What one row is. */
  grain: string;
}

export interface MartNode extends ModelNode {
  /** The layer the mart reads: the staging view or the intermediate model of its entity. */
  readsFrom: 'staging' | 'intermediate';
}

export interface EntityFlow {
  entity: Entity;
  staging: ModelNode;
  /** int_<entity>_enriched: every fact (every entity when there are no facts), joined with its dimensions. */
  intermediate: ModelNode | null;
  marts: MartNode[];
}

/** Entities with an intermediate model: every fact, or every entity when there are no facts. */
function isEnriched(model: ProjectModel, entity: Entity): boolean {
  return model.facts.length > 0 ? entity.kind === 'fact' : true;
}

function referencesOther(model: ProjectModel, entity: Entity): boolean {
  return entity.columns.some(
    (column) =>
      column.references &&
      column.references.entity !== entity.name &&
      model.entities.some((other) => other.name === column.references?.entity),
  );
}

function coreMarts(model: ProjectModel, entity: Entity, isEnrichedEntity: boolean): MartNode[] {
  const perKey = `one row per ${entity.key.name}`;
  switch (model.architecture.modeling) {
    case 'dimensional':
      return entity.kind === 'dimension'
        ? [
            {
              name: `dim_${entity.name}`,
              description: `dimension, ${perKey}`,
              grain: perKey,
              readsFrom: 'staging',
            },
          ]
        : [
            {
              name: `fct_${entity.name}`,
              description: `fact, ${perKey}, incremental, with surrogate keys to its dimensions`,
              grain: perKey,
              readsFrom: 'intermediate',
            },
          ];
    case 'data-vault':
      return [
        {
          name: `hub_${entity.singular}`,
          description: `hub: the business key ${entity.key.name}`,
          grain: perKey,
          readsFrom: 'staging',
        },
        ...(referencesOther(model, entity)
          ? [
              {
                name: `link_${entity.singular}`,
                description: 'link: the relationships to other hubs',
                grain: 'one row per distinct combination of related keys',
                readsFrom: 'staging' as const,
              },
            ]
          : []),
        {
          name: `sat_${entity.singular}`,
          description: 'satellite: descriptive attributes, one row per change',
          grain: `one row per ${entity.key.name} and change`,
          readsFrom: 'staging',
        },
      ];
    case '3nf':
      return [
        {
          name: `core_${entity.name}`,
          description: `core table in third normal form, ${perKey}`,
          grain: perKey,
          readsFrom: 'staging',
        },
      ];
    case 'one-big-table':
      return isEnrichedEntity
        ? [
            {
              name: `obt_${entity.name}`,
              description: `one wide table: ${entity.name} with the attributes of its dimensions`,
              grain: perKey,
              readsFrom: 'intermediate',
            },
          ]
        : [];
  }
}

export function entityFlows(model: ProjectModel): EntityFlow[] {
  return model.entities.map((entity) => {
    const enriched = isEnriched(model, entity);
    const perKey = `one row per ${entity.key.name}`;
    const marts = coreMarts(model, entity, enriched);
    // A daily aggregate per fact, whatever the modeling: the table dashboards and freshness alerts read.
    if (entity.kind === 'fact')
      marts.push({
        name: `agg_${entity.name}_daily`,
        description: 'daily aggregate of the fact',
        grain: 'one row per day and segment',
        readsFrom: 'intermediate',
      });
    return {
      entity,
      staging: {
        name: `stg_${entity.name}`,
        description: 'renamed, typed, deduplicated view',
        grain: perKey,
      },
      intermediate: enriched
        ? {
            name: `int_${entity.name}_enriched`,
            description: `${entity.name} joined with the attributes of the dimensions it references`,
            grain: perKey,
          }
        : null,
      marts,
    };
  });
}

export const MODELING_TITLES: Record<ProjectModel['architecture']['modeling'], string> = {
  dimensional: 'Dimensional (Kimball star schema)',
  'data-vault': 'Data vault 2.0',
  '3nf': 'Third normal form',
  'one-big-table': 'One big table',
};

export const STORAGE_TITLES: Record<ProjectModel['architecture']['storage'], string> = {
  warehouse: 'Warehouse',
  lake: 'Data lake',
  lakehouse: 'Lakehouse',
};

export const TABLE_FORMAT_TITLES: Record<
  NonNullable<ProjectModel['architecture']['tableFormat']>,
  string
> = {
  iceberg: 'Apache Iceberg',
  delta: 'Delta Lake',
  hudi: 'Apache Hudi',
};
