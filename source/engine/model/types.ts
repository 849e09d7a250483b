import type { Decision } from '../workflow/state.js';
import type { AnswerValue, Maturity } from '../skills/types.js';

/**
 * The project model: everything the generators need, derived once from the answers. Generators
 * render from it and never read raw answers, so every file agrees on names: each entity flows
 * through the same topic, schema, raw table, dbt source, staging model and marts (CATALOGUE §4
 * "integration points").
 */

export type LogicalType =
  'string' | 'integer' | 'bigint' | 'decimal' | 'double' | 'boolean' | 'timestamp' | 'date';
export const LOGICAL_TYPES: readonly LogicalType[] = [
  'string',
  'integer',
  'bigint',
  'decimal',
  'double',
  'boolean',
  'timestamp',
  'date',
];

export interface Column {
  name: string;
  type: LogicalType;
  description: string;
  isKey: boolean;
  isNullable: boolean;
  /** `users.user_id`: a relationship to another entity of this project. */
  references?: { entity: string; column: string };
  acceptedValues?: string[];
  /** Hashed at the source; never stored in clear. */
  isPii: boolean;
  examples?: string[];
}

export interface Entity {
  /** Plural snake_case, as answered: `page_views`. */
  name: string;
  /** `page_view`. */
  singular: string;
  /** `PageView`, for Avro records, Protobuf messages and classes. */
  pascal: string;
  kind: 'fact' | 'dimension';
  description: string;
  columns: Column[];
  key: Column;
  /** The column that says when the row happened or changed: incremental and freshness run on it. */
  eventTime: Column;
  /** True when the entity came from the known catalogue, false for a generic shape. */
  isKnown: boolean;
  /** Deterministic sample rows (seeds, test events), values as strings as in a CSV. */
  sampleRows: Record<string, string>[];
}

export interface Topic {
  entity: string;
  /** Kafka-style name: `clickstream.page_views.v1`. */
  name: string;
  dlq: string;
  /** Changelog (compacted, keyed) for dimensions; event stream (delete + retention) for facts. */
  isCompacted: boolean;
  partitions: number;
  replicationFactor: number;
  retentionMs: number;
  keyColumn: string;
}

export interface EnvVar {
  name: string;
  description: string;
  /** The placeholder written to .env.example; never a real secret. */
  example: string;
  isSecret: boolean;
  /** Who reads it, for the comment in .env.example. */
  usedBy: string[];
}

export interface ProjectModel {
  name: string;
  /** snake_case: dbt project, Python package, database names. */
  snakeName: string;
  /** The domain prefix of topics and resources: `clickstream`. */
  domain: string;
  title: string;
  goal: string;
  toolVersion: string;
  maturity: Maturity;
  cloud: 'aws' | 'gcp' | 'azure' | 'local-only';
  processing: 'batch' | 'streaming' | 'hybrid';
  volume: 'small' | 'medium' | 'large';
  deployment: 'docker-compose' | 'kubernetes' | 'both';
  chain: string[];
  architecture: {
    storage: 'warehouse' | 'lake' | 'lakehouse';
    warehouse: Warehouse;
    modeling: 'dimensional' | 'data-vault' | '3nf' | 'one-big-table';
    tableFormat: 'iceberg' | 'delta' | 'hudi' | null;
    partitioning: 'event-date' | 'ingestion-date' | 'none';
  };
  streaming: {
    broker: 'kafka' | 'redpanda' | 'kinesis' | 'pubsub' | 'pulsar';
    serialization: 'avro' | 'protobuf' | 'json-schema';
    delivery: 'at-least-once' | 'exactly-once';
    processor: 'none' | 'flink' | 'spark-structured-streaming' | 'kafka-streams' | 'ksqldb';
    cdc: 'none' | 'debezium-postgres' | 'debezium-mysql';
    language: 'python' | 'typescript' | 'java' | 'go';
    partitions: number;
    retentionDays: number;
    replicationFactor: number;
  };
  transforms: {
    approach: 'elt' | 'etl' | 'hybrid';
    tool: 'dbt' | 'pandas' | 'polars' | 'pyspark';
    orchestrator: 'airflow' | 'dagster' | 'prefect' | 'cron';
    schedule: string;
    quality: 'dbt-tests' | 'great-expectations' | 'soda';
    incremental: 'merge' | 'append' | 'delete+insert' | 'insert-overwrite';
  };
  sql: {
    engine: Warehouse;
    workload: 'dashboards' | 'point-lookups' | 'mixed';
    techniques: ('indexes' | 'partitioning-clustering' | 'materialized-views' | 'rewrites')[];
    slowQuery: string;
  };
  secrets: {
    store: 'vault' | 'aws-secrets-manager' | 'gcp-secret-manager' | 'azure-key-vault' | 'sops';
    k8sDelivery: 'external-secrets' | 'csi-driver' | 'vault-secrets-operator' | 'none';
    dynamicDbCredentials: boolean;
    rotationDays: number;
    scanning: boolean;
  };
  performance: {
    metrics: 'prometheus-grafana' | 'datadog' | 'cloudwatch';
    freshnessSloMinutes: number;
    lagAlertThreshold: number;
    latencyP95Ms: number;
    alertRoute: 'slack' | 'pagerduty' | 'email' | 'none';
    loadTool: 'k6' | 'locust';
    autoscaling: 'keda-on-lag' | 'hpa-cpu' | 'none';
  };
  entities: Entity[];
  facts: Entity[];
  dimensions: Entity[];
  /** Topics exist when streaming-data is in the chain. */
  topics: Topic[];
  env: EnvVar[];
  /** What was chosen, per section in chain order, for the README and the final summary. */
  choices: {
    section: string;
    title: string;
    answers: { key: string; prompt: string; value: AnswerValue; provenance: string }[];
  }[];
  /** Decisions taken on conflicts, with notes for the README. */
  decisions: Decision[];
  /** Derived switches the generators share. */
  flags: ModelFlags;
}

export type Warehouse =
  'snowflake' | 'bigquery' | 'redshift' | 'databricks' | 'postgres' | 'duckdb';

export interface ModelFlags {
  hasArchitecture: boolean;
  hasStreaming: boolean;
  hasTransforms: boolean;
  hasSql: boolean;
  hasSecrets: boolean;
  hasPerformance: boolean;
  usesDbt: boolean;
  /** Python transform jobs exist (ETL/hybrid approach or a non-dbt tool). */
  usesPythonTransforms: boolean;
  usesKafkaApi: boolean;
  usesKubernetes: boolean;
  usesCompose: boolean;
  usesPrometheus: boolean;
  usesVault: boolean;
  /** The broker needs a schema registry (Kafka API + Avro/Protobuf/JSON Schema). */
  usesSchemaRegistry: boolean;
  isAtLeast: (maturity: Maturity) => boolean;
}
