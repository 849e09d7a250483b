import type { ProjectModel } from '../../../source/engine/model/types.js';

const env = (name: string) => `{{ env_var('${name}') }}`;

/**
 * profiles.yml: `local` (DuckDB, the default target: seeds and the whole build run offline) and
 * `prod` (the chosen warehouse). Credentials come only from environment variables declared in
 * .env.example; nothing secret is written here.
 */
export function profilesFile(model: ProjectModel): unknown {
  return {
    [model.snakeName]: {
      target: 'local',
      outputs: {
        local: { type: 'duckdb', path: env('DUCKDB_PATH'), schema: 'main', threads: 4 },
        prod: prodOutput(model),
      },
    },
  };
}

function prodOutput(model: ProjectModel): Record<string, unknown> {
  const threads = model.volume === 'large' ? 16 : 8;
  switch (model.architecture.warehouse) {
    case 'snowflake':
      return {
        type: 'snowflake',
        account: env('SNOWFLAKE_ACCOUNT'),
        user: env('SNOWFLAKE_USER'),
        // Key-pair authentication: service users have no password.
        private_key_path: env('SNOWFLAKE_PRIVATE_KEY_PATH'),
        role: env('SNOWFLAKE_ROLE'),
        warehouse: env('SNOWFLAKE_WAREHOUSE'),
        database: env('SNOWFLAKE_DATABASE'),
        schema: 'analytics',
        threads,
        client_session_keep_alive: false,
        query_tag: model.snakeName,
      };
    case 'bigquery':
      return {
        type: 'bigquery',
        // Application Default Credentials: workload identity in production, or the key file that
        // GOOGLE_APPLICATION_CREDENTIALS points to on a workstation.
        method: 'oauth',
        project: env('GCP_PROJECT_ID'),
        dataset: 'analytics',
        location: env('BIGQUERY_LOCATION'),
        threads,
        job_execution_timeout_seconds: 900,
        job_retries: 3,
        priority: 'interactive',
      };
    case 'redshift':
      return {
        type: 'redshift',
        host: env('REDSHIFT_HOST'),
        port: "{{ env_var('REDSHIFT_PORT') | as_number }}",
        dbname: env('REDSHIFT_DATABASE'),
        user: env('REDSHIFT_USER'),
        password: env('REDSHIFT_PASSWORD'),
        schema: 'analytics',
        threads,
        sslmode: 'require',
      };
    case 'databricks':
      return {
        type: 'databricks',
        host: env('DATABRICKS_HOST'),
        http_path: env('DATABRICKS_HTTP_PATH'),
        token: env('DATABRICKS_TOKEN'),
        catalog: env('DATABRICKS_CATALOG'),
        schema: 'analytics',
        threads,
      };
    case 'postgres':
      return {
        type: 'postgres',
        host: env('POSTGRES_HOST'),
        port: "{{ env_var('POSTGRES_PORT') | as_number }}",
        dbname: env('POSTGRES_DB'),
        user: env('POSTGRES_USER'),
        password: env('POSTGRES_PASSWORD'),
        schema: 'analytics',
        threads,
        sslmode: 'prefer',
      };
    case 'duckdb':
      // DuckDB is the production warehouse too: the same engine, the file DUCKDB_PATH names on the
      // production host.
      return { type: 'duckdb', path: env('DUCKDB_PATH'), schema: 'main', threads };
  }
}

/** Header comment of profiles.yml. */
export const PROFILES_HEADER = [
  'dbt connection profiles. `local` (DuckDB) is the default target: `dbt build` runs offline on the',
  'seeds. Production: `dbt build --target prod`. Every credential is an env_var() from .env; dbt fails',
  'fast with "Env var required but not provided" when one is missing.',
];
