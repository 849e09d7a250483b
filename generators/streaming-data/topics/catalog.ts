import type { StreamEntity, StreamPlan } from '../plan.js';
import { brokerTitle, minInsyncReplicas } from '../plan.js';
import { sinkConnector, sinkDeadLetterTopic } from '../connect/sinks.js';

/**
 * Every topic of the project with its settings, independent of the broker: the entity topics,
 * their dead-letter topics, the processor's output topic and the CDC schema-history topic. The
 * topics file and the creation script of each broker are rendered from this one list, so they
 * cannot disagree.
 */
export interface TopicSpec {
  name: string;
  role: 'event-stream' | 'changelog' | 'dead-letter' | 'aggregate' | 'schema-history';
  description: string;
  /** The entity it carries (dead letters: the entity whose records failed). */
  entity: string | null;
  key: string | null;
  partitions: number;
  replicationFactor: number;
  minInsyncReplicas: number;
  retentionMs: number;
  /** Who writes to it. */
  producers: string[];
  /** Consumer groups / subscriptions that read it; every one of them needs the dead-letter topic. */
  consumerGroups: string[];
  deadLetterTopic: string | null;
  stream: StreamEntity | null;
}

const DAY_MS = 86_400_000;
/** Dead letters stay long enough for a person to look at them after a holiday. */
export const DEAD_LETTER_RETENTION_MS = 14 * DAY_MS;
/** Tombstones stay a day so a consumer that lags less than that still sees deletes. */
export const DELETE_RETENTION_MS = DAY_MS;
/** Keep the last hour of a changelog uncompacted so consumers can read every intermediate state. */
export const MIN_COMPACTION_LAG_MS = 3_600_000;

export function topicSpecs(plan: StreamPlan): TopicSpec[] {
  const { streaming } = plan;
  const rf = streaming.replicationFactor;
  const isr = minInsyncReplicas(rf);
  const specs: TopicSpec[] = [];
  const compacts = brokerCompacts(streaming.broker);
  for (const item of plan.entities) {
    const { topic, entity } = item;
    const writer =
      item.source === 'cdc'
        ? `Debezium ${streaming.cdc === 'debezium-mysql' ? 'MySQL' : 'PostgreSQL'} connector`
        : `producers (streaming/producers/)`;
    specs.push({
      name: topic.name,
      role: topic.isCompacted ? 'changelog' : 'event-stream',
      description: topic.isCompacted
        ? compacts
          ? `Changelog of ${entity.name}: the latest state per ${topic.keyColumn}, compacted.`
          : `Changelog of ${entity.name}, ordered per ${topic.keyColumn}; ${brokerTitle(streaming.broker)} does not compact, the raw loader keeps the latest state per key.`
        : `Events of ${entity.name}, keyed by ${topic.keyColumn} so one key stays in order on one partition.`,
      entity: entity.name,
      key: topic.keyColumn,
      partitions: topic.partitions,
      replicationFactor: rf,
      minInsyncReplicas: isr,
      retentionMs: topic.retentionMs,
      producers: [writer],
      // The raw loader reads every topic; the stream processor also reads its fact.
      consumerGroups:
        plan.aggregate?.fact === item
          ? [plan.consumerGroup, plan.aggregate.group]
          : [plan.consumerGroup],
      deadLetterTopic: topic.dlq,
      stream: item,
    });
    specs.push({
      name: topic.dlq,
      role: 'dead-letter',
      description: `Records of ${topic.name} the raw loader could not decode or load, with the error in the headers. Inspected by people, replayed after a fix.`,
      entity: entity.name,
      key: topic.keyColumn,
      // Kinesis bills per shard and dead letters are rare: one shard. Elsewhere the dead-letter
      // topic mirrors its source so a replay keeps per-key order.
      partitions: streaming.broker === 'kinesis' ? 1 : topic.partitions,
      replicationFactor: rf,
      minInsyncReplicas: isr,
      retentionMs: Math.max(DEAD_LETTER_RETENTION_MS, topic.retentionMs),
      producers: ['raw loader (streaming/consumers/)'],
      consumerGroups: [],
      deadLetterTopic: null,
      stream: item,
    });
  }
  if (plan.aggregate) {
    specs.push({
      name: plan.aggregate.topic,
      role: 'aggregate',
      description: `Per-minute aggregates of ${plan.aggregate.fact.entity.name} written by the stream processor (JSON).`,
      entity: plan.aggregate.fact.entity.name,
      key: plan.aggregate.groupBy?.name ?? 'window_start',
      partitions: Math.min(streaming.partitions, 6),
      replicationFactor: rf,
      minInsyncReplicas: isr,
      retentionMs: plan.model.streaming.retentionDays * DAY_MS,
      producers: ['stream processor (streaming/processors/)'],
      consumerGroups: [],
      deadLetterTopic: null,
      stream: null,
    });
  }
  const sink = sinkConnector(plan);
  if (sink) {
    // Declared rather than left to Connect's auto-creation, so it gets the same replication,
    // min.insync.replicas and retention as every other dead-letter topic.
    specs.push({
      name: sinkDeadLetterTopic(plan),
      role: 'dead-letter',
      description: `Records the ${sink.name} connector could not write to the warehouse, with the error in the headers (errors.deadletterqueue.context.headers.enable).`,
      entity: null,
      key: null,
      partitions: 1,
      replicationFactor: rf,
      minInsyncReplicas: isr,
      retentionMs: DEAD_LETTER_RETENTION_MS,
      producers: [`Kafka Connect (streaming/connect/${sink.file})`],
      consumerGroups: [],
      deadLetterTopic: null,
      stream: null,
    });
  }
  if (streaming.cdc === 'debezium-mysql' && plan.isKafkaApi) {
    specs.push({
      name: schemaHistoryTopic(plan),
      role: 'schema-history',
      description:
        'Debezium MySQL schema history: the DDL the connector replays on restart. One partition, kept forever.',
      entity: null,
      key: null,
      partitions: 1,
      replicationFactor: rf,
      minInsyncReplicas: isr,
      retentionMs: -1,
      producers: ['Debezium MySQL connector'],
      consumerGroups: [],
      deadLetterTopic: null,
      stream: null,
    });
  }
  return specs;
}

/** Kafka, Redpanda and Pulsar compact topics; Kinesis and Pub/Sub only retain by time. */
export function brokerCompacts(broker: StreamPlan['streaming']['broker']): boolean {
  return broker !== 'kinesis' && broker !== 'pubsub';
}

export function schemaHistoryTopic(plan: StreamPlan): string {
  return `${plan.model.domain}.cdc.schema-history`;
}

/** Kafka topic-level configs (strings, as Kafka stores them). */
export function kafkaTopicConfig(plan: StreamPlan, spec: TopicSpec): Record<string, string> {
  const isRedpanda = plan.streaming.broker === 'redpanda';
  const config: Record<string, string> = {};
  if (spec.role === 'changelog') {
    config['cleanup.policy'] = 'compact';
    config['delete.retention.ms'] = String(DELETE_RETENTION_MS);
    config['min.compaction.lag.ms'] = String(MIN_COMPACTION_LAG_MS);
  } else {
    config['cleanup.policy'] = 'delete';
    config['retention.ms'] = String(spec.retentionMs);
  }
  // zstd: the best ratio for row-shaped events at a CPU cost producers and brokers can afford.
  config['compression.type'] = 'zstd';
  if (!isRedpanda) {
    // Redpanda replicates with Raft (majority acks); these two are Kafka broker concepts.
    config['min.insync.replicas'] = String(spec.minInsyncReplicas);
    config['unclean.leader.election.enable'] = 'false';
    config['message.timestamp.type'] = 'CreateTime';
  }
  return config;
}
