import { CONFLUENT_PLATFORM_VERSION } from '../../shared/confluent.js';
import { RAW_SCHEMA } from '../../shared/data-architecture.js';
import type { StreamPlan } from '../plan.js';

/**
 * The sink that loads the topics into the warehouse's raw tables (Kafka-API brokers). DuckDB has
 * none: the raw loader is its sink. Databricks reads Kafka natively with Structured Streaming (see
 * databricks.ts) rather than through Kafka Connect.
 */
export interface SinkConnector {
  /** streaming/connect/<file>. */
  file: string;
  name: string;
  config: Record<string, string>;
  /** Environment variables the Connect worker needs for this sink (resolved by the env config provider). */
  environment: string[];
  /** Files mounted into the Connect container (credentials the provider reads as files). */
  mounts: string[];
  /** The plugin the Connect image installs for it, for the Dockerfile. */
  plugin: ConnectPlugin | null;
}

export interface ConnectPlugin {
  title: string;
  /** Download URL of the archive or jar. */
  url: string;
  kind: 'zip' | 'jar';
  /** Extra jars (JDBC drivers) copied into the plugin's folder. */
  extraJars?: { url: string; file: string }[];
  /** Folder name of the plugin under the plugin path. */
  folder: string;
}

/** Converter plugins come from the same Confluent Platform release as the registry image. */
export const CONFLUENT_VERSION = CONFLUENT_PLATFORM_VERSION;

export function converterClass(plan: StreamPlan): string {
  return {
    avro: 'io.confluent.connect.avro.AvroConverter',
    protobuf: 'io.confluent.connect.protobuf.ProtobufConverter',
    'json-schema': 'io.confluent.connect.json.JsonSchemaConverter',
  }[plan.streaming.serialization];
}

export function converterPlugin(plan: StreamPlan): ConnectPlugin {
  const name = {
    avro: 'kafka-connect-avro-converter',
    protobuf: 'kafka-connect-protobuf-converter',
    'json-schema': 'kafka-connect-json-schema-converter',
  }[plan.streaming.serialization];
  return {
    title: `Confluent ${plan.streaming.serialization} converter`,
    url: `https://hub-downloads.confluent.io/api/plugins/confluentinc/${name}/versions/${CONFLUENT_VERSION}/confluentinc-${name}-${CONFLUENT_VERSION}.zip`,
    kind: 'zip',
    folder: `confluentinc-${name}-${CONFLUENT_VERSION}`,
  };
}

/** Value converter settings shared by every connector: the schema registry, our subjects. */
export function valueConverter(plan: StreamPlan, registerSchemas: boolean): Record<string, string> {
  return {
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': converterClass(plan),
    'value.converter.schema.registry.url': '${env:SCHEMA_REGISTRY_URL}',
    'value.converter.auto.register.schemas': String(registerSchemas),
    'value.converter.use.latest.version': String(!registerSchemas),
  };
}

/** The topics the sink reads and the raw table of each (topic → table). */
function topicTables(plan: StreamPlan): { topics: string; map: string } {
  return {
    topics: plan.entities.map((item) => item.topic.name).join(','),
    map: plan.entities.map((item) => `${item.topic.name}:${item.entity.name}`).join(','),
  };
}

/** The sink's own dead-letter topic: records it cannot write, with the error in the headers. */
export function sinkDeadLetterTopic(plan: StreamPlan): string {
  return `${plan.model.domain}.sink.dlq`;
}

function errorHandling(plan: StreamPlan): Record<string, string> {
  return {
    // A record that cannot be written is parked with its error, not retried forever or dropped.
    'errors.tolerance': 'all',
    'errors.deadletterqueue.topic.name': sinkDeadLetterTopic(plan),
    'errors.deadletterqueue.topic.replication.factor': '-1',
    'errors.deadletterqueue.context.headers.enable': 'true',
    'errors.retry.timeout': '600000',
    'errors.retry.delay.max.ms': '60000',
    'errors.log.enable': 'true',
  };
}

/** Regex that turns `<domain>.<entity>.v1` into `<entity>`, the raw table name. */
function routeToTable(plan: StreamPlan): Record<string, string> {
  return {
    'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
    'transforms.route.regex': `${escapeRegex(plan.model.domain)}\\.(.*)\\.v1`,
    'transforms.route.replacement': '$1',
  };
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where Kafka Connect sees the sink's key files (./data/connect-secrets, mounted read-only). */
export const CONNECT_SECRETS = '/run/secrets/connect';
export const BIGQUERY_KEY_FILE = 'gcp-sa.json';

export function sinkConnector(plan: StreamPlan): SinkConnector | null {
  if (!plan.isKafkaApi) return null;
  const warehouse = plan.model.architecture.warehouse;
  const tasks = String(Math.min(plan.streaming.partitions, 8));
  const { topics, map } = topicTables(plan);
  switch (warehouse) {
    case 'duckdb':
    case 'databricks':
      return null;
    case 'snowflake':
      return {
        file: 'snowflake-sink.json',
        name: `${plan.model.domain}-snowflake-sink`,
        environment: [
          'SNOWFLAKE_ACCOUNT',
          'SNOWFLAKE_USER',
          'SNOWFLAKE_ROLE',
          'SNOWFLAKE_DATABASE',
        ],
        mounts: [`./data/connect-secrets:${CONNECT_SECRETS}:ro`],
        plugin: {
          title: 'Snowflake Kafka connector',
          url: 'https://repo1.maven.org/maven2/com/snowflake/snowflake-kafka-connector/3.1.0/snowflake-kafka-connector-3.1.0.jar',
          kind: 'jar',
          folder: 'snowflake-kafka-connector',
        },
        config: {
          name: `${plan.model.domain}-snowflake-sink`,
          'connector.class': 'com.snowflake.kafka.connector.SnowflakeSinkConnector',
          'tasks.max': tasks,
          topics,
          'snowflake.topic2table.map': map,
          'snowflake.url.name': '${env:SNOWFLAKE_ACCOUNT}.snowflakecomputing.com:443',
          'snowflake.user.name': '${env:SNOWFLAKE_USER}',
          // Key-pair authentication: the key body is read from a mounted file, never from this JSON.
          'snowflake.private.key': '${dir:/run/secrets/connect:snowflake.private.key}',
          'snowflake.role.name': '${env:SNOWFLAKE_ROLE}',
          'snowflake.database.name': '${env:SNOWFLAKE_DATABASE}',
          'snowflake.schema.name': RAW_SCHEMA.toUpperCase(),
          // Snowpipe Streaming: rows land in seconds with exactly-once offsets kept by Snowflake.
          'snowflake.ingestion.method': 'SNOWPIPE_STREAMING',
          // One column per schema field (the raw DDL's columns) instead of RECORD_CONTENT variants.
          'snowflake.enable.schematization': 'true',
          'buffer.flush.time': '10',
          'buffer.count.records': '10000',
          'buffer.size.bytes': '20000000',
          ...valueConverter(plan, false),
          ...errorHandling(plan),
        },
      };
    case 'bigquery':
      return {
        file: 'bigquery-sink.json',
        name: `${plan.model.domain}-bigquery-sink`,
        environment: ['GCP_PROJECT_ID'],
        // The key file is copied here by `make connect-sink`, the only step that needs it: the local
        // stack (DuckDB) starts without cloud credentials.
        mounts: [`./data/connect-secrets:${CONNECT_SECRETS}:ro`],
        plugin: {
          title: 'BigQuery sink connector',
          url: 'https://hub-downloads.confluent.io/api/plugins/wepay/kafka-connect-bigquery/versions/2.5.7/wepay-kafka-connect-bigquery-2.5.7.zip',
          kind: 'zip',
          folder: 'wepay-kafka-connect-bigquery-2.5.7',
        },
        config: {
          name: `${plan.model.domain}-bigquery-sink`,
          'connector.class': 'com.wepay.kafka.connect.bigquery.BigQuerySinkConnector',
          'tasks.max': tasks,
          topics,
          project: '${env:GCP_PROJECT_ID}',
          defaultDataset: RAW_SCHEMA,
          topic2TableMap: map,
          keySource: 'FILE',
          keyfile: `${CONNECT_SECRETS}/${BIGQUERY_KEY_FILE}`,
          // Tables come from architecture/ddl (partitioned, clustered); the sink never creates them.
          autoCreateTables: 'false',
          allowNewBigQueryFields: 'true',
          allowBigQueryRequiredFieldRelaxation: 'true',
          // Plain string keys cannot drive MERGE upserts: rows are appended and staging keeps the latest per key.
          upsertEnabled: 'false',
          deleteEnabled: 'false',
          bigQueryRetry: '5',
          bigQueryRetryWait: '10000',
          ...valueConverter(plan, false),
          ...errorHandling(plan),
        },
      };
    case 'postgres': {
      return {
        file: 'postgres-sink.json',
        name: `${plan.model.domain}-postgres-sink`,
        environment: [
          'POSTGRES_HOST',
          'POSTGRES_PORT',
          'POSTGRES_DB',
          'POSTGRES_USER',
          'POSTGRES_PASSWORD',
        ],
        mounts: [],
        // The Debezium JDBC sink (with the PostgreSQL driver) ships in the Debezium Connect image.
        plugin: null,
        config: {
          name: `${plan.model.domain}-postgres-sink`,
          'connector.class': 'io.debezium.connector.jdbc.JdbcSinkConnector',
          'tasks.max': tasks,
          topics,
          'connection.url':
            'jdbc:postgresql://${env:POSTGRES_HOST}:${env:POSTGRES_PORT}/${env:POSTGRES_DB}',
          'connection.username': '${env:POSTGRES_USER}',
          'connection.password': '${env:POSTGRES_PASSWORD}',
          // Upsert on the entity key: a redelivered record rewrites the same row.
          'insert.mode': 'upsert',
          'primary.key.mode': 'record_key',
          'delete.enabled': 'false',
          // Tables come from architecture/ddl; the sink never alters them.
          'schema.evolution': 'none',
          'collection.name.format': `${RAW_SCHEMA}.\${topic}`,
          'batch.size': '500',
          ...keyStructs(plan),
          ...valueConverter(plan, false),
          ...errorHandling(plan),
        },
      };
    }
    case 'redshift':
      return {
        file: 'redshift-sink.json',
        name: `${plan.model.domain}-redshift-sink`,
        environment: [
          'REDSHIFT_HOST',
          'REDSHIFT_PORT',
          'REDSHIFT_DATABASE',
          'REDSHIFT_USER',
          'REDSHIFT_PASSWORD',
        ],
        mounts: [],
        plugin: {
          title: 'Confluent JDBC connector with the Amazon Redshift JDBC driver',
          url: 'https://hub-downloads.confluent.io/api/plugins/confluentinc/kafka-connect-jdbc/versions/10.8.4/confluentinc-kafka-connect-jdbc-10.8.4.zip',
          kind: 'zip',
          folder: 'confluentinc-kafka-connect-jdbc-10.8.4',
          extraJars: [
            {
              url: 'https://repo1.maven.org/maven2/com/amazon/redshift/redshift-jdbc42/2.1.0.33/redshift-jdbc42-2.1.0.33.jar',
              file: 'redshift-jdbc42-2.1.0.33.jar',
            },
          ],
        },
        config: {
          name: `${plan.model.domain}-redshift-sink`,
          'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
          'tasks.max': tasks,
          topics,
          'connection.url':
            'jdbc:redshift://${env:REDSHIFT_HOST}:${env:REDSHIFT_PORT}/${env:REDSHIFT_DATABASE}',
          'connection.user': '${env:REDSHIFT_USER}',
          'connection.password': '${env:REDSHIFT_PASSWORD}',
          'dialect.name': 'PostgreSqlDatabaseDialect',
          // Redshift has no INSERT … ON CONFLICT: append, and staging keeps the latest row per key.
          'insert.mode': 'insert',
          'pk.mode': 'none',
          'auto.create': 'false',
          'auto.evolve': 'false',
          'table.name.format': `${RAW_SCHEMA}.\${topic}`,
          'batch.size': '3000',
          'max.retries': '10',
          'retry.backoff.ms': '10000',
          transforms: 'route',
          ...routeToTable(plan),
          ...valueConverter(plan, false),
          ...errorHandling(plan),
        },
      };
  }
}

/**
 * The Debezium JDBC sink builds the primary key from a key struct; our keys are plain strings. One
 * HoistField transform per topic (scoped by a predicate) wraps each key in a struct named after
 * the entity's key column, then the router maps the topic to its raw table.
 */
function keyStructs(plan: StreamPlan): Record<string, string> {
  const config: Record<string, string> = {};
  const transforms: string[] = [];
  const predicates: string[] = [];
  for (const item of plan.entities) {
    const name = `key_${item.entity.name}`;
    const predicate = `is_${item.entity.name}`;
    transforms.push(name);
    predicates.push(predicate);
    config[`transforms.${name}.type`] = 'org.apache.kafka.connect.transforms.HoistField$Key';
    config[`transforms.${name}.field`] = item.entity.key.name;
    config[`transforms.${name}.predicate`] = predicate;
    config[`predicates.${predicate}.type`] =
      'org.apache.kafka.connect.transforms.predicates.TopicNameMatches';
    config[`predicates.${predicate}.pattern`] = `^${escapeRegex(item.topic.name)}$`;
  }
  return {
    transforms: [...transforms, 'route'].join(','),
    predicates: predicates.join(','),
    ...config,
    ...routeToTable(plan),
  };
}
