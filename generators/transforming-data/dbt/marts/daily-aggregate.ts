import type { Entity, ProjectModel } from '../../../../source/engine/model/types.js';
import { lines, sqlIdentifier } from '../../../shared/text.js';
import { eventDateColumn, measureColumns } from '../columns.js';
import { dailyName, intermediateName, segmentOf } from '../layout.js';
import { acceptedValues } from '../properties.js';
import { CONTRACT, martColumn, roleOf, selectList, type MartModel } from './mart.js';

/**
 * agg_<fact>_daily: one row per day (and segment, when the fact or a dimension it references has a
 * closed set of values): counts, distinct counts of each reference, sums of additive measures and
 * averages of the double ones. Rebuilt as a table on every run: it is small, and rebuilding it
 * keeps late data and corrections consistent without partition bookkeeping.
 */
export function dailyAggregates(model: ProjectModel): MartModel[] {
  return model.facts.map((fact) => dailyAggregate(model, fact));
}

function dailyAggregate(model: ProjectModel, entity: Entity): MartModel {
  const name = dailyName(entity);
  const eventDate = eventDateColumn(entity);
  const segment = segmentOf(model, entity);
  const references = entity.columns.filter((column) => column.references);
  const measures = measureColumns(entity);
  const countName = `${entity.singular}_count`;
  const dailyKey = `${entity.singular}_daily_key`;
  const grain = [eventDate, ...(segment ? [segment.name] : [])];
  const select = [
    `{{ surrogate_key([${grain.map((column) => `'${column}'`).join(', ')}]) }} as ${dailyKey}`,
    ...grain.map(sqlIdentifier),
    `cast(count(*) as {{ dbt.type_bigint() }}) as ${countName}`,
    ...references.map(
      (column) =>
        `cast(count(distinct ${sqlIdentifier(column.name)}) as {{ dbt.type_bigint() }}) as distinct_${roleOf(column)}_count`,
    ),
    ...measures.map((column) =>
      column.type === 'double'
        ? `cast(avg(${sqlIdentifier(column.name)}) as {{ type_double() }}) as avg_${column.name}`
        : column.type === 'decimal'
          ? `cast(sum(${sqlIdentifier(column.name)}) as numeric(18, 2)) as total_${column.name}`
          : `cast(sum(${sqlIdentifier(column.name)}) as {{ dbt.type_bigint() }}) as total_${column.name}`,
    ),
  ];
  return {
    name,
    sql: lines(
      `-- ${name}: ${entity.name} per day${segment ? ` and ${segment.name}` : ''}.`,
      '',
      'with',
      '',
      'enriched as (',
      '',
      `    select * from {{ ref('${intermediateName(entity)}') }}`,
      '',
      ')',
      '',
      'select',
      selectList(select),
      '',
      'from enriched',
      `group by ${grain.map(sqlIdentifier).join(', ')}`,
    ),
    properties: {
      name,
      description: `Daily ${entity.name}${segment ? ` by ${segment.name}` : ''}: one row per ${grain.join(' and ')}.`,
      config: CONTRACT,
      columns: [
        martColumn(model, dailyKey, 'string', `Key of the row: hash of ${grain.join(' and ')}.`, [
          'unique',
          'not_null',
        ]),
        martColumn(model, eventDate, 'date', `Day of ${entity.eventTime.name} (UTC).`, [
          'not_null',
        ]),
        ...(segment
          ? [
              martColumn(
                model,
                segment.name,
                'string',
                `Segment: ${segment.values.join(', ')} (null when unknown).`,
                [acceptedValues(segment.values)],
              ),
            ]
          : []),
        martColumn(model, countName, 'bigint', `Number of ${entity.name}.`, ['not_null']),
        ...references.map((column) =>
          martColumn(
            model,
            `distinct_${roleOf(column)}_count`,
            'bigint',
            `Distinct ${column.name} values.`,
          ),
        ),
        ...measures.map((column) =>
          column.type === 'double'
            ? martColumn(model, `avg_${column.name}`, 'double', `Average of ${column.name}.`)
            : martColumn(
                model,
                `total_${column.name}`,
                column.type === 'decimal' ? 'decimal' : 'bigint',
                `Sum of ${column.name}.`,
              ),
        ),
      ],
    },
  };
}
