import type { EnvVar, ProjectModel } from './types.js';

type ModelWithoutEnv = Omit<ProjectModel, 'env'>;

/**
 * Every environment variable the generated stack reads, in one registry. `.env.example` is written
 * from it and the verification suite checks that every `${VAR}` used in any generated file is
 * declared here, so the list cannot drift from the code. Values are placeholders only.
 */
export function environmentFor(model: ModelWithoutEnv): EnvVar[] {
  const vars: EnvVar[] = [];
  const add = (
    name: string,
    description: string,
    example: string,
    usedBy: string[],
    isSecret = false,
  ) => {
    const existing = vars.find((item) => item.name === name);
    if (existing) {
      for (const user of usedBy) if (!existing.usedBy.includes(user)) existing.usedBy.push(user);
      return;
    }
    vars.push({ name, description, example, isSecret, usedBy: [...usedBy] });
  };

  add(
    'DUCKDB_PATH',
    'Local DuckDB database file: the development warehouse',
    './data/warehouse.duckdb',
    ['dbt (local target)', 'loaders'],
  );
  add(
    'LOCAL_UID',
    'Your user id (`id -u`; `make env` fills it in): containers that write into the project folder run as you, so the files stay yours',
    '1000',
    ['docker compose (services that write into the project folder)'],
  );
  add('LOCAL_GID', 'Your group id (`id -g`; `make env` fills it in)', '1000', [
    'docker compose (services that write into the project folder)',
  ]);

  const warehouse = model.architecture.warehouse;
  const warehouseUsers = ['dbt (prod target)', 'loaders'];
  switch (warehouse) {
    case 'snowflake':
      add(
        'SNOWFLAKE_ACCOUNT',
        'Snowflake account identifier (orgname-accountname)',
        'myorg-myaccount',
        warehouseUsers,
      );
      add('SNOWFLAKE_USER', 'Service user for the pipeline', 'PIPELINE_SVC', warehouseUsers);
      add(
        'SNOWFLAKE_PRIVATE_KEY_PATH',
        'Path to the key-pair private key (no passwords for service users)',
        '/run/secrets/snowflake_key.p8',
        warehouseUsers,
        true,
      );
      add(
        'SNOWFLAKE_ROLE',
        'Role with write access to RAW and the analytics schemas',
        'TRANSFORMER',
        warehouseUsers,
      );
      add(
        'SNOWFLAKE_WAREHOUSE',
        'Virtual warehouse that runs the transformations',
        'TRANSFORMING',
        warehouseUsers,
      );
      add(
        'SNOWFLAKE_DATABASE',
        'Database holding raw and modelled data',
        model.snakeName.toUpperCase(),
        warehouseUsers,
      );
      break;
    case 'bigquery':
      add(
        'GCP_PROJECT_ID',
        'Google Cloud project that owns the datasets',
        'my-gcp-project',
        warehouseUsers,
      );
      add('BIGQUERY_LOCATION', 'Dataset location', 'EU', warehouseUsers);
      add(
        'GOOGLE_APPLICATION_CREDENTIALS',
        'Service-account key file for local runs, relative to the project so the host and the workbench container read the same file (data/ is git-ignored); workload identity in production',
        './data/secrets/gcp-sa.json',
        warehouseUsers,
        true,
      );
      break;
    case 'redshift':
      add(
        'REDSHIFT_HOST',
        'Cluster or workgroup endpoint',
        'example.abc123.eu-west-1.redshift.amazonaws.com',
        warehouseUsers,
      );
      add('REDSHIFT_PORT', 'Port', '5439', warehouseUsers);
      add('REDSHIFT_DATABASE', 'Database', model.snakeName, warehouseUsers);
      add('REDSHIFT_USER', 'Pipeline user', 'pipeline_svc', warehouseUsers);
      add(
        'REDSHIFT_PASSWORD',
        'Pipeline user password (prefer IAM or dynamic credentials)',
        'change-me',
        warehouseUsers,
        true,
      );
      break;
    case 'databricks':
      add(
        'DATABRICKS_HOST',
        'Workspace hostname',
        'dbc-1234abcd-5678.cloud.databricks.com',
        warehouseUsers,
      );
      add(
        'DATABRICKS_HTTP_PATH',
        'SQL warehouse HTTP path',
        '/sql/1.0/warehouses/abc123def456',
        warehouseUsers,
      );
      add(
        'DATABRICKS_TOKEN',
        'Token of the pipeline service principal',
        'change-me',
        warehouseUsers,
        true,
      );
      add('DATABRICKS_CATALOG', 'Unity Catalog catalog', model.snakeName, warehouseUsers);
      break;
    case 'postgres':
      add('POSTGRES_HOST', 'PostgreSQL host', 'localhost', warehouseUsers);
      add('POSTGRES_PORT', 'PostgreSQL port', '5432', warehouseUsers);
      add('POSTGRES_DB', 'Database', model.snakeName, warehouseUsers);
      add('POSTGRES_USER', 'Pipeline user', 'pipeline', warehouseUsers);
      add(
        'POSTGRES_PASSWORD',
        'Pipeline user password (Vault issues dynamic ones in production)',
        'change-me',
        warehouseUsers,
        true,
      );
      break;
    case 'duckdb':
      // A DuckDB file cannot be shared by pods: on Kubernetes the workloads use MotherDuck (md:).
      if (model.flags.usesKubernetes && (model.flags.hasStreaming || model.flags.hasTransforms)) {
        add(
          'MOTHERDUCK_TOKEN',
          'MotherDuck token of the Kubernetes workloads (DUCKDB_PATH=md:<database> in the cluster); unused locally',
          'change-me',
          warehouseUsers,
          true,
        );
      }
      break;
  }

  // The SQL tools (sql/apply.py, sql/explain/capture_plans.py) connect to the engine chosen in
  // optimizing-sql, which may differ from the warehouse: register that engine's connection too.
  if (model.flags.hasSql && model.sql.engine !== warehouse) {
    const engineModel = {
      ...model,
      architecture: { ...model.architecture, warehouse: model.sql.engine },
    };
    for (const variable of environmentFor(engineModel)) {
      if (variable.usedBy.includes(warehouseUsers[0] ?? '')) {
        add(
          variable.name,
          variable.description,
          variable.example,
          ['sql optimization tools'],
          variable.isSecret,
        );
      }
    }
  }

  if (model.flags.hasStreaming) {
    const clients = ['producers', 'consumers'];
    switch (model.streaming.broker) {
      case 'kafka':
      case 'redpanda':
        add(
          'KAFKA_BOOTSTRAP_SERVERS',
          'Kafka bootstrap servers (host:port, comma-separated)',
          'localhost:9092',
          clients,
        );
        add(
          'KAFKA_SECURITY_PROTOCOL',
          'PLAINTEXT locally, SASL_SSL in production',
          'PLAINTEXT',
          clients,
        );
        add('KAFKA_SASL_USERNAME', 'SASL username (production)', 'pipeline-svc', clients);
        add('KAFKA_SASL_PASSWORD', 'SASL password (production)', 'change-me', clients, true);
        if (model.flags.usesSchemaRegistry)
          add('SCHEMA_REGISTRY_URL', 'Schema Registry URL', 'http://localhost:8081', clients);
        break;
      case 'kinesis':
        add('AWS_REGION', 'AWS region of the streams', 'eu-west-1', clients);
        add(
          'KINESIS_ENDPOINT_URL',
          'Override for local emulators (empty in AWS)',
          'http://localhost:4566',
          clients,
        );
        break;
      case 'pubsub':
        add(
          'GCP_PROJECT_ID',
          'Google Cloud project that owns the topics',
          'my-gcp-project',
          clients,
        );
        add('PUBSUB_EMULATOR_HOST', 'Local emulator (unset in GCP)', 'localhost:8085', clients);
        break;
      case 'pulsar':
        add('PULSAR_SERVICE_URL', 'Pulsar broker URL', 'pulsar://localhost:6650', clients);
        add('PULSAR_TOKEN', 'JWT for the pipeline role (production)', 'change-me', clients, true);
        if (model.streaming.processor !== 'none') {
          add(
            'PULSAR_ADMIN_URL',
            'Pulsar admin (HTTP) URL, used by the stream processor',
            'http://localhost:8080',
            ['stream processor'],
          );
        }
        break;
    }
    const sinkWarehouses = ['snowflake', 'bigquery', 'postgres', 'redshift'];
    if (model.flags.usesKafkaApi && sinkWarehouses.includes(model.architecture.warehouse)) {
      add('KAFKA_CONNECT_URL', 'Kafka Connect REST endpoint', 'http://localhost:8083', [
        'sink connector',
      ]);
    }
    if (model.streaming.cdc !== 'none') {
      const cdc = ['cdc connector'];
      const isMysql = model.streaming.cdc === 'debezium-mysql';
      add('CDC_DATABASE_HOST', 'Source database host', 'source-db', cdc);
      add('CDC_DATABASE_PORT', 'Source database port', isMysql ? '3306' : '5432', cdc);
      add('CDC_DATABASE_NAME', 'Source database name', 'app', cdc);
      add('CDC_DATABASE_USER', 'Replication user', 'debezium', cdc);
      add('CDC_DATABASE_PASSWORD', 'Replication user password', 'change-me', cdc, true);
      add('KAFKA_CONNECT_URL', 'Kafka Connect REST endpoint', 'http://localhost:8083', cdc);
    }
  }

  if (model.flags.hasTransforms) {
    const runners = [`orchestrator (${model.transforms.orchestrator})`, 'make transform'];
    add(
      'RAW_SCHEMA',
      'Schema the pipeline reads raw rows from: raw, or raw_sample to run on the sample data',
      'raw',
      runners,
    );
    if (model.flags.usesDbt)
      add(
        'DBT_TARGET',
        'dbt target the pipeline runs: local (DuckDB) or prod (the warehouse)',
        'local',
        runners,
      );
    if (model.transforms.orchestrator === 'prefect')
      add(
        'PREFECT_API_URL',
        'Prefect server API the flows and `prefect deploy` talk to',
        'http://localhost:4200/api',
        runners,
      );
  }
  if (
    model.flags.usesCompose &&
    model.transforms.orchestrator === 'airflow' &&
    model.flags.hasTransforms
  ) {
    add(
      'AIRFLOW_ADMIN_PASSWORD',
      'Password of the local Airflow admin user',
      'change-me',
      ['docker compose (airflow)'],
      true,
    );
    add(
      'AIRFLOW_DB_PASSWORD',
      'Password of the local Airflow metadata database',
      'change-me',
      ['docker compose (airflow)'],
      true,
    );
    add(
      'AIRFLOW_UID',
      'User id the Airflow containers run as: `id -u` on Linux, so files they write in the mounted project are yours',
      '50000',
      ['docker compose (airflow)'],
    );
  }
  if (
    model.flags.usesCompose &&
    model.transforms.orchestrator === 'dagster' &&
    model.flags.hasTransforms
  ) {
    add(
      'DAGSTER_PG_PASSWORD',
      'Password of the local Dagster metadata database',
      'change-me',
      ['docker compose (dagster)'],
      true,
    );
  }
  if (model.flags.usesPrometheus) {
    add(
      'GRAFANA_ADMIN_PASSWORD',
      'Password of the local Grafana admin user',
      'change-me',
      ['docker compose (grafana)'],
      true,
    );
    switch (model.performance.alertRoute) {
      case 'slack':
        add(
          'SLACK_WEBHOOK_URL',
          'Incoming webhook for alerts',
          'https://hooks.slack.com/services/REPLACE/ME/PLEASE',
          ['alertmanager'],
          true,
        );
        break;
      case 'pagerduty':
        add(
          'PAGERDUTY_ROUTING_KEY',
          'Events API v2 routing key',
          'change-me',
          ['alertmanager'],
          true,
        );
        break;
      case 'email':
        add('ALERT_EMAIL_TO', 'Recipient of alert emails', 'data-oncall@example.com', [
          'alertmanager',
        ]);
        add('SMTP_SMARTHOST', 'SMTP relay host:port', 'smtp.example.com:587', ['alertmanager']);
        add('SMTP_PASSWORD', 'SMTP relay password', 'change-me', ['alertmanager'], true);
        add('SMTP_USERNAME', 'SMTP relay user', 'alertmanager', ['alertmanager']);
        add('ALERT_EMAIL_FROM', 'Sender of alert emails', 'alertmanager@example.com', [
          'alertmanager',
        ]);
        break;
      case 'none':
        break;
    }
  }
  if (model.performance.metrics === 'datadog' && model.flags.hasPerformance) {
    add('DD_API_KEY', 'Datadog API key', 'change-me', ['datadog agent'], true);
    add('DD_SITE', 'Datadog site', 'datadoghq.eu', ['datadog agent']);
    add(
      'DD_APP_KEY',
      'Datadog application key (creates monitors and dashboards)',
      'change-me',
      ['monitoring/datadog/apply.py'],
      true,
    );
    add(
      'DATADOG_NOTIFY_HANDLE',
      'Who Datadog monitors notify: @slack-<channel>, @pagerduty-<service> or @<email>',
      '@slack-data-alerts',
      ['monitoring/datadog/apply.py'],
    );
  }
  // CloudWatch alarms (Terraform) and the freshness exporter publishing to CloudWatch.
  if (model.performance.metrics === 'cloudwatch' && model.flags.hasPerformance) {
    const users = ['monitoring (cloudwatch)'];
    add('AWS_REGION', 'AWS region of the alarms and metrics', 'eu-west-1', users);
    add(
      'ALERT_SNS_TOPIC_ARN',
      'SNS topic the CloudWatch alarms notify',
      'arn:aws:sns:eu-west-1:123456789012:data-alerts',
      users,
    );
    if (model.flags.hasStreaming && model.streaming.broker === 'kafka')
      add(
        'MSK_CLUSTER_NAME',
        'Amazon MSK cluster whose consumer lag the alarms watch',
        model.name,
        users,
      );
  }
  // Load tests (advanced) drive the ingestion path of the broker from the compose network.
  if (model.flags.hasPerformance && model.flags.hasStreaming && model.flags.isAtLeast('advanced')) {
    const targets = {
      kafka: 'http://rest-proxy:8082',
      redpanda: 'http://rest-proxy:8082',
      pulsar: 'http://pulsar:8080',
      pubsub: 'http://pubsub-emulator:8085',
      kinesis: 'http://localstack:4566',
    };
    add(
      'LOAD_TEST_TARGET_URL',
      'Ingestion endpoint the load test drives (compose network address)',
      targets[model.streaming.broker],
      ['monitoring/load-tests'],
    );
    if (model.flags.usesKafkaApi)
      add(
        'LOAD_TEST_REPLICATION_FACTOR',
        'Replication factor of the load-test topic (1 on the single local broker)',
        '1',
        ['monitoring/load-tests'],
      );
  }
  if (model.flags.usesVault) {
    add('VAULT_ADDR', 'Vault address', 'http://localhost:8200', ['secret loaders', 'vault cli']);
    add(
      'VAULT_DEV_ROOT_TOKEN',
      'Root token of the dev-mode Vault in docker compose (dev only)',
      'change-me',
      ['docker compose (vault)'],
      true,
    );
  }
  return vars;
}
