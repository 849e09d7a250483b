import type { Entity, ProjectModel } from '../../../source/engine/model/types.js';
import { keepsLatestState } from '../../shared/data-architecture.js';
import { SEED_TYPES } from './columns.js';

/**
 * seeds/<entity>.csv: the entity's deterministic sample rows shaped like the raw table (with
 * `_loaded_at`), plus the re-deliveries at-least-once loading produces, so the staging
 * deduplication and its unique tests are exercised on every local build: an event's first row is
 * delivered twice, a changelog's first row (a dimension, or a table captured by CDC) also arrives
 * in an older version.
 */
export function seedRows(
  entity: Entity,
  model?: Pick<ProjectModel, 'flags' | 'streaming'>,
): Record<string, string>[] {
  const rows = entity.sampleRows.map((row): Record<string, string> => ({
    ...utcTimestamps(entity, row),
    _loaded_at: loadedAt(row[entity.eventTime.name] ?? '', 90),
  }));
  const first = rows[0];
  if (!first) return rows;
  const eventTime = entity.eventTime.name;
  const isChangelog = model ? keepsLatestState(model, entity) : entity.kind === 'dimension';
  if (!isChangelog) {
    rows.push({ ...first, _loaded_at: shift(first._loaded_at ?? '', 5 * 60) });
  } else {
    const older = shift(first[eventTime] ?? '', -3600);
    rows.push({ ...first, [eventTime]: older, _loaded_at: shift(first._loaded_at ?? '', -3600) });
  }
  return rows;
}

export function seedCsv(entity: Entity, model?: Pick<ProjectModel, 'flags' | 'streaming'>): string {
  const header = [...entity.columns.map((column) => column.name), '_loaded_at'];
  const body = seedRows(entity, model).map((row) =>
    header.map((name) => csvField(row[name] ?? '')).join(','),
  );
  return `${[header.join(','), ...body].join('\n')}\n`;
}

/** seeds/_seeds.yml entry: the seed's column types are the local raw table's types. */
export function seedProperties(entity: Entity): unknown {
  return {
    name: entity.name,
    description: `Sample of raw.${entity.name} for local builds, including at-least-once re-deliveries.`,
    config: {
      column_types: Object.fromEntries<string>([
        ...entity.columns.map((column): [string, string] => [column.name, SEED_TYPES[column.type]]),
        ['_loaded_at', SEED_TYPES.timestamp],
      ]),
    },
    columns: [
      ...entity.columns.map((column) => ({ name: column.name, description: column.description })),
      { name: '_loaded_at', description: 'When the loader wrote the row (UTC).' },
    ],
  };
}

/** Timestamps carry an explicit UTC offset so they load into timestamptz the same in any session time zone. */
function utcTimestamps(entity: Entity, row: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...row };
  for (const column of entity.columns) {
    const value = row[column.name];
    if (column.type === 'timestamp' && value) out[column.name] = `${value}+00`;
  }
  return out;
}

function loadedAt(eventTime: string, delaySeconds: number): string {
  return eventTime === '' ? '2026-01-05 08:00:00+00' : shift(`${eventTime}+00`, delaySeconds);
}

/** `2026-01-05 08:00:00+00` moved by `seconds`. */
function shift(timestamp: string, seconds: number): string {
  const time = Date.parse(`${timestamp.replace(' ', 'T').replace(/\+00$/, '')}Z`);
  return `${new Date(time + seconds * 1000).toISOString().replace('T', ' ').replace('.000Z', '')}+00`;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
