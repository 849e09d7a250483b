import { WAREHOUSE_TITLES } from '../../shared/sql-dialect.js';
import type { FileSpec, ProjectModel } from '../../types.js';
import {
  DBT_PROJECT_DIR,
  MARTS_SCHEMA,
  PREPARED_SCHEMA,
  lookbackHours,
  martOf,
  pipelineName,
  pipelineSteps,
  pythonLibrary,
  retryPolicy,
  runTimeoutMinutes,
} from './plan.js';

/**
 * config/pipeline.yaml (what runs, from where to where, when) and config/connections.yaml (how
 * to reach each system, with every credential an environment reference). Both are objects
 * serialized by the engine, never text.
 */
export function pipelineConfigFiles(model: ProjectModel): FileSpec[] {
  return [
    {
      path: 'config/pipeline.yaml',
      kind: 'yaml',
      header: [
        `Pipeline configuration of ${model.title}: the single description of what runs, from where to`,
        'where and when. The orchestrator code under transforms/ implements exactly these steps; change',
        'both together (the validation tree checks that the schedule here matches the orchestrator).',
      ],
      data: () => pipelineConfig(model),
    },
    {
      path: 'config/connections.yaml',
      kind: 'yaml',
      header: [
        'Connections of the pipeline. Credentials are never written here: every value that could be',
        'secret is a ${VAR} reference resolved from the environment (.env locally, the secret store in',
        'production; the names are listed in .env.example).',
      ],
      data: () => connectionsConfig(model),
    },
  ];
}

function pipelineConfig(model: ProjectModel): Record<string, unknown> {
  const retry = retryPolicy(model);
  const usesTopics = model.topics.length > 0;
  return {
    version: 1,
    pipeline: pipelineName(model),
    description: `${model.processing} pipeline from ${usesTopics ? `${model.streaming.broker} topics` : 'the source systems'} to ${WAREHOUSE_TITLES[model.architecture.warehouse]} marts`,
    source: {
      kind: usesTopics ? 'topics' : 'raw-tables',
      connection: usesTopics ? 'broker' : 'warehouse',
      // Loaders (sink connectors or the consumers) land every entity in raw.<entity>; the
      // pipeline reads from there, never from the source systems directly.
      landing_schema: 'raw',
      sample_schema: 'raw_sample',
      ...(usesTopics
        ? {
            topics: model.topics.map((topic) => ({
              name: topic.name,
              dead_letter: topic.dlq,
              entity: topic.entity,
            })),
          }
        : {}),
    },
    destination: {
      connection: 'warehouse',
      warehouse: model.architecture.warehouse,
      local_connection: 'local_duckdb',
      schemas: {
        raw: 'raw',
        ...(model.flags.usesPythonTransforms && model.flags.usesDbt
          ? { prepared: PREPARED_SCHEMA }
          : {}),
        ...(model.flags.usesDbt ? { staging: 'staging', intermediate: 'intermediate' } : {}),
        marts: MARTS_SCHEMA,
      },
    },
    schedule: {
      cron: model.transforms.schedule,
      timezone: 'UTC',
      orchestrator: model.transforms.orchestrator,
      catchup: false,
      max_active_runs: 1,
      timeout_minutes: runTimeoutMinutes(model),
    },
    entities: model.entities.map((entity) => ({
      name: entity.name,
      kind: entity.kind,
      raw_table: `raw.${entity.name}`,
      ...(model.topics.find((topic) => topic.entity === entity.name)
        ? { topic: model.topics.find((topic) => topic.entity === entity.name)?.name }
        : {}),
      key: entity.key.name,
      event_time: entity.eventTime.name,
      mart: `${martOf(entity).schema}.${martOf(entity).table}`,
      ...(entity.columns.some((column) => column.isPii)
        ? {
            pii_columns: entity.columns
              .filter((column) => column.isPii)
              .map((column) => column.name),
          }
        : {}),
    })),
    transform: {
      approach: model.transforms.approach,
      tool: model.transforms.tool,
      ...(model.flags.usesPythonTransforms
        ? {
            python: {
              library: pythonLibrary(model),
              package: 'transforms/python',
              writes: model.flags.usesDbt ? PREPARED_SCHEMA : MARTS_SCHEMA,
            },
          }
        : {}),
      ...(model.flags.usesDbt
        ? {
            dbt: {
              project_dir: DBT_PROJECT_DIR,
              profiles_dir: DBT_PROJECT_DIR,
              target: '${DBT_TARGET}',
            },
          }
        : {}),
      steps: pipelineSteps(model).map((step) => step.id),
    },
    incremental: {
      strategy: model.transforms.incremental,
      // Facts are processed per data interval; the window starts this much earlier so late events
      // are merged instead of lost. Dimensions are rebuilt whole (latest version per key).
      lookback_hours: lookbackHours(model),
      facts: model.facts.map((entity) => ({
        entity: entity.name,
        unique_key: entity.key.name,
        event_time: entity.eventTime.name,
      })),
    },
    quality: {
      framework: model.transforms.quality,
      gate: 'a failed check fails the run; marts are not published from data that failed its checks',
      ...(model.flags.usesDbt ? { dbt_results: `${DBT_PROJECT_DIR}/target/run_results.json` } : {}),
      checks: qualityLocation(model),
    },
    freshness: {
      slo_minutes: model.performance.freshnessSloMinutes,
      warn_after_minutes: model.performance.freshnessSloMinutes,
      error_after_minutes: model.performance.freshnessSloMinutes * 2,
      checked_by: model.flags.usesDbt
        ? 'dbt source freshness (before dbt build)'
        : 'the quality checks on the event time of each mart',
    },
    retries: {
      attempts: retry.retries,
      delay_seconds: retry.delaySeconds,
      exponential_backoff: true,
      max_delay_seconds: retry.maxDelaySeconds,
    },
  };
}

function qualityLocation(model: ProjectModel): string {
  switch (model.transforms.quality) {
    case 'dbt-tests':
      return model.flags.usesDbt
        ? `${DBT_PROJECT_DIR}/models (data_tests) and tests/quality/check_dbt_results.py`
        : 'tests/quality/check_marts.py';
    case 'great-expectations':
      return 'tests/quality/gx/run_checkpoints.py';
    case 'soda':
      return 'tests/quality/soda/checks.yml';
  }
}

function connectionsConfig(model: ProjectModel): Record<string, unknown> {
  const connections: Record<string, unknown> = {
    local_duckdb: { type: 'duckdb', path: '${DUCKDB_PATH}' },
    warehouse: warehouseConnection(model),
  };
  const broker = brokerConnection(model);
  if (broker) connections.broker = broker;
  return { connections };
}

function warehouseConnection(model: ProjectModel): Record<string, unknown> {
  switch (model.architecture.warehouse) {
    case 'snowflake':
      return {
        type: 'snowflake',
        account: '${SNOWFLAKE_ACCOUNT}',
        user: '${SNOWFLAKE_USER}',
        // Key-pair authentication: service users have no password.
        private_key_path: '${SNOWFLAKE_PRIVATE_KEY_PATH}',
        role: '${SNOWFLAKE_ROLE}',
        warehouse: '${SNOWFLAKE_WAREHOUSE}',
        database: '${SNOWFLAKE_DATABASE}',
      };
    case 'bigquery':
      return {
        type: 'bigquery',
        project: '${GCP_PROJECT_ID}',
        location: '${BIGQUERY_LOCATION}',
        keyfile: '${GOOGLE_APPLICATION_CREDENTIALS}',
      };
    case 'redshift':
      return {
        type: 'redshift',
        host: '${REDSHIFT_HOST}',
        port: '${REDSHIFT_PORT}',
        database: '${REDSHIFT_DATABASE}',
        user: '${REDSHIFT_USER}',
        password: '${REDSHIFT_PASSWORD}',
        sslmode: 'require',
      };
    case 'databricks':
      return {
        type: 'databricks',
        host: '${DATABRICKS_HOST}',
        http_path: '${DATABRICKS_HTTP_PATH}',
        token: '${DATABRICKS_TOKEN}',
        catalog: '${DATABRICKS_CATALOG}',
      };
    case 'postgres':
      return {
        type: 'postgres',
        host: '${POSTGRES_HOST}',
        port: '${POSTGRES_PORT}',
        database: '${POSTGRES_DB}',
        user: '${POSTGRES_USER}',
        password: '${POSTGRES_PASSWORD}',
      };
    case 'duckdb':
      return { type: 'duckdb', path: '${DUCKDB_PATH}' };
  }
}

function brokerConnection(model: ProjectModel): Record<string, unknown> | undefined {
  if (!model.flags.hasStreaming) return undefined;
  switch (model.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return {
        type: model.streaming.broker,
        bootstrap_servers: '${KAFKA_BOOTSTRAP_SERVERS}',
        security_protocol: '${KAFKA_SECURITY_PROTOCOL}',
        sasl_username: '${KAFKA_SASL_USERNAME}',
        sasl_password: '${KAFKA_SASL_PASSWORD}',
        ...(model.flags.usesSchemaRegistry
          ? { schema_registry_url: '${SCHEMA_REGISTRY_URL}' }
          : {}),
      };
    case 'kinesis':
      return { type: 'kinesis', region: '${AWS_REGION}', endpoint_url: '${KINESIS_ENDPOINT_URL}' };
    case 'pubsub':
      return {
        type: 'pubsub',
        project: '${GCP_PROJECT_ID}',
        emulator_host: '${PUBSUB_EMULATOR_HOST}',
      };
    case 'pulsar':
      return { type: 'pulsar', service_url: '${PULSAR_SERVICE_URL}', token: '${PULSAR_TOKEN}' };
  }
}
