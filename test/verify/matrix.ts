import type { AnswerValue } from '../../source/engine/skills/types.js';
import type { ProjectSpec } from '../support/project.js';

/**
 * The verification matrix: answer sets that together cover every option of every question at
 * least once, all pairs of values over the main dimensions, all three maturities, and the
 * defaults of several goals. `coverage.test.ts` proves the coverage from the resolved models, so
 * an option added to a skill without a matrix entry fails the suite.
 */

export interface MatrixEntry extends ProjectSpec {
  id: string;
}

const ALL_SKILLS = [
  'architecting-data',
  'streaming-data',
  'transforming-data',
  'optimizing-sql',
  'secret-management',
  'performance-engineering',
];

/** Goals whose default answers (matched chain, smart defaults) are verified as they come. */
export const GOAL_ENTRIES: MatrixEntry[] = [
  {
    id: 'goal-clickstream',
    goal: 'stream clickstream events from kafka into snowflake and model them with dbt',
  },
  {
    id: 'goal-iot-kinesis',
    goal: 'ingest IoT sensor telemetry via kinesis into redshift with airflow daily',
  },
  {
    id: 'goal-ecommerce-bigquery',
    goal: 'build a data warehouse for ecommerce orders on bigquery with dagster and data quality checks',
  },
  {
    id: 'goal-payments-cdc',
    goal: 'real-time data pipeline for payments with debezium cdc from postgres, flink, vault secrets and latency alerts',
  },
  {
    id: 'goal-sql-tuning',
    goal: 'sql optimization and query performance for slow queries on our postgres data warehouse',
  },
  {
    id: 'goal-lakehouse',
    goal: 'data lake on databricks with delta lake, spark streaming from kafka and prefect orchestration',
  },
  {
    id: 'goal-secrets',
    goal: 'manage secrets and credentials for our data pipeline with aws secrets manager on kubernetes',
  },
  { id: 'goal-starter', goal: 'simple starter etl pipeline with pandas into duckdb on cron' },
];

/** The dimensions paired exhaustively (every pair of values appears in some entry). */
const PAIRWISE: Record<string, AnswerValue[]> = {
  'project.maturity': ['starter', 'intermediate', 'advanced'],
  'architecting-data.warehouse': [
    'snowflake',
    'bigquery',
    'redshift',
    'databricks',
    'postgres',
    'duckdb',
  ],
  'streaming-data.broker': ['kafka', 'redpanda', 'kinesis', 'pubsub', 'pulsar'],
  'transforming-data.orchestrator': ['airflow', 'dagster', 'prefect', 'cron'],
  'transforming-data.tool': ['dbt', 'pandas', 'polars', 'pyspark'],
  'project.deployment': ['docker-compose', 'kubernetes', 'both'],
};

/** Every other option, cycled through the entries so each appears at least once. */
const CYCLED: Record<string, AnswerValue[]> = {
  'project.cloud': ['aws', 'gcp', 'azure', 'local-only'],
  'project.processing': ['hybrid', 'batch', 'streaming'],
  'project.volume': ['small', 'medium', 'large'],
  'architecting-data.storage': ['warehouse', 'lake', 'lakehouse', 'warehouse'],
  'architecting-data.modeling': ['dimensional', 'data-vault', '3nf', 'one-big-table'],
  'architecting-data.table_format': ['iceberg', 'delta', 'hudi'],
  'architecting-data.partitioning': ['event-date', 'ingestion-date', 'none'],
  'architecting-data.entities': [
    ['users', 'sessions', 'page_views'],
    ['customers', 'products', 'orders', 'order_items'],
    ['devices', 'sensor_readings'],
    ['accounts', 'transactions'],
    ['customers', 'subscriptions', 'invoices'],
    ['users', 'app_events', 'shipments'],
  ],
  'streaming-data.serialization': ['avro', 'protobuf', 'json-schema'],
  'streaming-data.delivery': ['at-least-once', 'exactly-once'],
  'streaming-data.processor': [
    'none',
    'flink',
    'spark-structured-streaming',
    'kafka-streams',
    'ksqldb',
  ],
  'streaming-data.cdc': ['none', 'debezium-postgres', 'debezium-mysql'],
  'streaming-data.language': ['python', 'typescript', 'java', 'go'],
  'streaming-data.partitions': [6, 12, 1, 48],
  'streaming-data.retention_days': [7, 1, 30],
  'streaming-data.replication_factor': [3, 3, 5],
  'transforming-data.approach': ['elt', 'etl', 'hybrid'],
  'transforming-data.schedule': ['0 * * * *', '0 2 * * *', '*/15 * * * *', '30 6 * * 1-5'],
  'transforming-data.quality': ['dbt-tests', 'great-expectations', 'soda'],
  'transforming-data.incremental': ['merge', 'append', 'delete+insert', 'insert-overwrite'],
  'optimizing-sql.workload': ['dashboards', 'point-lookups', 'mixed'],
  'optimizing-sql.techniques': [
    ['indexes', 'partitioning-clustering', 'rewrites'],
    ['materialized-views'],
    ['indexes', 'partitioning-clustering', 'materialized-views', 'rewrites'],
  ],
  'optimizing-sql.slow_query': [
    '',
    "SELECT * FROM marts.fct_orders WHERE ordered_at > now() - interval '7 days' ORDER BY ordered_at DESC",
  ],
  'secret-management.store': [
    'vault',
    'aws-secrets-manager',
    'gcp-secret-manager',
    'azure-key-vault',
    'sops',
  ],
  'secret-management.k8s_delivery': [
    'external-secrets',
    'csi-driver',
    'vault-secrets-operator',
    'none',
  ],
  'secret-management.dynamic_db_credentials': [true, false],
  'secret-management.rotation_days': [90, 30],
  'secret-management.scanning': [true, false],
  'performance-engineering.metrics': ['prometheus-grafana', 'datadog', 'cloudwatch'],
  'performance-engineering.freshness_slo_minutes': [60, 15],
  'performance-engineering.lag_alert_threshold': [10000, 500],
  'performance-engineering.latency_p95_ms': [5000, 250],
  'performance-engineering.alert_route': ['slack', 'pagerduty', 'email', 'none'],
  'performance-engineering.load_tool': ['k6', 'locust'],
  'performance-engineering.autoscaling': ['keda-on-lag', 'hpa-cpu', 'none'],
};

/**
 * Greedy all-pairs: each new row takes, per dimension, the value that covers the most pairs not
 * yet covered. Deterministic, so the matrix is the same on every run.
 */
function pairwiseRows(dimensions: Record<string, AnswerValue[]>): Record<string, AnswerValue>[] {
  const keys = Object.keys(dimensions);
  const uncovered = new Set<string>();
  const pairKey = (a: string, va: AnswerValue, b: string, vb: AnswerValue) =>
    `${a}=${JSON.stringify(va)}|${b}=${JSON.stringify(vb)}`;
  keys.forEach((a, i) => {
    keys.slice(i + 1).forEach((b) => {
      for (const va of dimensions[a] ?? [])
        for (const vb of dimensions[b] ?? []) uncovered.add(pairKey(a, va, b, vb));
    });
  });
  const rows: Record<string, AnswerValue>[] = [];
  while (uncovered.size > 0) {
    const row: Record<string, AnswerValue> = {};
    keys.forEach((key, index) => {
      let best: AnswerValue | undefined;
      let bestScore = -1;
      const values = dimensions[key] ?? [];
      // Rotate the starting value so ties spread across values.
      for (let offset = 0; offset < values.length; offset++) {
        const value = values[(offset + rows.length) % values.length] as AnswerValue;
        let score = 0;
        for (const other of keys) {
          if (other === key) continue;
          const otherValues =
            row[other] !== undefined
              ? [row[other]]
              : keys.indexOf(other) > index
                ? (dimensions[other] ?? [])
                : [];
          for (const otherValue of otherValues) {
            const [a, va, b, vb] =
              keys.indexOf(key) < keys.indexOf(other)
                ? [key, value, other, otherValue]
                : [other, otherValue, key, value];
            if (uncovered.has(pairKey(a, va, b, vb))) score++;
          }
        }
        if (score > bestScore) {
          bestScore = score;
          best = value;
        }
      }
      row[key] = best as AnswerValue;
    });
    keys.forEach((a, i) => {
      keys
        .slice(i + 1)
        .forEach((b) =>
          uncovered.delete(pairKey(a, row[a] as AnswerValue, b, row[b] as AnswerValue)),
        );
    });
    rows.push(row);
  }
  return rows;
}

/**
 * Keeps an entry's answers free of conflicts, so that the options we mean to verify are the ones
 * generated (a conflict would otherwise be auto-resolved to something else).
 */
function harmonise(set: Record<string, AnswerValue>): Record<string, AnswerValue> {
  const fixed = { ...set };
  // Kafka Streams is a JVM library over the Kafka protocol: Java clients on a Kafka broker.
  if (fixed['streaming-data.processor'] === 'kafka-streams') {
    fixed['streaming-data.language'] = 'java';
    if (fixed['streaming-data.broker'] !== 'redpanda') fixed['streaming-data.broker'] = 'kafka';
  }
  const broker = fixed['streaming-data.broker'];
  const isKafkaApi = broker === 'kafka' || broker === 'redpanda';
  if (!isKafkaApi) {
    if (fixed['streaming-data.processor'] === 'ksqldb') fixed['streaming-data.processor'] = 'flink';
    if (fixed['streaming-data.cdc'] !== 'none') fixed['streaming-data.cdc'] = 'none';
    if (
      fixed['streaming-data.delivery'] === 'exactly-once' &&
      (broker === 'kinesis' || broker === 'pubsub')
    )
      fixed['streaming-data.delivery'] = 'at-least-once';
  }
  const cloudOf: Record<string, string> = { redshift: 'aws', bigquery: 'gcp' };
  const warehouseCloud = cloudOf[String(fixed['architecting-data.warehouse'])];
  if (warehouseCloud) fixed['project.cloud'] = warehouseCloud;
  const storeCloud: Record<string, string> = {
    'aws-secrets-manager': 'aws',
    'gcp-secret-manager': 'gcp',
    'azure-key-vault': 'azure',
  };
  const neededCloud = storeCloud[String(fixed['secret-management.store'])];
  if (neededCloud && neededCloud !== fixed['project.cloud']) {
    if (warehouseCloud || fixed['project.cloud'] === 'local-only')
      fixed['secret-management.store'] = 'vault';
    else fixed['project.cloud'] = neededCloud;
  }
  if (fixed['project.deployment'] === 'docker-compose')
    fixed['secret-management.k8s_delivery'] = 'none';
  // The Vault Secrets Operator reads only Vault; the CSI driver has no SOPS provider.
  if (fixed['secret-management.k8s_delivery'] === 'vault-secrets-operator') {
    fixed['secret-management.store'] = 'vault';
  }
  if (
    fixed['secret-management.k8s_delivery'] === 'csi-driver' &&
    fixed['secret-management.store'] === 'sops'
  ) {
    fixed['secret-management.store'] = 'vault';
  }
  if (fixed['project.volume'] === 'large' && fixed['transforming-data.tool'] === 'pandas')
    fixed['project.volume'] = 'medium';
  if (
    fixed['project.maturity'] === 'advanced' &&
    fixed['transforming-data.orchestrator'] === 'cron'
  )
    fixed['transforming-data.orchestrator'] = 'airflow';
  if (
    fixed['architecting-data.storage'] === 'lake' &&
    fixed['transforming-data.tool'] === 'dbt' &&
    fixed['architecting-data.warehouse'] !== 'databricks' &&
    fixed['architecting-data.warehouse'] !== 'duckdb'
  ) {
    fixed['architecting-data.storage'] = 'lakehouse';
  }
  return fixed;
}

export function answerEntries(): MatrixEntry[] {
  const rows = pairwiseRows(PAIRWISE);
  return rows.map((row, index) => {
    const set: Record<string, AnswerValue> = { ...row };
    for (const [key, values] of Object.entries(CYCLED))
      set[key] = values[index % values.length] as AnswerValue;
    set['project.name'] = `matrix-${String(index + 1).padStart(2, '0')}`;
    return {
      id: `answers-${String(index + 1).padStart(2, '0')}`,
      goal: 'verification matrix project',
      skills: ALL_SKILLS,
      set: harmonise(set),
    };
  });
}

/** The whole matrix: goals' defaults first, then the answer sets. */
export function matrix(): MatrixEntry[] {
  return [...GOAL_ENTRIES, ...answerEntries()];
}
