/** Text helpers for the SQL the validator writes (no DuckDB import: rendering stays light). */

/** `DECIMAL(18,2)` → `DECIMAL`: dbt compares contract types without size, precision or scale. */
export const baseType = (type: string) =>
  type
    .replace(/\(.*\)$/, '')
    .trim()
    .toUpperCase();

/** A value from YAML as a SQL literal. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.replaceAll("'", "''")}'`;
}

/** A YAML or Jinja value as text: strings as they are, anything else as JSON. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === null || value === undefined) return '';
  const rendered = (value as { toString?: () => string }).toString?.();
  return rendered !== undefined && rendered !== '[object Object]'
    ? rendered
    : JSON.stringify(value);
}

export const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;
