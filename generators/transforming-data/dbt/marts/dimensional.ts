import type { Entity, ProjectModel } from '../../../../source/engine/model/types.js';
import { lines, sqlIdentifier } from '../../../shared/text.js';
import { eventDateColumn, loadedAtColumn } from '../columns.js';
import {
  dimensionName,
  entityByName,
  factName,
  intermediateName,
  stagingName,
  surrogateKeyName,
} from '../layout.js';
import { columnTests, relationships } from '../properties.js';
import { incrementalConfig, incrementalFilter } from './incremental-model.js';
import { CONTRACT, martColumn, roleOf, selectList, type MartModel } from './mart.js';

/** Mart of an entity in a star schema: dim_ for dimensions, fct_ for facts. */
const martOf = (entity: Entity) =>
  entity.kind === 'fact' ? factName(entity) : dimensionName(entity);

/** The surrogate keys of the dimensions an entity references, named after the foreign key's role. */
function dimensionKeys(model: ProjectModel, entity: Entity) {
  return entity.columns.flatMap((column) => {
    const target = column.references ? entityByName(model, column.references.entity) : undefined;
    return target?.kind === 'dimension' ? [{ column, target, name: `${roleOf(column)}_key` }] : [];
  });
}

/**
 * Dimensional marts (Kimball): dim_<dimension> tables keyed by a hashed surrogate key, and
 * fct_<fact> incremental tables carrying the dimensions' surrogate keys (computed from the natural
 * keys, so facts never wait for a lookup) next to the natural keys and measures.
 */
export function dimensionalMarts(model: ProjectModel): MartModel[] {
  return [
    ...model.dimensions.map((dimension) => dimensionMart(model, dimension)),
    ...model.facts.map((fact) => factMart(model, fact)),
  ];
}

function dimensionMart(model: ProjectModel, entity: Entity): MartModel {
  const name = dimensionName(entity);
  const keys = dimensionKeys(model, entity);
  const select = [
    `{{ surrogate_key(['${entity.key.name}']) }} as ${surrogateKeyName(entity)}`,
    ...keys.map((key) => `{{ surrogate_key(['${key.column.name}']) }} as ${key.name}`),
    ...entity.columns.map((column) => sqlIdentifier(column.name)),
  ];
  return {
    name,
    sql: lines(
      `-- ${name}: one row per ${entity.singular.replaceAll('_', ' ')}, its latest version (type 1: changes overwrite).`,
      `-- ${surrogateKeyName(entity)} hashes ${entity.key.name}, so facts derive it without a lookup.`,
      '',
      'select',
      selectList(select),
      '',
      `from {{ ref('${stagingName(entity)}') }}`,
    ),
    properties: {
      name,
      description: `${entity.description} One row per ${entity.key.name} (latest version).`,
      config: CONTRACT,
      columns: [
        martColumn(
          model,
          surrogateKeyName(entity),
          'string',
          `Surrogate key: hash of ${entity.key.name}.`,
          ['unique', 'not_null'],
        ),
        ...keys.map((key) =>
          martColumn(
            model,
            key.name,
            'string',
            `Surrogate key of ${key.target.name} (hash of ${key.column.name}).`,
            [relationships(`ref('${dimensionName(key.target)}')`, surrogateKeyName(key.target))],
          ),
        ),
        ...entity.columns.map((column) =>
          martColumn(
            model,
            column.name,
            column.type,
            column.description,
            columnTests(model, column, entity, martOf),
          ),
        ),
      ],
    },
  };
}

function factMart(model: ProjectModel, entity: Entity): MartModel {
  const name = factName(entity);
  const keys = dimensionKeys(model, entity);
  const eventDate = eventDateColumn(entity);
  const loadedAt = loadedAtColumn(entity);
  const options = { uniqueKey: [entity.key.name], dateColumn: eventDate };
  const select = [
    sqlIdentifier(entity.key.name),
    ...keys.map((key) => `{{ surrogate_key(['${key.column.name}']) }} as ${key.name}`),
    ...entity.columns.filter((column) => !column.isKey).map((column) => sqlIdentifier(column.name)),
    eventDate,
    loadedAt,
  ];
  return {
    name,
    sql: lines(
      `-- ${name}: one row per ${entity.singular.replaceAll('_', ' ')}, built incrementally.`,
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
      'select',
      selectList(select),
      '',
      'from enriched',
      incrementalFilter(model, 'enriched', options),
    ),
    properties: {
      name,
      description: `${entity.description} One row per ${entity.key.name}; incremental, each run reprocesses the last lookback_days days (a project var) for late data.`,
      config: CONTRACT,
      columns: [
        martColumn(model, entity.key.name, entity.key.type, entity.key.description, [
          'unique',
          'not_null',
        ]),
        ...keys.map((key) =>
          martColumn(
            model,
            key.name,
            'string',
            `Surrogate key of ${key.target.name} (hash of ${key.column.name}).`,
            [relationships(`ref('${dimensionName(key.target)}')`, surrogateKeyName(key.target))],
          ),
        ),
        ...entity.columns
          .filter((column) => !column.isKey)
          .map((column) =>
            martColumn(
              model,
              column.name,
              column.type,
              column.description,
              columnTests(model, column, entity, martOf),
            ),
          ),
        martColumn(
          model,
          eventDate,
          'date',
          `Date of ${entity.eventTime.name} (UTC): the partition and the daily grain.`,
          ['not_null'],
        ),
        martColumn(
          model,
          loadedAt,
          'timestamp',
          `When the loader wrote the row to raw.${entity.name} (UTC).`,
        ),
      ],
    },
  };
}
