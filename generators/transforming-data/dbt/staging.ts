import type { Entity, ProjectModel } from '../../../source/engine/model/types.js';
import { keepsLatestState } from '../../shared/data-architecture.js';
import { lines, sqlIdentifier } from '../../shared/text.js';
import { loadedAtColumn, stagingCast } from './columns.js';
import { stagingName } from './layout.js';
import { columnTests, type ModelProperties } from './properties.js';

/**
 * stg_<entity>: the only layer that reads sources. It renames and casts, and it deduplicates,
 * because the loaders deliver at least once: an immutable event (a fact from producers) keeps its
 * first delivery; a changelog (a dimension, or any table captured by CDC) its latest version by
 * event time, then by arrival.
 */
export function stagingSql(
  entity: Entity,
  model: Pick<ProjectModel, 'flags' | 'streaming'>,
): string {
  const key = sqlIdentifier(entity.key.name);
  const loadedAt = loadedAtColumn(entity);
  const isFact = !keepsLatestState(model, entity);
  const typed = [
    ...entity.columns.map(
      (column) =>
        `${stagingCast(column, sqlIdentifier(column.name))} as ${sqlIdentifier(column.name)}`,
    ),
    `${stagingCast({ ...entity.eventTime, name: '_loaded_at' }, '_loaded_at')} as ${loadedAt}`,
  ];
  const output = [...entity.columns.map((column) => sqlIdentifier(column.name)), loadedAt];
  return lines(
    `-- ${stagingName(entity)}: raw.${entity.name} renamed and typed, one row per ${entity.key.name}.`,
    isFact
      ? `-- Loaders deliver at least once, so the same ${entity.singular.replaceAll('_', ' ')} can land twice: the first delivery wins.`
      : `-- The raw table keeps every version of a ${entity.singular.replaceAll('_', ' ')}${entity.kind === 'fact' ? ' (change data capture publishes each change of the row)' : ''}: the latest by ${entity.eventTime.name}, then by arrival, wins.`,
    `-- Timestamps become UTC instants: timestamptz on Postgres, UTC timestamps without time zone elsewhere (macros/to_utc_timestamp.sql).`,
    '',
    'with',
    '',
    'source as (',
    '',
    `    select * from {{ source('raw', '${entity.name}') }}`,
    '',
    '),',
    '',
    'typed as (',
    '',
    '    select',
    typed.map((line, index) => `        ${line}${index < typed.length - 1 ? ',' : ''}`),
    '',
    '    from source',
    '',
    '),',
    '',
    'ranked as (',
    '',
    '    select',
    '        typed.*,',
    '        row_number() over (',
    `            partition by ${key}`,
    isFact
      ? `            order by ${loadedAt} asc`
      : `            order by ${sqlIdentifier(entity.eventTime.name)} desc, ${loadedAt} desc`,
    `        ) as ${isFact ? 'delivery_rank' : 'version_rank'}`,
    '',
    '    from typed',
    '',
    ')',
    '',
    'select',
    output.map((name, index) => `    ${name}${index < output.length - 1 ? ',' : ''}`),
    '',
    'from ranked',
    `where ${isFact ? 'delivery_rank' : 'version_rank'} = 1`,
  );
}

/** The properties of a staging model: every column documented, keys and references tested. */
export function stagingProperties(model: ProjectModel, entity: Entity): ModelProperties {
  const loadedAt = loadedAtColumn(entity);
  return {
    name: stagingName(entity),
    description: `${entity.description} One row per ${entity.key.name}, typed and deduplicated from raw.${entity.name}.`,
    columns: [
      ...entity.columns.map((column) => ({
        name: column.name,
        description: column.description,
        data_tests: columnTests(model, column, entity, stagingName),
      })),
      {
        name: loadedAt,
        description: `When the loader wrote the ${keepsLatestState(model, entity) ? 'kept version' : 'first delivery'} to raw.${entity.name} (UTC).`,
        data_tests: ['not_null'],
      },
    ].map(({ data_tests, ...rest }) => (data_tests.length > 0 ? { ...rest, data_tests } : rest)),
  };
}
