import type { Column, Entity } from '../../source/engine/model/types.js';

/**
 * The canonical JSON form of an event, shared by every client language: strings for keys and text,
 * numbers for integers and doubles, decimals as strings (no float rounding), timestamps as
 * RFC 3339 UTC strings, dates as ISO dates, null for missing values. It is the JSON Schema wire
 * format, the Protobuf JSON mapping and the value form the DuckDB loaders bind, so sample files
 * and decoded events look the same in every language.
 */
export type CanonicalValue = string | number | boolean | null;

export function canonicalValue(column: Column, raw: string | undefined): CanonicalValue {
  if (raw === undefined || (raw === '' && (column.isNullable || column.type !== 'string')))
    return null;
  switch (column.type) {
    case 'integer':
    case 'bigint':
      return Number.parseInt(raw, 10);
    case 'double':
      return Number.parseFloat(raw);
    case 'boolean':
      return raw === 'true';
    case 'timestamp':
      return `${raw.replace(' ', 'T')}Z`;
    case 'decimal':
    case 'date':
    case 'string':
      return raw;
  }
}

export function canonicalRows(entity: Entity): Record<string, CanonicalValue>[] {
  return entity.sampleRows.map((row) =>
    Object.fromEntries(
      entity.columns.map((column) => [column.name, canonicalValue(column, row[column.name])]),
    ),
  );
}

/** `streaming/samples/<entity>.jsonl`: one JSON event per line, keyed by the entity key. */
export function renderSamples(entity: Entity): string {
  return `${canonicalRows(entity)
    .map((row) => JSON.stringify(row))
    .join('\n')}\n`;
}
