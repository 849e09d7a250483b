import type { Entity, ProjectModel } from '../../../source/engine/model/types.js';
import { lines, sqlIdentifier } from '../../shared/text.js';
import { eventDateColumn, loadedAtColumn } from './columns.js';
import { dimensionJoins, intermediateName, stagingName } from './layout.js';
import { columnTests, type ModelProperties } from './properties.js';

/**
 * int_<entity>_enriched: the entity with the descriptive attributes of the dimensions it
 * references (left joins: a late-arriving dimension leaves them null rather than dropping the
 * row) and its event date, the grain of partitions and daily aggregates.
 */
export function intermediateSql(model: ProjectModel, entity: Entity): string {
  const joins = dimensionJoins(model, entity);
  const base = sqlIdentifier(entity.name);
  const selected = [
    ...entity.columns.map((column) => `${base}.${sqlIdentifier(column.name)}`),
    `{{ to_utc_date('${base}.${sqlIdentifier(entity.eventTime.name)}') }} as ${eventDateColumn(entity)}`,
    ...joins.flatMap((join) =>
      join.attributes.map((attribute) =>
        attribute.name === attribute.source.name
          ? `${join.alias}.${sqlIdentifier(attribute.name)}`
          : `${join.alias}.${sqlIdentifier(attribute.source.name)} as ${sqlIdentifier(attribute.name)}`,
      ),
    ),
    `${base}.${loadedAtColumn(entity)}`,
  ];
  return lines(
    `-- ${intermediateName(entity)}: ${entity.name} with ${joins.length > 0 ? `the attributes of ${joins.map((join) => join.dimension.name).join(', ')} and ` : ''}its event date.`,
    '-- Ephemeral: compiled into the marts that use it, never queried on its own.',
    '',
    'with',
    '',
    `${base} as (`,
    '',
    `    select * from {{ ref('${stagingName(entity)}') }}`,
    '',
    joins.length > 0 ? '),' : ')',
    joins.flatMap((join, index) => [
      '',
      `${join.alias} as (`,
      '',
      `    select * from {{ ref('${stagingName(join.dimension)}') }}`,
      '',
      index < joins.length - 1 ? '),' : ')',
    ]),
    '',
    'select',
    selected.map((line, index) => `    ${line}${index < selected.length - 1 ? ',' : ''}`),
    '',
    `from ${base}`,
    joins.map(
      (join) =>
        `left join ${join.alias}\n    on ${base}.${sqlIdentifier(join.column.name)} = ${join.alias}.${sqlIdentifier(join.column.references?.column ?? join.dimension.key.name)}`,
    ),
  );
}

export function intermediateProperties(model: ProjectModel, entity: Entity): ModelProperties {
  const joins = dimensionJoins(model, entity);
  return {
    name: intermediateName(entity),
    description: `${entity.description} One row per ${entity.key.name}, with its event date${joins.length > 0 ? ` and the attributes of ${joins.map((join) => join.dimension.name).join(', ')}` : ''}.`,
    columns: [
      ...entity.columns.map((column) => {
        const tests = column.isKey ? columnTests(model, column, entity, stagingName) : [];
        return {
          name: column.name,
          description: column.description,
          ...(tests.length > 0 ? { data_tests: tests } : {}),
        };
      }),
      {
        name: eventDateColumn(entity),
        description: `Date of ${entity.eventTime.name} (UTC).`,
        data_tests: ['not_null'],
      },
      ...joins.flatMap((join) =>
        join.attributes.map((attribute) => ({
          name: attribute.name,
          description: `${attribute.source.description} (from ${join.dimension.name}, through ${join.column.name}; null when the ${join.dimension.singular.replaceAll('_', ' ')} has not arrived yet)`,
        })),
      ),
      {
        name: loadedAtColumn(entity),
        description: `When the loader wrote the row to raw.${entity.name} (UTC).`,
      },
    ],
  };
}
