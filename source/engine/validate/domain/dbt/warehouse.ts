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
