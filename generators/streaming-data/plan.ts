import type { Column, Entity, ProjectModel, Topic } from '../../source/engine/model/types.js';
import { camelCase, kebabCase } from '../../source/engine/model/naming.js';

/**
 * Everything the streaming files share, derived once from the model so that every file agrees on
 * names: the topic of each entity, who publishes to it (a producer or the CDC connector), the
 * record names of its schema, the consumer group of the raw loader, and the stream-processing job.
 */
export interface StreamPlan {
  model: ProjectModel;
  streaming: ProjectModel['streaming'];
  isKafkaApi: boolean;
  isExactlyOnce: boolean;
  /** Schema namespace / Protobuf package: `clickstream.events.v1`. */
  namespace: string;
  /** Java package of the generated clients and jobs: `com.clickstream.streaming`. */
  javaPackage: string;
  /** Go module path of the clients: `example.com/clickstream-pipeline/streaming`. */
  goModule: string;
  entities: StreamEntity[];
  /** Entities whose topic the CDC connector fills (the rest come from producers). */
  cdcEntities: StreamEntity[];
  producerEntities: StreamEntity[];
  /** The raw loader's consumer group / subscription suffix. */
  consumerGroup: string;
  /** The windowed aggregation of the processor, when there is one. */
  aggregate: Aggregate | null;
  /** The engine that actually runs the processor (see `processorEngine`). */
  processorEngine: ProcessorEngine | null;
  /** Why the engine differs from the answer, for the README (empty when it does not). */
  processorNote: string;
}

export interface StreamEntity {
  entity: Entity;
  topic: Topic;
  /** `producer`: the generated producers publish it; `cdc`: Debezium captures it from the source database. */
  source: 'producer' | 'cdc';
  /** Schema-registry subject of the value (TopicNameStrategy). */
  subject: string;
  /** Avro record / Protobuf message name. */
  record: string;
  /** File name of its schema under streaming/schemas/. */
  schemaFile: string;
}

export interface Aggregate {
  fact: StreamEntity;
  /** Output topic of the windowed counts. */
  topic: string;
  windowMinutes: number;
  /** A closed-value column to group by, when the fact has one. */
  groupBy: Column | null;
  /** A numeric measure to sum, when the fact has one. */
  measure: Column | null;
  /** The job's consumer group / subscription on the fact topic. */
  group: string;
  /** Class / module / query name of the job: `OrdersPerMinute`, `orders_per_minute`. */
  jobName: string;
}

export type ProcessorEngine = 'flink-datastream' | 'spark' | 'kafka-streams' | 'ksqldb';

export const SCHEMA_EXTENSIONS = {
  avro: 'avsc',
  protobuf: 'proto',
  'json-schema': 'schema.json',
} as const;

export function planStreaming(model: ProjectModel): StreamPlan {
  const streaming = model.streaming;
  const isKafkaApi = streaming.broker === 'kafka' || streaming.broker === 'redpanda';
  const namespace = `${identifier(model.domain)}.events.v1`;
  const cdcNames = new Set(cdcEntityNames(model));
  const entities = model.entities.map((entity): StreamEntity => {
    const topic =
      model.topics.find((candidate) => candidate.entity === entity.name) ??
      fallbackTopic(model, entity);
    return {
      entity,
      topic,
      source: cdcNames.has(entity.name) ? 'cdc' : 'producer',
      subject: `${topic.name}-value`,
      record: entity.pascal,
      schemaFile: `${entity.name}.${SCHEMA_EXTENSIONS[streaming.serialization]}`,
    };
  });
  const { engine, note } = processorEngine(model, isKafkaApi);
  return {
    model,
    streaming,
    isKafkaApi,
    isExactlyOnce: streaming.delivery === 'exactly-once',
    namespace,
    javaPackage: `com.${identifier(model.domain).replaceAll('_', '')}.streaming`,
    goModule: `example.com/${kebabCase(model.name)}/streaming`,
    entities,
    cdcEntities: entities.filter((item) => item.source === 'cdc'),
    producerEntities: entities.filter((item) => item.source === 'producer'),
    consumerGroup: `${kebabCase(model.domain)}-raw-loader`,
    aggregate: engine ? aggregateOf(model, entities) : null,
    processorEngine: engine,
    processorNote: note,
  };
}

/**
 * CDC captures every table of the operational database the raw layer is loaded from: the
 * transactional tables (orders, payments…) as well as the dimensions (customers, products…).
 * The raw DDL and the dbt sources of a CDC project describe every entity table as captured by
 * Debezium, and the raw tables carry the _cdc_* columns for all of them.
 */
function cdcEntityNames(model: ProjectModel): string[] {
  if (model.streaming.cdc === 'none') return [];
  return model.entities.map((entity) => entity.name);
}

function fallbackTopic(model: ProjectModel, entity: Entity): Topic {
  return {
    entity: entity.name,
    name: `${model.domain}.${entity.name}.v1`,
    dlq: `${model.domain}.${entity.name}.v1.dlq`,
    isCompacted: entity.kind === 'dimension',
    partitions: model.streaming.partitions,
    replicationFactor: model.streaming.replicationFactor,
    retentionMs: model.streaming.retentionDays * 86_400_000,
    keyColumn: entity.key.name,
  };
}

/**
 * Kafka Streams and ksqlDB speak only the Kafka protocol. When the broker is not Kafka-compatible
 * the job runs on Flink instead (the resolution the conflict rules recommend for ksqlDB), and the
 * README says so.
 */
function processorEngine(
  model: ProjectModel,
  isKafkaApi: boolean,
): { engine: ProcessorEngine | null; note: string } {
  const processor = model.streaming.processor;
  const broker = model.streaming.broker;
  // One DataStream job for every broker: it decodes with the same Java codec as the clients, which
  // Flink SQL formats cannot (Confluent framing for Protobuf/JSON Schema, single-object Avro).
  const flink = (): ProcessorEngine => 'flink-datastream';
  switch (processor) {
    case 'none':
      return { engine: null, note: '' };
    case 'flink':
      return { engine: flink(), note: '' };
    case 'spark-structured-streaming':
      return { engine: 'spark', note: '' };
    case 'kafka-streams':
    case 'ksqldb': {
      if (isKafkaApi) return { engine: processor, note: '' };
      const title = processor === 'kafka-streams' ? 'Kafka Streams' : 'ksqlDB';
      return {
        engine: flink(),
        note: `${title} needs the Kafka protocol, which ${brokerTitle(broker)} does not speak, so the windowed job runs on Apache Flink instead (the same resolution the conflict rules recommend for ksqlDB).`,
      };
    }
  }
}

function aggregateOf(model: ProjectModel, entities: readonly StreamEntity[]): Aggregate | null {
  const fact = entities.find((item) => item.entity.kind === 'fact') ?? entities[0];
  if (!fact) return null;
  const columns = fact.entity.columns.filter((column) => !column.isKey && !column.references);
  const strings = fact.entity.columns.filter(
    (column) => !column.isKey && column.type === 'string' && !column.isPii,
  );
  // A closed set of values is the natural dimension of a per-minute count; failing that, a
  // low-cardinality string (examples), then a relationship.
  const groupBy =
    columns.find((column) => column.acceptedValues && column.type === 'string') ??
    columns.find((column) => column.examples && column.type === 'string' && !column.isNullable) ??
    strings.find((column) => !column.isNullable) ??
    null;
  const measure =
    columns.find((column) => ['decimal', 'double', 'integer', 'bigint'].includes(column.type)) ??
    null;
  return {
    fact,
    topic: `${model.domain}.${fact.entity.name}.per_minute.v1`,
    windowMinutes: 1,
    groupBy,
    measure,
    group: `${kebabCase(model.domain)}-${kebabCase(fact.entity.name)}-per-minute`,
    jobName: `${fact.entity.name}_per_minute`,
  };
}

export function brokerTitle(broker: ProjectModel['streaming']['broker']): string {
  return {
    kafka: 'Apache Kafka',
    redpanda: 'Redpanda',
    kinesis: 'Amazon Kinesis Data Streams',
    pubsub: 'Google Cloud Pub/Sub',
    pulsar: 'Apache Pulsar',
  }[broker];
}

export function serializationTitle(
  serialization: ProjectModel['streaming']['serialization'],
): string {
  return { avro: 'Avro', protobuf: 'Protobuf', 'json-schema': 'JSON Schema' }[serialization];
}

/** A safe identifier for Avro names, Protobuf packages and Java packages (letters, digits, `_`). */
export function identifier(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** `page_views` → `pageViews`, for variables in the client languages. */
export function variableName(snake: string): string {
  return camelCase(identifier(snake));
}

/** The Pulsar tenant and namespace of the project's topics. */
export function pulsarNamespace(model: ProjectModel): { tenant: string; namespace: string } {
  const tenant = kebabCase(model.domain).replaceAll('_', '-');
  return { tenant, namespace: `${tenant}/events` };
}

/** Fully qualified Pulsar topic name. */
export function pulsarTopic(model: ProjectModel, topic: string): string {
  return `persistent://${pulsarNamespace(model).namespace}/${topic}`;
}

/** Pub/Sub subscription of the raw loader on a topic. */
export function pubsubSubscription(topic: string): string {
  return `${topic}.raw-loader`;
}

/** Pub/Sub subscription of the stream processor on its fact topic. */
export function processorSubscription(plan: StreamPlan): string {
  return plan.aggregate
    ? `${plan.aggregate.fact.topic.name}.${plan.aggregate.jobName.replaceAll('_', '-')}`
    : '';
}

/**
 * Spark has no Pub/Sub streaming source: the processor's subscription is a Cloud Storage
 * subscription that writes Avro files into this bucket, which Spark reads as a file stream.
 */
export function pubsubArchiveBucket(plan: StreamPlan): string {
  return `\${GCP_PROJECT_ID}-${kebabCase(plan.model.name)}-stream-archive`;
}

/** Kinesis keeps records 24 h to 365 days. */
export function kinesisRetentionHours(retentionDays: number): number {
  return Math.min(Math.max(retentionDays * 24, 24), 8760);
}

/** Pub/Sub keeps messages 10 minutes to 31 days. */
export function pubsubRetentionSeconds(retentionDays: number): number {
  return Math.min(retentionDays, 31) * 86_400;
}

/** min.insync.replicas: 2 for RF 3, always below RF so one replica may fail, 1 when RF is 1. */
export function minInsyncReplicas(replicationFactor: number): number {
  if (replicationFactor <= 1) return 1;
  return Math.max(1, Math.min(replicationFactor - 1, Math.ceil(replicationFactor / 2)));
}
