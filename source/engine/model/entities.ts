import { pascalCase, singularize } from './naming.js';
import type { Column, Entity } from './types.js';

export interface KnownEntity {
  kind: 'fact' | 'dimension';
  description: string;
  eventTime: string;
  columns: Column[];
}

export type EntityCatalogue = ReadonlyMap<string, KnownEntity>;

/** Names that read as events get the fact shape; anything else is a dimension. */
const EVENT_NAME =
  /(events|views|clicks|readings|logs|transactions|payments|shipments|messages|impressions|visits|calls|measurements)$/;

/**
 * The project's entities: known shapes where the catalogue has them, a generic shape otherwise.
 * Relationships to entities outside the project are dropped (the column stays, untested).
 */
export function buildEntities(names: readonly string[], catalogue: EntityCatalogue): Entity[] {
  const chosen = new Set(names);
  const entities = names.map((name): Omit<Entity, 'sampleRows'> => {
    const singular = singularize(name);
    const known = catalogue.get(name);
    if (known) {
      const columns = known.columns.map((column) => {
        if (column.references && !chosen.has(column.references.entity)) {
          const { references: _dropped, ...rest } = column;
          return rest;
        }
        return { ...column };
      });
      const key = columns.find((column) => column.isKey) as Column;
      const eventTime = columns.find((column) => column.name === known.eventTime) as Column;
      return {
        name,
        singular,
        pascal: pascalCase(singular),
        kind: known.kind,
        description: known.description,
        columns,
        key,
        eventTime,
        isKnown: true,
      };
    }
    return genericEntity(name, singular);
  });
  const rows = sampleRows(entities);
  return entities.map((entity) => ({ ...entity, sampleRows: rows.get(entity.name) ?? [] }));
}

function genericEntity(name: string, singular: string): Omit<Entity, 'sampleRows'> {
  const isFact = EVENT_NAME.test(name);
  const key: Column = {
    name: `${singular}_id`,
    type: 'string',
    description: `Unique identifier of the ${singular.replaceAll('_', ' ')}.`,
    isKey: true,
    isNullable: false,
    isPii: false,
  };
  const columns: Column[] = [key];
  if (isFact) {
    const occurred: Column = {
      name: 'occurred_at',
      type: 'timestamp',
      description: 'When it happened (UTC).',
      isKey: false,
      isNullable: false,
      isPii: false,
    };
    columns.push(
      {
        name: `${singular}_type`,
        type: 'string',
        description: `Kind of ${singular.replaceAll('_', ' ')}; refine the accepted values.`,
        isKey: false,
        isNullable: false,
        isPii: false,
        examples: ['standard', 'priority', 'internal'],
      },
      {
        name: 'amount',
        type: 'decimal',
        description: 'Measure attached to the event; rename to what it measures.',
        isKey: false,
        isNullable: true,
        isPii: false,
      },
      occurred,
    );
    return {
      name,
      singular,
      pascal: pascalCase(singular),
      kind: 'fact',
      description: `A ${singular.replaceAll('_', ' ')} event (generic shape: refine the columns).`,
      columns,
      key,
      eventTime: occurred,
      isKnown: false,
    };
  }
  const updated: Column = {
    name: 'updated_at',
    type: 'timestamp',
    description: 'Last change (UTC).',
    isKey: false,
    isNullable: false,
    isPii: false,
  };
  columns.push(
    {
      name: `${singular}_name`,
      type: 'string',
      description: `Display name of the ${singular.replaceAll('_', ' ')}.`,
      isKey: false,
      isNullable: false,
      isPii: false,
    },
    {
      name: `${singular}_status`,
      type: 'string',
      description: 'Lifecycle status.',
      isKey: false,
      isNullable: false,
      isPii: false,
      acceptedValues: ['active', 'inactive'],
    },
    {
      name: 'created_at',
      type: 'timestamp',
      description: 'When it was created (UTC).',
      isKey: false,
      isNullable: false,
      isPii: false,
    },
    updated,
  );
  return {
    name,
    singular,
    pascal: pascalCase(singular),
    kind: 'dimension',
    description: `A ${singular.replaceAll('_', ' ')} (generic shape: refine the columns).`,
    columns,
    key,
    eventTime: updated,
    isKnown: false,
  };
}

const DIMENSION_ROWS = 8;
const FACT_ROWS = 24;
/** Sample data lives in a fixed window so seeds are identical on every run. */
const SAMPLE_START = Date.UTC(2026, 0, 5, 8, 0, 0);

/**
 * Deterministic, referentially intact sample rows: foreign keys point at rows that exist, accepted
 * values cycle, timestamps increase. Seeds and test events use them, and the dbt tests pass on them.
 */
function sampleRows(
  entities: readonly Omit<Entity, 'sampleRows'>[],
): Map<string, Record<string, string>[]> {
  const byName = new Map(entities.map((entity) => [entity.name, entity]));
  const countOf = (entity: Omit<Entity, 'sampleRows'>) =>
    entity.kind === 'fact' ? FACT_ROWS : DIMENSION_ROWS;
  const keyValue = (entity: Omit<Entity, 'sampleRows'>, index: number) =>
    `${entity.singular
      .split('_')
      .map((part) => part.charAt(0))
      .join('')}_${String(index + 1).padStart(4, '0')}`;
  const result = new Map<string, Record<string, string>[]>();
  for (const entity of entities) {
    const rows: Record<string, string>[] = [];
    const count = countOf(entity);
    for (let index = 0; index < count; index++) {
      const row: Record<string, string> = {};
      for (const [columnIndex, column] of entity.columns.entries()) {
        row[column.name] = sampleValue(
          entity,
          column,
          index,
          columnIndex,
          byName,
          keyValue,
          countOf,
        );
      }
      rows.push(row);
    }
    result.set(entity.name, rows);
  }
  return result;
}

function sampleValue(
  entity: Omit<Entity, 'sampleRows'>,
  column: Column,
  index: number,
  columnIndex: number,
  byName: Map<string, Omit<Entity, 'sampleRows'>>,
  keyValue: (entity: Omit<Entity, 'sampleRows'>, index: number) => string,
  countOf: (entity: Omit<Entity, 'sampleRows'>) => number,
): string {
  if (column.isKey) return keyValue(entity, index);
  if (column.references) {
    const target = byName.get(column.references.entity);
    if (target) return keyValue(target, (index * 7 + columnIndex) % countOf(target));
  }
  // Nullable columns are null on every fifth row, so not_null tests are honest about them.
  if (column.isNullable && index % 5 === 4) return '';
  if (column.acceptedValues)
    return column.acceptedValues[index % column.acceptedValues.length] ?? '';
  if (column.examples) return column.examples[(index + columnIndex) % column.examples.length] ?? '';
  const minutes = (index * 37 + columnIndex * 3) % 720;
  switch (column.type) {
    case 'timestamp': {
      // Later columns of a row are later in time (created_at <= updated_at, started_at <= ended_at).
      const time = SAMPLE_START + index * 3_600_000 + columnIndex * 60_000 + minutes * 1000;
      return new Date(time).toISOString().replace('T', ' ').replace('.000Z', '');
    }
    case 'date':
      return new Date(SAMPLE_START + index * 86_400_000).toISOString().slice(0, 10);
    case 'integer':
    case 'bigint':
      return String(1 + ((index * 13 + columnIndex * 5) % 97));
    case 'decimal':
      return (5 + ((index * 1731 + columnIndex * 97) % 49_000) / 100).toFixed(2);
    case 'double':
      return (18 + ((index * 211 + columnIndex) % 1200) / 100).toFixed(2);
    case 'boolean':
      return index % 4 === 3 ? 'false' : 'true';
    case 'string':
      if (column.isPii) return sha256Like(`${entity.name}-${index}`);
      return `${column.name.replace(/_(name|id)$/, '')}_${index + 1}`;
  }
}

/** A stable 64-hex-digit stand-in for a SHA-256 value (FNV-1a expanded): sample data only. */
function sha256Like(seed: string): string {
  let output = '';
  let hash = 0x811c9dc5;
  for (let round = 0; output.length < 64; round++) {
    for (const char of `${seed}:${round}`) {
      hash ^= char.charCodeAt(0);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    output += hash.toString(16).padStart(8, '0');
  }
  return output.slice(0, 64);
}
