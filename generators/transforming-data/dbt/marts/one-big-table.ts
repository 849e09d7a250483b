import type { Entity, ProjectModel } from '../../../../source/engine/model/types.js';
import { lines } from '../../../shared/text.js';
import { eventDateColumn, loadedAtColumn } from '../columns.js';
import { dimensionJoins, enrichedEntities, intermediateName } from '../layout.js';
import { columnTests } from '../properties.js';
import { incrementalConfig, incrementalFilter } from './incremental-model.js';
import { CONTRACT, martColumn, type MartModel } from './mart.js';

const obtName = (entity: Entity) => `obt_${entity.name}`;

/**
 * One big table per fact: the fact with every attribute of the dimensions it references, so
 * dashboards read one wide, denormalised table without joins. Dimension changes reach rows only
 * inside the lookback window: older rows keep the attributes they were loaded with.
 */
export function oneBigTableMarts(model: ProjectModel): MartModel[] {
  return enrichedEntities(model).map((entity) => oneBigTable(model, entity));
}

function oneBigTable(model: ProjectModel, entity: Entity): MartModel {
  const name = obtName(entity);
  const eventDate = eventDateColumn(entity);
  const options = { uniqueKey: [entity.key.name], dateColumn: eventDate };
  const joins = dimensionJoins(model, entity);
  return {
    name,
    sql: lines(
      `-- ${name}: ${entity.name} with the attributes of ${joins.length > 0 ? joins.map((join) => join.dimension.name).join(', ') : 'no dimension'}, one row per ${entity.key.name}.`,
      incrementalConfig(model, options),
      '',
      'with',
      '',
      'enriched as (',
      '',
      `    select * from {{ ref('${intermediateName(entity)}') }}`,
      '',
      ')',
      '',
      'select * from enriched',
      incrementalFilter(model, 'enriched', options),
    ),
    properties: {
      name,
      description: `${entity.description} One wide row per ${entity.key.name} with its dimensions' attributes.`,
      config: CONTRACT,
      columns: [
        ...entity.columns.map((column) =>
          martColumn(
            model,
            column.name,
            column.type,
            column.description,
            column.isKey ? columnTests(model, column, entity, obtName) : [],
          ),
        ),
        martColumn(model, eventDate, 'date', `Date of ${entity.eventTime.name} (UTC).`, [
          'not_null',
        ]),
        ...joins.flatMap((join) =>
          join.attributes.map((attribute) =>
            martColumn(
              model,
              attribute.name,
              attribute.source.type,
              `${attribute.source.description} (from ${join.dimension.name}; null until it arrives)`,
            ),
          ),
        ),
        martColumn(
          model,
          loadedAtColumn(entity),
          'timestamp',
          `When the loader wrote the row to raw.${entity.name} (UTC).`,
        ),
      ],
    },
  };
}
