import type { Entity, ProjectModel } from '../../../../source/engine/model/types.js';
import { lines, sqlIdentifier, sqlString } from '../../../shared/text.js';
import { loadedAtColumn } from '../columns.js';
import { entityByName, hashKeyName, stagingName } from '../layout.js';
import { relationships } from '../properties.js';
import {
  incrementalConfig,
  incrementalFilter,
  type IncrementalOptions,
} from './incremental-model.js';
import { CONTRACT, martColumn, roleOf, selectList, type MartModel } from './mart.js';

/**
 * Data vault 2.0: a hub per entity (its business key), a link per entity that references others
 * (the relationship), a satellite per entity (its descriptive attributes, one row per change,
 * detected by a hash diff). Every key is a hash from macros/surrogate_key.sql, so loads need no
 * lookups and hubs, links and satellites load in parallel; every table is insert-only.
 */
export function dataVaultMarts(model: ProjectModel): MartModel[] {
  return model.entities.flatMap((entity) => [
    hub(model, entity),
    ...(referencesOf(model, entity).length > 0 ? [link(model, entity)] : []),
    satellite(model, entity),
  ]);
}

const hubName = (entity: Entity) => `hub_${entity.singular}`;
const linkName = (entity: Entity) => `link_${entity.singular}`;
const satelliteName = (entity: Entity) => `sat_${entity.singular}`;
const recordSource = (entity: Entity) => sqlString(`raw.${entity.name}`);

function referencesOf(model: ProjectModel, entity: Entity) {
  return entity.columns.flatMap((column) => {
    const target = column.references ? entityByName(model, column.references.entity) : undefined;
    return target && target.name !== entity.name
      ? [{ column, target, hashKey: `${roleOf(column)}_hk` }]
      : [];
  });
}

const insertOnly = (uniqueKey: string[]): IncrementalOptions => ({
  uniqueKey,
  dateColumn: 'load_datetime',
  isTimestamp: true,
  isInsertOnly: true,
});

function vaultModel(
  model: ProjectModel,
  name: string,
  header: string[],
  entity: Entity,
  select: string[],
  options: IncrementalOptions,
): string {
  return lines(
    header.map((line) => `-- ${line}`),
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
  );
}

function hub(model: ProjectModel, entity: Entity): MartModel {
  const name = hubName(entity);
  const hashKey = hashKeyName(entity);
  const options = insertOnly([hashKey]);
  return {
    name,
    sql: vaultModel(
      model,
      name,
      [`${name}: every ${entity.key.name} ever seen, once, with when it was first loaded.`],
      entity,
      [
        `{{ surrogate_key(['${entity.key.name}']) }} as ${hashKey}`,
        sqlIdentifier(entity.key.name),
        `${loadedAtColumn(entity)} as load_datetime`,
        `cast(${recordSource(entity)} as {{ dbt.type_string() }}) as record_source`,
      ],
      options,
    ),
    properties: {
      name,
      description: `Hub of ${entity.name}: one row per business key ${entity.key.name}.`,
      config: CONTRACT,
      columns: [
        martColumn(model, hashKey, 'string', `Hash key: hash of ${entity.key.name}.`, [
          'unique',
          'not_null',
        ]),
        martColumn(model, entity.key.name, entity.key.type, entity.key.description, [
          'unique',
          'not_null',
        ]),
        martColumn(model, 'load_datetime', 'timestamp', 'When the key was first loaded (UTC).', [
          'not_null',
        ]),
        martColumn(model, 'record_source', 'string', 'The raw table the key came from.', [
          'not_null',
        ]),
      ],
    },
  };
}

function link(model: ProjectModel, entity: Entity): MartModel {
  const name = linkName(entity);
  const references = referencesOf(model, entity);
  const linkKey = `${entity.singular}_link_hk`;
  const keyColumns = [entity.key.name, ...references.map((reference) => reference.column.name)];
  const options = insertOnly([linkKey]);
  return {
    name,
    sql: vaultModel(
      model,
      name,
      [
        `${name}: the relationship of each ${entity.singular.replaceAll('_', ' ')} to ${references.map((reference) => reference.target.name).join(', ')}.`,
      ],
      entity,
      [
        `{{ surrogate_key([${keyColumns.map((column) => `'${column}'`).join(', ')}]) }} as ${linkKey}`,
        `{{ surrogate_key(['${entity.key.name}']) }} as ${hashKeyName(entity)}`,
        ...references.map(
          (reference) =>
            `{{ surrogate_key(['${reference.column.name}']) }} as ${reference.hashKey}`,
        ),
        `${loadedAtColumn(entity)} as load_datetime`,
        `cast(${recordSource(entity)} as {{ dbt.type_string() }}) as record_source`,
      ],
      options,
    ),
    properties: {
      name,
      description: `Link of ${entity.name} to ${references.map((reference) => reference.target.name).join(', ')}: one row per distinct combination of keys.`,
      config: CONTRACT,
      columns: [
        martColumn(model, linkKey, 'string', `Hash of ${keyColumns.join(', ')}.`, [
          'unique',
          'not_null',
        ]),
        martColumn(model, hashKeyName(entity), 'string', `Hash key of ${hubName(entity)}.`, [
          'not_null',
          relationships(`ref('${hubName(entity)}')`, hashKeyName(entity)),
        ]),
        ...references.map((reference) =>
          martColumn(
            model,
            reference.hashKey,
            'string',
            `Hash key of ${hubName(reference.target)} (through ${reference.column.name}).`,
            [relationships(`ref('${hubName(reference.target)}')`, hashKeyName(reference.target))],
          ),
        ),
        martColumn(
          model,
          'load_datetime',
          'timestamp',
          'When the relationship was first loaded (UTC).',
          ['not_null'],
        ),
        martColumn(model, 'record_source', 'string', 'The raw table the relationship came from.', [
          'not_null',
        ]),
      ],
    },
  };
}

function satellite(model: ProjectModel, entity: Entity): MartModel {
  const name = satelliteName(entity);
  const hashKey = hashKeyName(entity);
  const attributes = entity.columns.filter((column) => !column.isKey && !column.references);
  // A satellite's key is (hash key, load time); a version is new when its hash diff differs from
  // the latest loaded one, so a change back to an earlier state (A → B → A) is recorded too.
  const options: IncrementalOptions = {
    ...insertOnly([hashKey, 'load_datetime']),
    skipCondition: (alias) => [
      '-- Insert-only: a version equal to the latest loaded one is not a change.',
      'and not exists (',
      '    select 1',
      '    from (',
      `        select ${hashKey}, hash_diff, row_number() over (partition by ${hashKey} order by load_datetime desc) as version_rank`,
      '        from {{ this }}',
      '    ) as latest',
      `    where latest.version_rank = 1 and latest.${hashKey} = ${alias}.${hashKey} and latest.hash_diff = ${alias}.hash_diff`,
      ')',
    ],
  };
  return {
    name,
    sql: vaultModel(
      model,
      name,
      [
        `${name}: the descriptive attributes of ${entity.name}, one row per change.`,
        'hash_diff hashes the attributes: a version equal to the latest loaded one is skipped.',
      ],
      entity,
      [
        `{{ surrogate_key(['${entity.key.name}']) }} as ${hashKey}`,
        `{{ surrogate_key([${attributes.map((column) => `'${column.name}'`).join(', ')}]) }} as hash_diff`,
        ...attributes.map((column) => sqlIdentifier(column.name)),
        `${loadedAtColumn(entity)} as load_datetime`,
        `cast(${recordSource(entity)} as {{ dbt.type_string() }}) as record_source`,
      ],
      options,
    ),
    properties: {
      name,
      description: `Satellite of ${entity.name}: one row per change of its attributes (${hashKey}, load_datetime).`,
      config: CONTRACT,
      columns: [
        martColumn(model, hashKey, 'string', `Hash key of ${hubName(entity)}.`, [
          'not_null',
          relationships(`ref('${hubName(entity)}')`, hashKey),
        ]),
        martColumn(
          model,
          'hash_diff',
          'string',
          'Hash of the attributes: changes when any attribute changes.',
          ['not_null'],
        ),
        ...attributes.map((column) =>
          martColumn(model, column.name, column.type, column.description),
        ),
        martColumn(model, 'load_datetime', 'timestamp', 'When this version was loaded (UTC).', [
          'not_null',
        ]),
        martColumn(model, 'record_source', 'string', 'The raw table the version came from.', [
          'not_null',
        ]),
      ],
    },
  };
}
