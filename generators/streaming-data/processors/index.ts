import { lines } from '../../shared/text.js';
import type { FileSpec } from '../../types.js';
import type { StreamPlan } from '../plan.js';
import { flinkFiles } from './flink.js';
import { kafkaStreamsFiles } from './kafka-streams.js';
import { sparkFiles } from './spark.js';

/** streaming/processors/: the stream-processing job of the processor answer. */
export function processorFiles(plan: StreamPlan): FileSpec[] {
  switch (plan.processorEngine) {
    case null:
      return [];
    case 'flink-datastream':
      return flinkFiles(plan);
    case 'spark':
      return sparkFiles(plan);
    case 'kafka-streams':
      return kafkaStreamsFiles(plan);
    case 'ksqldb':
      return ksqldbFiles(plan);
  }
}

export function ksqldbPath(plan: StreamPlan): string {
  return `streaming/processors/ksqldb/${plan.aggregate?.jobName ?? 'queries'}.sql`;
}

function ksqlName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase();
}

/**
 * ksqlDB: a stream over the fact topic (columns inferred from the registered schema) and a
 * persistent windowed aggregation into the aggregate topic. Runs headless: the server executes this
 * file at start-up (KSQL_KSQL_QUERIES_FILE), so the query is deployed like code, not typed in a CLI.
 */
function ksqldbFiles(plan: StreamPlan): FileSpec[] {
  const aggregate = plan.aggregate;
  if (!aggregate) return [];
  const format = { avro: 'AVRO', protobuf: 'PROTOBUF', 'json-schema': 'JSON_SR' }[
    plan.streaming.serialization
  ];
  const stream = ksqlName(`${aggregate.fact.entity.name}_events`);
  const table = ksqlName(aggregate.jobName);
  const groupBy = aggregate.groupBy ? ksqlName(aggregate.groupBy.name) : null;
  const measure = aggregate.measure ? ksqlName(aggregate.measure.name) : null;
  const retentionDays = Math.max(plan.streaming.retentionDays, 1);
  return [
    {
      path: ksqldbPath(plan),
      kind: 'text',
      render: () =>
        lines(
          `-- ${aggregate.jobName}: ${aggregate.fact.entity.name} per one-minute tumbling window${aggregate.groupBy ? `, per ${aggregate.groupBy.name}` : ''}, into ${aggregate.topic}.`,
          '-- Headless ksqlDB runs this file at start-up (KSQL_KSQL_QUERIES_FILE); change it and restart the server.',
          '-- Windows use ROWTIME, the record timestamp the producers set to the event time. Late events are',
          '-- accepted for 30 seconds (GRACE PERIOD); window state is kept for the topic retention.',
          '',
          '-- Read the fact topic from its beginning when the query is first deployed.',
          "SET 'auto.offset.reset' = 'earliest';",
          '-- Exactly-once between the input offsets, the state stores and the output topic.',
          "SET 'processing.guarantee' = 'exactly_once_v2';",
          '',
          `-- The fact topic; its columns come from the registered ${format} schema (subject ${aggregate.fact.subject}).`,
          `CREATE STREAM IF NOT EXISTS ${stream} WITH (`,
          `    KAFKA_TOPIC = '${aggregate.fact.topic.name}',`,
          "    KEY_FORMAT = 'KAFKA',",
          `    VALUE_FORMAT = '${format}'`,
          ');',
          '',
          '-- The persistent query: one row per window (and group), updated as events arrive.',
          `CREATE TABLE IF NOT EXISTS ${table} WITH (`,
          `    KAFKA_TOPIC = '${aggregate.topic}',`,
          "    KEY_FORMAT = 'JSON',",
          "    VALUE_FORMAT = 'JSON',",
          `    PARTITIONS = ${Math.min(plan.streaming.partitions, 6)}`,
          ') AS SELECT',
          `    ${groupBy ?? ksqlName(aggregate.fact.entity.key.name)},`,
          "    FORMAT_TIMESTAMP(FROM_UNIXTIME(WINDOWSTART), 'yyyy-MM-dd''T''HH:mm:ss''Z''', 'UTC') AS WINDOW_START_TEXT,",
          "    FORMAT_TIMESTAMP(FROM_UNIXTIME(WINDOWEND), 'yyyy-MM-dd''T''HH:mm:ss''Z''', 'UTC') AS WINDOW_END_TEXT,",
          `    COUNT(*) AS EVENT_COUNT${measure ? ',' : ''}`,
          measure ? `    SUM(${measure}) AS TOTAL_${measure}` : [],
          `FROM ${stream}`,
          `WINDOW TUMBLING (SIZE ${aggregate.windowMinutes} MINUTE, RETENTION ${retentionDays} DAYS, GRACE PERIOD 30 SECONDS)`,
          // ksqlDB needs a column to group by; without one every event is its own group (by key).
          `GROUP BY ${groupBy ?? ksqlName(aggregate.fact.entity.key.name)}`,
          'EMIT CHANGES;',
        ),
    },
  ];
}
