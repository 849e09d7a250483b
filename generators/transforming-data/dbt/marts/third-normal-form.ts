import type { Entity, ProjectModel } from '../../../../source/engine/model/types.js';
import { lines, sqlIdentifier } from '../../../shared/text.js';
import { eventDateColumn, loadedAtColumn } from '../columns.js';
import { stagingName } from '../layout.js';
import { columnTests } from '../properties.js';
import { incrementalConfig, incrementalFilter } from './incremental-model.js';
import { CONTRACT, martColumn, selectList, type MartModel } from './mart.js';

const coreName = (entity: Entity) => `core_${entity.name}`;

/**
 * Third normal form (Inmon): one core table per entity, each fact stored once, each attribute in
 * the table of the key it depends on; relationships are foreign keys (declared as relationships
 * tests: dbt rebuilds tables by swapping them, which enforced foreign-key constraints would block).
 * The key is a declared primary key: enforced on Postgres and DuckDB, informational elsewhere.
 */
export function thirdNormalFormMarts(model: ProjectModel): MartModel[] {
  return model.entities.map((entity) =>
    entity.kind === 'fact' ? coreFact(model, entity) : coreDimension(model, entity),
  );
}

function keyConstraints(model: ProjectModel) {
  // Databricks declares primary keys only as table constraints in Unity Catalog; not_null is portable.
  return model.architecture.warehouse === 'databricks'
    ? [{ type: 'not_null' }]
    : [{ type: 'not_null' }, { type: 'primary_key' }];
}

function columnsOf(model: ProjectModel, entity: Entity) {
  return entity.columns.map((column) =>
    martColumn(
      model,
      column.name,
      column.type,
      column.description,
      columnTests(model, column, entity, coreName),
      column.isKey ? { constraints: keyConstraints(model) } : {},
    ),
  );
}

function coreDimension(model: ProjectModel, entity: Entity): MartModel {
  const name = coreName(entity);
  return {
    name,
    sql: lines(
      `-- ${name}: one row per ${entity.key.name}, its current version.`,
      '',
      'select',
      selectList(entity.columns.map((column) => sqlIdentifier(column.name))),
      '',
      `from {{ ref('${stagingName(entity)}') }}`,
    ),
    properties: {
      name,
      description: `${entity.description} Core table: one row per ${entity.key.name}.`,
      config: CONTRACT,
      columns: columnsOf(model, entity),
    },
  };
}

function coreFact(model: ProjectModel, entity: Entity): MartModel {
  const name = coreName(entity);
  const eventDate = eventDateColumn(entity);
  const options = { uniqueKey: [entity.key.name], dateColumn: eventDate };
  const select = [
    ...entity.columns.map((column) => sqlIdentifier(column.name)),
    `{{ to_utc_date('${sqlIdentifier(entity.eventTime.name)}') }} as ${eventDate}`,
    loadedAtColumn(entity),
  ];
  return {
    name,
    sql: lines(
      `-- ${name}: one row per ${entity.key.name}, built incrementally.`,
      incrementalConfig(model, options),
      '',
      'with',
      '',
      'staged as (',
      '',
      '    select',
      selectList(select, 8),
      '',
      `    from {{ ref('${stagingName(entity)}') }}`,
      '',
      ')',
      '',
      'select * from staged',
      incrementalFilter(model, 'staged', options),
    ),
    properties: {
      name,
      description: `${entity.description} Core table: one row per ${entity.key.name}; incremental with a lookback for late data.`,
      config: CONTRACT,
      columns: [
        ...columnsOf(model, entity),
        martColumn(model, eventDate, 'date', `Date of ${entity.eventTime.name} (UTC).`, [
          'not_null',
        ]),
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
