import type { Warehouse } from '../../source/engine/model/types.js';
import { lines } from './text.js';

/**
 * A small Python module that connects to one warehouse engine and runs statements, for the
 * generated tools that talk to the warehouse (plan capture, applying indexes.sql, the freshness
 * exporter). Credentials come only from environment variables of the registry (model.env); the
 * local target is always the DuckDB file at DUCKDB_PATH.
 */

/** The pip requirement of each engine's client (DuckDB's is in every project's requirements). */
export const WAREHOUSE_CLIENT_REQUIREMENTS: Record<Warehouse, string | undefined> = {
  duckdb: undefined,
  postgres: 'psycopg[binary]>=3.2,<4',
  redshift: 'redshift-connector>=2.1,<3',
  snowflake: 'snowflake-connector-python>=3.12,<4',
  bigquery: 'google-cloud-bigquery>=3.27,<4',
  databricks: 'databricks-sql-connector>=4.0,<5',
};

/** The environment variables the client of each engine reads. */
export const WAREHOUSE_CLIENT_VARIABLES: Record<Warehouse, string[]> = {
  duckdb: ['DUCKDB_PATH'],
  postgres: ['POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD'],
  redshift: [
    'REDSHIFT_HOST',
    'REDSHIFT_PORT',
    'REDSHIFT_DATABASE',
    'REDSHIFT_USER',
    'REDSHIFT_PASSWORD',
  ],
  snowflake: [
    'SNOWFLAKE_ACCOUNT',
    'SNOWFLAKE_USER',
    'SNOWFLAKE_PRIVATE_KEY_PATH',
    'SNOWFLAKE_ROLE',
    'SNOWFLAKE_WAREHOUSE',
    'SNOWFLAKE_DATABASE',
  ],
  bigquery: ['GCP_PROJECT_ID', 'BIGQUERY_LOCATION'],
  databricks: ['DATABRICKS_HOST', 'DATABRICKS_HTTP_PATH', 'DATABRICKS_TOKEN', 'DATABRICKS_CATALOG'],
};

function connectBody(engine: Warehouse, readOnly: boolean): string[] {
  switch (engine) {
    case 'duckdb':
      return [
        '    import duckdb',
        '',
        `    return _DbApi(duckdb.connect(_require("DUCKDB_PATH"), read_only=${readOnly ? 'True' : 'read_only'}), "duckdb")`,
      ];
    case 'postgres':
      return [
        '    import psycopg',
        '',
        '    # autocommit: CREATE INDEX CONCURRENTLY, VACUUM and REFRESH … CONCURRENTLY refuse to run in a transaction.',
        '    connection = psycopg.connect(',
        '        host=_require("POSTGRES_HOST"),',
        '        port=int(_require("POSTGRES_PORT")),',
        '        dbname=_require("POSTGRES_DB"),',
        '        user=_require("POSTGRES_USER"),',
        '        password=_require("POSTGRES_PASSWORD"),',
        '        autocommit=True,',
        '        application_name="sql-tools",',
        '    )',
        '    return _DbApi(connection, "postgres")',
      ];
    case 'redshift':
      return [
        '    import redshift_connector',
        '',
        '    connection = redshift_connector.connect(',
        '        host=_require("REDSHIFT_HOST"),',
        '        port=int(_require("REDSHIFT_PORT")),',
        '        database=_require("REDSHIFT_DATABASE"),',
        '        user=_require("REDSHIFT_USER"),',
        '        password=_require("REDSHIFT_PASSWORD"),',
        '    )',
        '    # VACUUM and ALTER … SORTKEY cannot run inside a transaction block.',
        '    connection.autocommit = True',
        '    return _DbApi(connection, "redshift")',
      ];
    case 'snowflake':
      return [
        '    import snowflake.connector',
        '',
        '    # Key-pair authentication: service users have no password.',
        '    connection = snowflake.connector.connect(',
        '        account=_require("SNOWFLAKE_ACCOUNT"),',
        '        user=_require("SNOWFLAKE_USER"),',
        '        private_key_file=_require("SNOWFLAKE_PRIVATE_KEY_PATH"),',
        '        role=_require("SNOWFLAKE_ROLE"),',
        '        warehouse=_require("SNOWFLAKE_WAREHOUSE"),',
        '        database=_require("SNOWFLAKE_DATABASE"),',
        '        application="sql-tools",',
        '    )',
        '    return _DbApi(connection, "snowflake")',
      ];
    case 'bigquery':
      return [
        '    from google.cloud import bigquery',
        '    from google.cloud.bigquery import dbapi',
        '',
        '    # Application Default Credentials: workload identity in production, GOOGLE_APPLICATION_CREDENTIALS locally.',
        '    client = bigquery.Client(project=_require("GCP_PROJECT_ID"), location=_require("BIGQUERY_LOCATION"))',
        '    return _DbApi(dbapi.connect(client), "bigquery", client=client)',
      ];
    case 'databricks':
      return [
        '    from databricks import sql',
        '',
        '    connection = sql.connect(',
        '        server_hostname=_require("DATABRICKS_HOST"),',
        '        http_path=_require("DATABRICKS_HTTP_PATH"),',
        '        access_token=_require("DATABRICKS_TOKEN"),',
        '        catalog=_require("DATABRICKS_CATALOG"),',
        '    )',
        '    return _DbApi(connection, "databricks")',
      ];
  }
}

const VERSION_QUERY: Record<Warehouse, string> = {
  duckdb: 'SELECT version()',
  postgres: 'SELECT version()',
  redshift: 'SELECT version()',
  snowflake: 'SELECT CURRENT_VERSION()',
  bigquery: "SELECT 'BigQuery (versionless service)'",
  databricks: 'SELECT current_version().dbsql_version',
};

/**
 * `connect()` returns an object with `execute(statement) -> list[tuple]`, `version()` and
 * `close()`. With `readOnly`, the DuckDB file is always opened read-only (exporters must not take
 * the write lock dbt needs); otherwise `connect(read_only=…)` decides.
 */
export function renderWarehouseClient(
  engine: Warehouse,
  purpose: string,
  options: { readOnly?: boolean } = {},
): string {
  const readOnly = options.readOnly === true;
  return lines(
    `"""Connection to ${engine} for ${purpose}.`,
    '',
    'Credentials come only from environment variables (.env locally, the secret store in',
    'production); a missing one stops with its name instead of a driver error.',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import os',
    'from typing import Any',
    '',
    `ENGINE = ${JSON.stringify(engine)}`,
    '',
    '',
    'def _require(name: str) -> str:',
    '    value = os.environ.get(name, "")',
    '    if not value:',
    '        raise SystemExit(f"environment variable {name} is not set (see .env.example)")',
    '    return value',
    '',
    '',
    'class _DbApi:',
    '    """A DB-API connection with the three operations the tools need."""',
    '',
    '    def __init__(self, connection: Any, engine: str, client: Any = None) -> None:',
    '        self.connection = connection',
    '        self.engine = engine',
    '        # BigQuery only: the client, to read job statistics (bytes processed, query plan).',
    '        self.client = client',
    '',
    '    def execute(self, statement: str) -> list[tuple[Any, ...]]:',
    '        cursor = self.connection.cursor()',
    '        try:',
    '            cursor.execute(statement)',
    '            if cursor.description is None:',
    '                return []',
    '            return [tuple(row) for row in cursor.fetchall()]',
    '        finally:',
    '            cursor.close()',
    '',
    '    def version(self) -> str:',
    `        rows = self.execute(${JSON.stringify(VERSION_QUERY[engine])})`,
    '        return str(rows[0][0]) if rows else "unknown"',
    '',
    '    def close(self) -> None:',
    '        self.connection.close()',
    '',
    '',
    readOnly ? 'def connect() -> _DbApi:' : 'def connect(read_only: bool = False) -> _DbApi:',
    `    """Open a connection to ${engine}${engine === 'duckdb' ? ' (the database file at DUCKDB_PATH)' : ''}."""`,
    !readOnly &&
      engine !== 'duckdb' &&
      '    del read_only  # only the local DuckDB file distinguishes read-only opens',
    connectBody(engine, readOnly),
  );
}
