import { lines, pyString } from '../../shared/text.js';
import type { FileSpec } from '../../types.js';
import { tidyPython } from '../clients/python/index.js';
import { clientEntityOf } from '../clients/shared.js';
import type { StreamPlan } from '../plan.js';
import { brokerTitle, pubsubArchiveBucket } from '../plan.js';

export const SPARK_VERSIONS = {
  spark: '3.5.6',
  scala: '2.12',
  image: '3.5.6-scala2.12-java17-python3-ubuntu',
  kinesisConnector: 'software.amazon.kinesis:spark-streaming-sql-kinesis-connector_2.12:1.2.1',
  pulsarConnector: 'io.streamnative.connectors:pulsar-spark-connector_2.12:3.4.1.1',
} as const;

const ROOT = 'streaming/processors/spark';

/** The packages spark-submit needs for this broker and serialization (--packages). */
export function sparkPackages(plan: StreamPlan): string[] {
  const v = SPARK_VERSIONS;
  const packages: string[] = [];
  if (plan.isKafkaApi) packages.push(`org.apache.spark:spark-sql-kafka-0-10_${v.scala}:${v.spark}`);
  if (plan.streaming.broker === 'kinesis') packages.push(v.kinesisConnector);
  if (plan.streaming.broker === 'pulsar') packages.push(v.pulsarConnector);
  if (plan.streaming.serialization === 'avro' || plan.streaming.broker === 'pubsub')
    packages.push(`org.apache.spark:spark-avro_${v.scala}:${v.spark}`);
  if (plan.streaming.serialization === 'protobuf')
    packages.push(`org.apache.spark:spark-protobuf_${v.scala}:${v.spark}`);
  return packages;
}

export function sparkJobPath(plan: StreamPlan): string {
  return `${ROOT}/${plan.aggregate?.jobName ?? 'job'}.py`;
}

/**
 * The Spark Structured Streaming job: reads the fact topic, decodes the payload with the schema
 * file, takes event time from the event, watermarks it, counts per one-minute window and writes
 * JSON results to the aggregate topic; progress and state live in the checkpoint location.
 */
export function sparkFiles(plan: StreamPlan): FileSpec[] {
  if (!plan.aggregate) return [];
  return [{ path: sparkJobPath(plan), kind: 'text', render: () => tidyPython(job(plan)) }];
}

function sparkType(type: string): string {
  return (
    {
      string: 'STRING',
      integer: 'INT',
      bigint: 'BIGINT',
      decimal: 'STRING',
      double: 'DOUBLE',
      boolean: 'BOOLEAN',
      timestamp: 'STRING',
      date: 'STRING',
    }[type] ?? 'STRING'
  );
}

function job(plan: StreamPlan): string {
  const aggregate = plan.aggregate;
  if (!aggregate) return '';
  const fact = clientEntityOf(plan, aggregate.fact);
  const entity = aggregate.fact.entity;
  const serialization = plan.streaming.serialization;
  const broker = plan.streaming.broker;
  const eventTime = entity.eventTime.name;
  // Bytes of framing before the encoded value.
  const framing = plan.isKafkaApi
    ? serialization === 'protobuf'
      ? 6
      : 5
    : serialization === 'avro'
      ? 10
      : 0;
  const framingNote = plan.isKafkaApi
    ? serialization === 'protobuf'
      ? 'Confluent framing: magic byte, 4-byte schema id, message index (0 for the first message).'
      : 'Confluent framing: magic byte and a 4-byte schema id.'
    : serialization === 'avro'
      ? 'Avro single-object encoding: 0xC3 0x01 and the 8-byte schema fingerprint.'
      : 'No framing on this broker.';
  const ddl = entity.columns.map((column) => `${column.name} ${sparkType(column.type)}`).join(', ');
  const decode = {
    avro: [
      '    # The schema file is the reader schema; timestamps and decimals keep their logical types.',
      `    return from_avro(payload, SCHEMA_FILE.read_text(encoding="utf-8"), {"mode": "PERMISSIVE"})`,
    ],
    protobuf: [
      '    # Descriptor set generated from the .proto files (see the module docstring).',
      `    return from_protobuf(payload, ${pyString(`${plan.namespace}.${aggregate.fact.record}`)}, descFilePath=str(DESCRIPTOR_FILE), options={"mode": "PERMISSIVE"})`,
    ],
    'json-schema': [
      `    return from_json(payload.cast("string"), ${pyString(ddl)}, {"mode": "PERMISSIVE"})`,
    ],
  }[serialization];
  // JSON carries RFC 3339 strings; Avro and Protobuf timestamps decode to Spark timestamps.
  const eventTimeColumn =
    serialization === 'json-schema'
      ? `to_timestamp(col("event.${eventTime}"))`
      : `col("event.${eventTime}")`;
  const functions = ['col', 'count', 'date_format', 'struct', 'to_json', 'window'];
  if (framing > 0) functions.push('expr');
  if (serialization === 'json-schema') functions.push('from_json', 'to_timestamp');
  if (aggregate.measure) functions.push('sum');
  const payloadColumn = {
    kafka: 'value',
    redpanda: 'value',
    kinesis: 'data',
    pubsub: 'data',
    pulsar: 'value',
  }[broker];
  const source = {
    kafka: kafkaSource(),
    redpanda: kafkaSource(),
    kinesis: [
      '    # The Amazon Kinesis connector for Spark Structured Streaming; positions live in the checkpoint.',
      '    reader = (',
      '        spark.readStream.format("aws-kinesis")',
      `        .option("kinesis.streamName", ${pyString(fact.topic)})`,
      '        .option("kinesis.region", os.environ["AWS_REGION"])',
      '        .option("kinesis.startingposition", "TRIM_HORIZON")',
      '    )',
      '    endpoint = os.environ.get("KINESIS_ENDPOINT_URL", "")',
      '    if endpoint:',
      '        reader = reader.option("kinesis.endpointUrl", endpoint)',
      '    return reader.load()',
    ],
    pubsub: [
      "    # Spark has no Pub/Sub source: the processor's Cloud Storage subscription writes Avro files",
      '    # (message data in the "data" column) that Spark reads as a file stream.',
      '    bucket = ARCHIVE_BUCKET.replace("${GCP_PROJECT_ID}", os.environ["GCP_PROJECT_ID"])',
      '    return (',
      '        spark.readStream.format("avro")',
      '        .schema("data BINARY, attributes STRING, message_id STRING, publish_time TIMESTAMP")',
      '        .option("maxFilesPerTrigger", 100)',
      `        .load(f"gs://{bucket}/${fact.topic}/")`,
      '    )',
    ],
    pulsar: [
      '    # The StreamNative Pulsar connector; positions live in the checkpoint.',
      '    return (',
      '        spark.readStream.format("pulsar")',
      '        .option("service.url", os.environ["PULSAR_SERVICE_URL"])',
      '        .option("admin.url", os.environ["PULSAR_ADMIN_URL"])',
      `        .option("topic", ${pyString(fact.topic)})`,
      '        .option("startingOffsets", "earliest")',
      '        .load()',
      '    )',
    ],
  }[broker];
  const sink = {
    kafka: kafkaSink(aggregate.topic),
    redpanda: kafkaSink(aggregate.topic),
    kinesis: [
      '    # Each micro-batch of results is small: publish it from the driver.',
      '    def publish(batch: DataFrame, _batch_id: int) -> None:',
      '        import boto3',
      '',
      '        client = boto3.client("kinesis", region_name=os.environ["AWS_REGION"], endpoint_url=os.environ.get("KINESIS_ENDPOINT_URL") or None)',
      '        records = [{"Data": row.json.encode("utf-8"), "PartitionKey": row.key} for row in batch.collect()]',
      '        for start in range(0, len(records), 500):',
      `            client.put_records(StreamName=${pyString(aggregate.topic)}, Records=records[start : start + 500])`,
      '',
      '    return results.writeStream.foreachBatch(publish)',
    ],
    pubsub: [
      '    # Each micro-batch of results is small: publish it from the driver.',
      '    def publish(batch: DataFrame, _batch_id: int) -> None:',
      '        from google.cloud import pubsub_v1',
      '',
      '        publisher = pubsub_v1.PublisherClient()',
      `        topic = publisher.topic_path(os.environ["GCP_PROJECT_ID"], ${pyString(aggregate.topic)})`,
      '        for future in [publisher.publish(topic, row.json.encode("utf-8")) for row in batch.collect()]:',
      '            future.result(timeout=60)',
      '',
      '    return results.writeStream.foreachBatch(publish)',
    ],
    pulsar: [
      '    return (',
      '        results.selectExpr("json AS value", "key AS __key")',
      '        .writeStream.format("pulsar")',
      '        .option("service.url", os.environ["PULSAR_SERVICE_URL"])',
      '        .option("admin.url", os.environ["PULSAR_ADMIN_URL"])',
      `        .option("topic", ${pyString(aggregate.topic)})`,
      '    )',
    ],
  }[broker];
  const groupColumns = aggregate.groupBy
    ? [`col("event.${aggregate.groupBy.name}").alias(${pyString(aggregate.groupBy.name)})`]
    : [];
  const measure = aggregate.measure;
  return lines(
    `"""${aggregate.jobName}: ${entity.name} per one-minute event-time window, ${brokerTitle(broker)} → ${aggregate.topic}.`,
    '',
    `Spark Structured Streaming. Event time is the event's ${eventTime}; the watermark accepts events up to`,
    '30 seconds late, after which a window is final and emitted once (append mode). Offsets and window',
    'state live in the checkpoint location, so a restarted job resumes exactly where it stopped.',
    '',
    'Run (see `make processor`):',
    `    spark-submit --packages ${sparkPackages(plan).join(',')} \\`,
    `        ${sparkJobPath(plan).replace('streaming/', '')} --checkpoint-location <dir>`,
    serialization === 'protobuf' && [
      '',
      'The Protobuf descriptor set is generated from the schemas first:',
      '    protoc --include_imports --descriptor_set_out=processors/spark/events.desc -I schemas schemas/*.proto',
    ],
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import argparse',
    'import os',
    'from pathlib import Path',
    '',
    'from pyspark.sql import Column, DataFrame, SparkSession',
    serialization === 'avro' && 'from pyspark.sql.avro.functions import from_avro',
    `from pyspark.sql.functions import ${functions
      .sort()
      .map((name) => (name === 'sum' ? 'sum as total' : name))
      .join(', ')}`,
    serialization === 'protobuf' && 'from pyspark.sql.protobuf.functions import from_protobuf',
    'from pyspark.sql.streaming import DataStreamWriter',
    '',
    'STREAMING_DIR = Path(__file__).resolve().parents[2]',
    serialization === 'avro' &&
      `SCHEMA_FILE = STREAMING_DIR / "schemas" / ${pyString(aggregate.fact.schemaFile)}`,
    serialization === 'protobuf' &&
      'DESCRIPTOR_FILE = Path(__file__).resolve().parent / "events.desc"',
    broker === 'pubsub' && `ARCHIVE_BUCKET = ${pyString(pubsubArchiveBucket(plan))}`,
    '',
    '',
    'def read_events(spark: SparkSession) -> DataFrame:',
    source,
    '',
    '',
    'def decoded(payload: Column) -> Column:',
    decode,
    '',
    '',
    'def aggregate(raw: DataFrame) -> DataFrame:',
    `    # ${framingNote}`,
    `    payload = ${framing > 0 ? `expr("substring(${payloadColumn}, ${framing + 1}, length(${payloadColumn}) - ${framing})")` : `col(${pyString(payloadColumn)})`}`,
    '    events = raw.select(decoded(payload).alias("event")).where(col("event").isNotNull())',
    '    timed = events.select(',
    `        ${eventTimeColumn}.alias("event_time"),`,
    groupColumns.map((column) => `        ${column},`),
    measure &&
      `        col(${pyString(`event.${measure.name}`)}).cast("double").alias(${pyString(measure.name)}),`,
    '    )',
    '    windowed = (',
    '        timed.withWatermark("event_time", "30 seconds")',
    `        .groupBy(window("event_time", "${aggregate.windowMinutes} minute")${aggregate.groupBy ? `, ${pyString(aggregate.groupBy.name)}` : ''})`,
    `        .agg(count("*").alias("event_count")${measure ? `, total(${pyString(measure.name)}).alias(${pyString(`total_${measure.name}`)})` : ''})`,
    '    )',
    '    return windowed.select(',
    aggregate.groupBy
      ? `        col(${pyString(aggregate.groupBy.name)}).alias("key"),`
      : '        date_format(col("window.start"), "yyyy-MM-dd\'T\'HH:mm:ss\'Z\'").alias("key"),',
    '        to_json(',
    '            struct(',
    '                date_format(col("window.start"), "yyyy-MM-dd\'T\'HH:mm:ss\'Z\'").alias("window_start"),',
    '                date_format(col("window.end"), "yyyy-MM-dd\'T\'HH:mm:ss\'Z\'").alias("window_end"),',
    aggregate.groupBy && `                col(${pyString(aggregate.groupBy.name)}),`,
    '                col("event_count"),',
    measure && `                col(${pyString(`total_${measure.name}`)}),`,
    '            )',
    '        ).alias("json"),',
    '    )',
    '',
    '',
    'def write_results(results: DataFrame) -> DataStreamWriter:',
    sink,
    '',
    '',
    'def main() -> None:',
    '    parser = argparse.ArgumentParser(description=__doc__)',
    '    parser.add_argument("--checkpoint-location", required=True, help="durable storage for offsets and state (s3://, gs://, a volume)")',
    '    arguments = parser.parse_args()',
    `    spark = SparkSession.builder.appName(${pyString(`${plan.model.name}-${aggregate.jobName}`)}).getOrCreate()`,
    '    spark.conf.set("spark.sql.session.timeZone", "UTC")',
    '    query = (',
    '        write_results(aggregate(read_events(spark)))',
    '        .outputMode("append")',
    '        .option("checkpointLocation", arguments.checkpoint_location)',
    `        .queryName(${pyString(aggregate.jobName)})`,
    '        .trigger(processingTime="10 seconds")',
    '        .start()',
    '    )',
    '    query.awaitTermination()',
    '',
    '',
    'if __name__ == "__main__":',
    '    main()',
  );

  function kafkaSource(): string[] {
    return [
      '    return (',
      '        spark.readStream.format("kafka")',
      '        .option("kafka.bootstrap.servers", os.environ["KAFKA_BOOTSTRAP_SERVERS"])',
      '        .option("kafka.security.protocol", os.environ.get("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"))',
      '        .option("kafka.isolation.level", "read_committed")',
      `        .option("subscribe", ${pyString(fact.topic)})`,
      '        .option("startingOffsets", "earliest")',
      '        # Bounded micro-batches keep a backlog from producing one huge first batch.',
      '        .option("maxOffsetsPerTrigger", 500000)',
      '        .load()',
      '    )',
    ];
  }
}

function kafkaSink(topic: string): string[] {
  return [
    '    return (',
    '        results.selectExpr("key", "json AS value")',
    '        .writeStream.format("kafka")',
    '        .option("kafka.bootstrap.servers", os.environ["KAFKA_BOOTSTRAP_SERVERS"])',
    '        .option("kafka.security.protocol", os.environ.get("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"))',
    `        .option("topic", ${pyString(topic)})`,
    '    )',
  ];
}
