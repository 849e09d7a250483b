import type { FileSpec } from '../../types.js';
import type { StreamPlan } from '../plan.js';
import {
  brokerTitle,
  kinesisRetentionHours,
  minInsyncReplicas,
  pubsubRetentionSeconds,
  processorSubscription,
  pubsubArchiveBucket,
  pubsubSubscription,
  pulsarNamespace,
  pulsarTopic,
  serializationTitle,
} from '../plan.js';
import {
  DELETE_RETENTION_MS,
  kafkaTopicConfig,
  MIN_COMPACTION_LAG_MS,
  topicSpecs,
  type TopicSpec,
} from './catalog.js';

/** Delivery attempts before Pub/Sub or Pulsar move a message to the dead-letter topic on their own. */
export const MAX_DELIVERY_ATTEMPTS = 5;

/**
 * streaming/topics.yaml: the declared topics (or streams) of the broker, with every setting and
 * the reason for it. `streaming/scripts/create-topics.sh` creates exactly these.
 */
export function topicsFile(plan: StreamPlan): FileSpec {
  const header = [
    `${plan.streaming.broker === 'kinesis' ? 'Streams' : 'Topics'} of ${plan.model.title} on ${brokerTitle(plan.streaming.broker)}: one per entity plus its dead-letter ${plan.streaming.broker === 'kinesis' ? 'stream' : 'topic'}.`,
    'Created idempotently by streaming/scripts/create-topics.sh (`make topics`); change this file and the',
    `script together. Values are production values; ${DEV_NOTES[plan.streaming.broker]} (dev only).`,
    '',
    ...brokerNotes(plan),
  ];
  return { path: 'streaming/topics.yaml', kind: 'yaml', header, data: () => topicsData(plan) };
}

/** What `create-topics.sh --dev` changes for the local compose stack, per broker. */
export const DEV_NOTES: Record<StreamPlan['streaming']['broker'], string> = {
  kafka:
    'the local compose stack runs one broker, so the script clamps replication to 1 with --dev',
  redpanda:
    'the local compose stack runs one Redpanda node, so the script clamps replication to 1 with --dev',
  kinesis:
    'with --dev the script creates the streams on LocalStack (the local compose stack) instead of AWS, without KMS encryption',
  pubsub:
    'with --dev the script creates the topics and subscriptions on the Pub/Sub emulator (the local compose stack) instead of Google Cloud',
  pulsar:
    'the local compose stack runs one standalone broker with one bookie, so the script drops the quorums to 1 with --dev',
};

function brokerNotes(plan: StreamPlan): string[] {
  const rf = plan.streaming.replicationFactor;
  switch (plan.streaming.broker) {
    case 'kafka':
      return [
        `replication: factor ${rf} with min.insync.replicas ${minInsyncReplicas(rf)}, so acks=all producers survive ${rf > 1 ? 'the loss of a broker' : 'nothing (a single replica: development only)'};`,
        'unclean leader election stays off (no silent data loss). Event streams use cleanup.policy=delete with',
        'explicit retention; changelogs (dimensions) are compacted and keyed. partitions are the unit of',
        'consumer parallelism: adding partitions later remaps keys, so size them for peak throughput.',
        'Brokers must run with auto.create.topics.enable=false so a typo cannot create a topic.',
      ];
    case 'redpanda':
      return [
        `replication: factor ${rf}; Redpanda replicates with Raft, so acks=all waits for a majority (the`,
        'equivalent of min.insync.replicas, recorded per topic below). Event streams use cleanup.policy=delete',
        'with explicit retention; changelogs (dimensions) are compacted and keyed. partitions are the unit of',
        'consumer parallelism: adding partitions later remaps keys, so size them for peak throughput.',
      ];
    case 'kinesis':
      return [
        'Kinesis has no partitions: shards play that role (1 MB/s or 1000 records/s in, 2 MB/s out each);',
        `the partitions answer (${plan.streaming.partitions}) sets the shard count. replication is managed by AWS`,
        '(synchronous copies in three Availability Zones). retention is 24 h to 365 days. Kinesis does not',
        'compact: changelog streams keep every version and the loader keeps the latest per key.',
      ];
    case 'pubsub':
      return [
        'Pub/Sub has no partitions: it scales per subscription; ordering keys keep one key in order.',
        'replication is managed by Google (zonal replicas of every message). retention on the topic allows',
        'seek/replay (up to 31 days). Dead-letter topics need the Pub/Sub service agent to publish to them',
        'and to subscribe to the source subscription (create-topics.sh grants both).',
      ];
    case 'pulsar':
      return [
        `partitions: partitioned topics; replication: BookKeeper ensemble/write/ack quorums (${rf}/${rf}/${pulsarAckQuorum(rf)}),`,
        'the ack quorum stays below the write quorum so one bookie may fail. retention keeps acknowledged',
        'messages for replay; changelogs are compacted (readers use readCompacted).',
      ];
  }
}

export function pulsarAckQuorum(replicationFactor: number): number {
  return minInsyncReplicas(replicationFactor);
}

function topicsData(plan: StreamPlan): Record<string, unknown> {
  const specs = topicSpecs(plan);
  switch (plan.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return kafkaData(plan, specs);
    case 'kinesis':
      return kinesisData(plan, specs);
    case 'pubsub':
      return pubsubData(plan, specs);
    case 'pulsar':
      return pulsarData(plan, specs);
  }
}

function schemaOf(plan: StreamPlan, spec: TopicSpec): Record<string, unknown> | undefined {
  if (!spec.stream || spec.role === 'dead-letter') return undefined;
  const item = spec.stream;
  const format = { avro: 'AVRO', protobuf: 'PROTOBUF', 'json-schema': 'JSON' }[
    plan.streaming.serialization
  ];
  return plan.isKafkaApi
    ? {
        subject: item.subject,
        file: `schemas/${item.schemaFile}`,
        type: format,
        compatibility: 'BACKWARD',
      }
    : { file: `schemas/${item.schemaFile}`, encoding: payloadEncoding(plan) };
}

/** How values travel on brokers without a schema registry. */
export function payloadEncoding(plan: StreamPlan): string {
  switch (plan.streaming.serialization) {
    case 'avro':
      return 'avro-single-object (0xC3 0x01 + CRC-64-AVRO schema fingerprint + binary datum)';
    case 'protobuf':
      return 'protobuf-binary';
    case 'json-schema':
      return 'json (validated against the JSON Schema)';
  }
}

function kafkaData(plan: StreamPlan, specs: readonly TopicSpec[]): Record<string, unknown> {
  const rf = plan.streaming.replicationFactor;
  return {
    broker: plan.streaming.broker,
    serialization: serializationTitle(plan.streaming.serialization),
    cluster: {
      replication_factor: rf,
      min_insync_replicas: minInsyncReplicas(rf),
      auto_create_topics: false,
      unclean_leader_election: false,
      schema_registry_compatibility: 'BACKWARD',
    },
    topics: specs.map((spec) =>
      compact({
        name: spec.name,
        role: spec.role,
        description: spec.description,
        entity: spec.entity,
        key: spec.key,
        partitions: spec.partitions,
        replication_factor: spec.replicationFactor,
        min_insync_replicas: spec.minInsyncReplicas,
        schema: schemaOf(plan, spec),
        producers: spec.producers,
        consumer_groups: spec.consumerGroups,
        dead_letter_topic: spec.deadLetterTopic,
        config: {
          ...kafkaTopicConfig(plan, spec),
          ...(spec.role === 'schema-history' ? { 'retention.ms': '-1' } : {}),
        },
      }),
    ),
  };
}

function kinesisData(plan: StreamPlan, specs: readonly TopicSpec[]): Record<string, unknown> {
  return {
    broker: 'kinesis',
    serialization: serializationTitle(plan.streaming.serialization),
    region_variable: 'AWS_REGION',
    streams: specs.map((spec) =>
      compact({
        name: spec.name,
        role: spec.role,
        description: spec.description,
        entity: spec.entity,
        partition_key: spec.key,
        // Dead letters are rare: one shard is plenty and shards are billed by the hour.
        shard_count: spec.role === 'dead-letter' ? 1 : spec.partitions,
        stream_mode: 'PROVISIONED',
        retention_period_hours: kinesisRetentionHours(Math.ceil(spec.retentionMs / 86_400_000)),
        encryption: { type: 'KMS', key_id: 'alias/aws/kinesis' },
        payload: schemaOf(plan, spec),
        producers: spec.producers,
        consumer_groups: spec.consumerGroups,
        dead_letter_stream: spec.deadLetterTopic,
      }),
    ),
  };
}

function pubsubData(plan: StreamPlan, specs: readonly TopicSpec[]): Record<string, unknown> {
  const seconds = (ms: number) => `${pubsubRetentionSeconds(Math.ceil(ms / 86_400_000))}s`;
  const consumed = specs.filter((spec) => spec.consumerGroups.length > 0);
  return {
    broker: 'pubsub',
    serialization: serializationTitle(plan.streaming.serialization),
    project_variable: 'GCP_PROJECT_ID',
    topics: specs.map((spec) =>
      compact({
        name: spec.name,
        role: spec.role,
        description: spec.description,
        entity: spec.entity,
        ordering_key: spec.key,
        message_retention_duration: seconds(spec.retentionMs),
        payload: schemaOf(plan, spec),
        producers: spec.producers,
        consumer_groups: spec.consumerGroups,
        dead_letter_topic: spec.deadLetterTopic,
      }),
    ),
    subscriptions: [
      ...consumed.flatMap((spec) =>
        spec.consumerGroups
          .filter((group) => group !== plan.consumerGroup)
          .map((group) => processorSubscriptionData(plan, spec, group, seconds(spec.retentionMs))),
      ),
      ...consumed.map((spec) => ({
        name: pubsubSubscription(spec.name),
        topic: spec.name,
        consumer_group: plan.consumerGroup,
        // Long enough for a batch load into the warehouse; the loader extends it while it works.
        ack_deadline_seconds: 60,
        enable_message_ordering: true,
        message_retention_duration: seconds(spec.retentionMs),
        retain_acked_messages: false,
        expiration_policy: { ttl: 'never' },
        retry_policy: { minimum_backoff: '10s', maximum_backoff: '600s' },
        dead_letter_policy: {
          dead_letter_topic: spec.deadLetterTopic,
          max_delivery_attempts: MAX_DELIVERY_ATTEMPTS,
        },
      })),
      ...specs
        .filter((spec) => spec.role === 'dead-letter')
        .map((spec) => ({
          // Pub/Sub drops messages of a topic without subscriptions: this one keeps the dead letters.
          name: `${spec.name}.inspect`,
          topic: spec.name,
          consumer_group: 'operators',
          ack_deadline_seconds: 600,
          enable_message_ordering: false,
          message_retention_duration: seconds(spec.retentionMs),
          retain_acked_messages: true,
          expiration_policy: { ttl: 'never' },
        })),
    ],
  };
}

function pulsarData(plan: StreamPlan, specs: readonly TopicSpec[]): Record<string, unknown> {
  const { tenant, namespace } = pulsarNamespace(plan.model);
  const rf = plan.streaming.replicationFactor;
  const retentionMinutes = Math.ceil(Math.max(...specs.map((spec) => spec.retentionMs)) / 60_000);
  return {
    broker: 'pulsar',
    serialization: serializationTitle(plan.streaming.serialization),
    tenant,
    namespace,
    namespace_policies: {
      retention: { time_in_minutes: retentionMinutes, size_in_mb: -1 },
      persistence: {
        bookkeeper_ensemble: rf,
        bookkeeper_write_quorum: rf,
        bookkeeper_ack_quorum: pulsarAckQuorum(rf),
      },
      // Producer sequence ids let the broker drop retried duplicates (effectively-once publishing).
      deduplication: plan.isExactlyOnce,
      schema_compatibility_strategy: 'BACKWARD',
      // Compact changelog topics once their backlog passes 100 MB.
      compaction_threshold_bytes: 104_857_600,
      delete_retention_ms: DELETE_RETENTION_MS,
      min_compaction_lag_ms: MIN_COMPACTION_LAG_MS,
    },
    topics: specs.map((spec) =>
      compact({
        name: pulsarTopic(plan.model, spec.name),
        role: spec.role,
        description: spec.description,
        entity: spec.entity,
        key: spec.key,
        partitions: spec.partitions,
        replication_factor: spec.replicationFactor,
        compacted: spec.role === 'changelog',
        payload: schemaOf(plan, spec),
        producers: spec.producers,
        consumer_groups: spec.consumerGroups,
        subscription_type: spec.consumerGroups.length > 0 ? 'Key_Shared' : undefined,
        dead_letter_topic: spec.deadLetterTopic
          ? pulsarTopic(plan.model, spec.deadLetterTopic)
          : undefined,
        max_redeliver_count: spec.deadLetterTopic ? MAX_DELIVERY_ATTEMPTS : undefined,
      }),
    ),
  };
}

function processorSubscriptionData(
  plan: StreamPlan,
  spec: TopicSpec,
  group: string,
  retention: string,
): Record<string, unknown> {
  const base = {
    name: processorSubscription(plan),
    topic: spec.name,
    consumer_group: group,
    ack_deadline_seconds: 60,
    message_retention_duration: retention,
    expiration_policy: { ttl: 'never' },
  };
  if (plan.processorEngine === 'spark') {
    // Spark has no Pub/Sub source: this subscription writes Avro files that Spark reads as a stream.
    return {
      ...base,
      cloud_storage_config: {
        bucket: pubsubArchiveBucket(plan),
        filename_prefix: `${spec.name}/`,
        avro_config: { write_metadata: true },
        max_duration: '60s',
      },
    };
  }
  return {
    ...base,
    enable_message_ordering: false,
    retry_policy: { minimum_backoff: '10s', maximum_backoff: '600s' },
  };
}

/** Drops undefined and null entries so the YAML shows only what applies. */
function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined && value !== null),
  );
}
