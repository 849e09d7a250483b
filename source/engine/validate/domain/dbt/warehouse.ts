import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** One in-memory DuckDB for a validation run. */
export class Warehouse {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<Warehouse> {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    // A fixed session time zone: the results cannot depend on the machine running the validation.
    await connection.run("set TimeZone = 'UTC'");
    return new Warehouse(instance, connection);
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async rows(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJson();
  }

  /** Names and DuckDB types of a query's columns, without running it on data. */
  async columns(sql: string): Promise<{ name: string; type: string }[]> {
    const reader = await this.connection.runAndReadAll(
      `select * from (\n${sql}\n) as query_columns limit 0`,
    );
    const types = reader.columnTypes();
    return reader.columnNames().map((name, index) => ({ name, type: String(types[index]) }));
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

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
