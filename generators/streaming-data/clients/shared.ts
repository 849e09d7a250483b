import type { StreamEntity, StreamPlan } from '../plan.js';
import { pubsubSubscription, pulsarTopic } from '../plan.js';

/**
 * What every client language needs to know about an entity, computed once: the broker-native
 * topic name, the dead-letter topic, the subscription (Pub/Sub), the wire format of its values.
 */
export interface ClientEntity {
  item: StreamEntity;
  name: string;
  /** Topic / stream name as the broker's API expects it (Pulsar: persistent://tenant/ns/topic). */
  topic: string;
  deadLetterTopic: string;
  /** Pub/Sub subscription of the loader (empty for other brokers). */
  subscription: string;
  /**
   * The value format on the wire: the chosen serialization, or plain JSON for entities that
   * Debezium Server writes to a non-Kafka broker (it has no schema-registry converters there).
   */
  wireFormat: 'avro' | 'protobuf' | 'json-schema' | 'json';
}

export function clientEntities(plan: StreamPlan): ClientEntity[] {
  return plan.entities.map((item) => clientEntityOf(plan, item));
}

export function clientEntityOf(plan: StreamPlan, item: StreamEntity): ClientEntity {
  const native = (name: string) =>
    plan.streaming.broker === 'pulsar' ? pulsarTopic(plan.model, name) : name;
  return {
    item,
    name: item.entity.name,
    topic: native(item.topic.name),
    deadLetterTopic: native(item.topic.dlq),
    subscription: plan.streaming.broker === 'pubsub' ? pubsubSubscription(item.topic.name) : '',
    wireFormat: item.source === 'cdc' && !plan.isKafkaApi ? 'json' : plan.streaming.serialization,
  };
}

/** The loop and retry constants every language shares (documented in the README). */
export const LOADER = {
  batchSize: 500,
  maxAttempts: 5,
  baseDelaySeconds: 0.5,
  maxDelaySeconds: 30,
  heartbeatFile: '/tmp/stream-loader-heartbeat',
  /** The SASL mechanism of production clusters (SCRAM over TLS). */
  saslMechanism: 'SCRAM-SHA-512',
} as const;

/** Splits a long string literal into chunks at spaces, for languages that concatenate adjacent or `+`-joined literals. */
export function chunks(value: string, width = 88): string[] {
  const out: string[] = [];
  let rest = value;
  while (rest.length > width) {
    let cut = rest.lastIndexOf(' ', width);
    if (cut <= 0) cut = width;
    out.push(rest.slice(0, cut + 1));
    rest = rest.slice(cut + 1);
  }
  out.push(rest);
  return out;
}
