import { RAW_SCHEMA } from '../../shared/data-architecture.js';
import { lines, pyString } from '../../shared/text.js';
import type { FileSpec } from '../../types.js';
import { tidyPython } from '../clients/python/index.js';
import type { StreamPlan } from '../plan.js';

/**
 * Databricks reads Kafka natively: the "sink" is a Structured Streaming job that lands each topic
 * in its raw Delta table (exactly-once through the checkpoint and Delta's transactional writes).
 * `databricks-sink.json` is the Jobs API 2.1 definition; `databricks_ingest.py` the job.
 */
export function databricksFiles(plan: StreamPlan): FileSpec[] {
  return [
    {
      path: 'streaming/connect/databricks-sink.json',
      kind: 'json',
      data: () => jobDefinition(plan),
    },
    {
      path: 'streaming/connect/databricks_ingest.py',
      kind: 'text',
      render: () => tidyPython(ingestJob(plan)),
    },
  ];
}

export function databricksWorkspacePath(plan: StreamPlan): string {
  return `/Workspace/Shared/${plan.model.name}/streaming/connect/databricks_ingest.py`;
}

function jobDefinition(plan: StreamPlan): Record<string, unknown> {
  return {
    name: `${plan.model.name}-kafka-ingest`,
    description: `Lands the ${plan.model.title} topics in the raw Delta tables (Structured Streaming, availableNow every 5 minutes).`,
    tags: { project: plan.model.name, layer: RAW_SCHEMA },
    // Micro-batches on a schedule: the checkpoint resumes exactly where the last run stopped.
    schedule: {
      quartz_cron_expression: '0 0/5 * * * ?',
      timezone_id: 'UTC',
      pause_status: 'UNPAUSED',
    },
    max_concurrent_runs: 1,
    timeout_seconds: 3600,
    tasks: [
      {
        task_key: 'ingest_topics',
        description: 'Kafka topics → raw Delta tables',
        spark_python_task: {
          python_file: databricksWorkspacePath(plan),
          parameters: [
            '--catalog',
            plan.model.snakeName,
            '--checkpoint-root',
            `/Volumes/${plan.model.snakeName}/${RAW_SCHEMA}/checkpoints`,
          ],
        },
        environment_key: 'serverless',
        max_retries: 3,
        min_retry_interval_millis: 60000,
        retry_on_timeout: true,
      },
    ],
    environments: [{ environment_key: 'serverless', spec: { client: '2' } }],
    email_notifications: { no_alert_for_skipped_runs: true },
  };
}

function ingestJob(plan: StreamPlan): string {
  const serialization = plan.streaming.serialization;
  const decode = {
    avro: [
      '    # Databricks resolves the Confluent wire format (schema id) against the registry itself.',
      '    return from_avro(col("value"), options={"mode": "FAILFAST"}, subject=f"{topic}-value", schemaRegistryAddress=registry)',
    ],
    protobuf: [
      '    # Databricks resolves the Confluent wire format (schema id) against the registry itself.',
      '    return from_protobuf(col("value"), options={"schema.registry.subject": f"{topic}-value", "schema.registry.address": registry, "mode": "FAILFAST"})',
    ],
    'json-schema': [
      '    # Confluent JSON Schema framing: one magic byte and a 4-byte schema id before the JSON text.',
      '    payload = expr("cast(substring(value, 6, length(value) - 5) as string)")',
      '    return from_json(payload, SCHEMAS[topic], {"mode": "FAILFAST"})',
    ],
  }[serialization];
  return lines(
    `"""Lands the ${plan.model.title} topics in the raw Delta tables of Unity Catalog.`,
    '',
    'One streaming query per topic, run with trigger(availableNow=True) by the job in',
    'databricks-sink.json: each run reads what arrived since the checkpoint and stops. Delta commits and',
    'the checkpoint make it exactly-once; MERGE on the entity key keeps redeliveries idempotent.',
    'Credentials come from the Databricks secret scope named after the project.',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import argparse',
    'from collections.abc import Callable',
    '',
    'from delta.tables import DeltaTable',
    'from pyspark.dbutils import DBUtils',
    'from pyspark.sql import DataFrame, SparkSession',
    serialization === 'avro' && 'from pyspark.sql.avro.functions import from_avro',
    'from pyspark.sql.column import Column',
    `from pyspark.sql.functions import col, current_timestamp${serialization === 'json-schema' ? ', expr, from_json' : ''}`,
    serialization === 'protobuf' && 'from pyspark.sql.protobuf.functions import from_protobuf',
    '',
    `SECRET_SCOPE = ${pyString(plan.model.name)}`,
    `RAW_SCHEMA = ${pyString(RAW_SCHEMA)}`,
    '# topic → (raw table, key column)',
    'TOPICS = {',
    plan.entities.map(
      (item) =>
        `    ${pyString(item.topic.name)}: (${pyString(item.entity.name)}, ${pyString(item.entity.key.name)}),`,
    ),
    '}',
    serialization === 'json-schema' && [
      '# Spark DDL schemas of the JSON values (the JSON Schema files in streaming/schemas/).',
      'SCHEMAS = {',
      plan.entities.map(
        (item) =>
          `    ${pyString(item.topic.name)}: ${pyString(item.entity.columns.map((column) => `${column.name} ${column.type === 'decimal' ? 'STRING' : column.type === 'integer' ? 'INT' : column.type === 'bigint' ? 'BIGINT' : column.type === 'double' ? 'DOUBLE' : column.type === 'boolean' ? 'BOOLEAN' : 'STRING'}`).join(', '))},`,
      ),
      '}',
    ],
    '',
    '',
    'def decoded(topic: str, registry: str) -> Column:',
    serialization === 'json-schema' &&
      '    del registry  # JSON values carry only the schema id; the schema is fixed per topic here.',
    decode,
    '',
    '',
    'def upsert(table: str, key: str) -> Callable[[DataFrame, int], None]:',
    '    def merge(batch: DataFrame, _batch_id: int) -> None:',
    '        # Latest record per key within the micro-batch, then MERGE: replays rewrite the same rows.',
    '        latest = batch.orderBy(col("_source_offset").desc()).dropDuplicates([key])',
    '        (',
    '            DeltaTable.forName(batch.sparkSession, table)',
    '            .alias("target")',
    '            .merge(latest.alias("incoming"), f"target.{key} = incoming.{key}")',
    '            .whenMatchedUpdateAll()',
    '            .whenNotMatchedInsertAll()',
    '            .execute()',
    '        )',
    '',
    '    return merge',
    '',
    '',
    'def main() -> None:',
    '    parser = argparse.ArgumentParser()',
    '    parser.add_argument("--catalog", required=True)',
    '    parser.add_argument("--checkpoint-root", required=True)',
    '    arguments = parser.parse_args()',
    '    spark = SparkSession.builder.getOrCreate()',
    '    secrets = DBUtils(spark).secrets',
    '    bootstrap = secrets.get(SECRET_SCOPE, "KAFKA_BOOTSTRAP_SERVERS")',
    '    registry = secrets.get(SECRET_SCOPE, "SCHEMA_REGISTRY_URL")',
    '    username = secrets.get(SECRET_SCOPE, "KAFKA_SASL_USERNAME")',
    '    password = secrets.get(SECRET_SCOPE, "KAFKA_SASL_PASSWORD")',
    '    jaas = f\'kafkashaded.org.apache.kafka.common.security.scram.ScramLoginModule required username="{username}" password="{password}";\'',
    '    queries = []',
    '    for topic, (table, key) in TOPICS.items():',
    '        target = f"{arguments.catalog}.{RAW_SCHEMA}.{table}"',
    '        source = (',
    '            spark.readStream.format("kafka")',
    '            .option("kafka.bootstrap.servers", bootstrap)',
    '            .option("kafka.security.protocol", "SASL_SSL")',
    '            .option("kafka.sasl.mechanism", "SCRAM-SHA-512")',
    '            .option("kafka.sasl.jaas.config", jaas)',
    '            .option("subscribe", topic)',
    '            .option("startingOffsets", "earliest")',
    '            # Bounded micro-batches keep a backlog from producing one huge first batch.',
    '            .option("maxOffsetsPerTrigger", 500000)',
    '            .load()',
    '        )',
    '        rows = source.select(',
    '            decoded(topic, registry).alias("event"),',
    '            col("topic").alias("_source_topic"),',
    '            col("partition").alias("_source_partition"),',
    '            col("offset").alias("_source_offset"),',
    '        ).select("event.*", "_source_topic", "_source_partition", "_source_offset", current_timestamp().alias("_loaded_at"))',
    '        query = (',
    '            rows.writeStream.foreachBatch(upsert(target, key))',
    '            .option("checkpointLocation", f"{arguments.checkpoint_root}/{table}")',
    '            .trigger(availableNow=True)',
    '            .queryName(f"ingest_{table}")',
    '            .start()',
    '        )',
    '        queries.append(query)',
    '    for query in queries:',
    '        query.awaitTermination()',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
  );
}
