import { lines } from '../shared/text.js';
import type { FileSpec } from '../types.js';
import type { StreamPlan } from './plan.js';

/**
 * streaming/config/producer.properties and consumer.properties: the delivery semantics of the
 * Kafka clients. Only keys that the Java client and librdkafka (Python, TypeScript and Go clients)
 * both understand, so every language loads the same file; each client adds the connection and
 * security settings from the environment (KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL, SASL).
 */
export function clientConfigFiles(plan: StreamPlan): FileSpec[] {
  if (!plan.isKafkaApi) return [];
  return [
    {
      path: 'streaming/config/producer.properties',
      kind: 'text',
      render: () => producerProperties(plan),
    },
    {
      path: 'streaming/config/consumer.properties',
      kind: 'text',
      render: () => consumerProperties(plan),
    },
  ];
}

export interface PropertyLine {
  key: string;
  value: string;
  why: string;
}

export function producerSettings(plan: StreamPlan): PropertyLine[] {
  const settings: PropertyLine[] = [
    {
      key: 'acks',
      value: 'all',
      why: 'A write succeeds only once every in-sync replica has it: no loss when a leader fails.',
    },
    {
      key: 'enable.idempotence',
      value: 'true',
      why: 'The broker drops duplicates from producer retries (sequence numbers per partition).',
    },
    {
      key: 'max.in.flight.requests.per.connection',
      value: '5',
      why: 'The most idempotence allows while keeping per-partition order.',
    },
    {
      key: 'retries',
      value: '2147483647',
      why: 'Retry transient errors until delivery.timeout.ms runs out rather than after a count.',
    },
    {
      key: 'delivery.timeout.ms',
      value: '120000',
      why: 'Upper bound for a send, retries included; then the callback reports the failure.',
    },
    {
      key: 'compression.type',
      value: 'zstd',
      why: 'Best ratio for row-shaped events; batches are compressed once and stay compressed on disk.',
    },
    {
      key: 'linger.ms',
      value: '20',
      why: 'Wait up to 20 ms to fill a batch: far fewer requests for a few ms of latency.',
    },
    {
      key: 'batch.size',
      value: '131072',
      why: '128 KiB batches compress well and amortise request overhead.',
    },
    {
      key: 'client.id',
      value: `${plan.model.domain}-producer`,
      why: 'Names the client in broker logs, quotas and metrics.',
    },
  ];
  if (plan.isExactlyOnce) {
    settings.push(
      {
        key: 'transactional.id',
        value: `${plan.model.domain}-events-producer`,
        why: 'Exactly-once: writes commit atomically and a restarted producer fences its zombie. Keep it stable per instance; suffix the instance ordinal when running several.',
      },
      {
        key: 'transaction.timeout.ms',
        value: '60000',
        why: 'The coordinator aborts a transaction the producer left open longer than this.',
      },
    );
  }
  return settings;
}

export function consumerSettings(plan: StreamPlan): PropertyLine[] {
  const settings: PropertyLine[] = [
    {
      key: 'group.id',
      value: plan.consumerGroup,
      why: "The raw loader's consumer group: instances share the partitions and the committed offsets.",
    },
    {
      key: 'enable.auto.commit',
      value: 'false',
      why: 'Offsets are committed by the loader after the rows are in the warehouse, never before.',
    },
    {
      key: 'auto.offset.reset',
      value: 'earliest',
      why: 'A new group starts from the oldest retained event: nothing is skipped on first deploy.',
    },
    {
      key: 'session.timeout.ms',
      value: '45000',
      why: 'A loader that stops heartbeating for 45 s loses its partitions to the others.',
    },
    {
      key: 'heartbeat.interval.ms',
      value: '3000',
      why: 'A third of the session timeout or less, as the protocol requires.',
    },
    {
      key: 'max.poll.interval.ms',
      value: '300000',
      why: 'Time allowed between polls; a batch load with retries must finish within it.',
    },
    {
      key: 'fetch.min.bytes',
      value: '1',
      why: 'Return data as soon as there is any: latency over batching on the fetch side.',
    },
    {
      key: 'client.id',
      value: `${plan.model.domain}-raw-loader`,
      why: 'Names the client in broker logs, quotas and metrics.',
    },
  ];
  settings.push(
    plan.isExactlyOnce
      ? {
          key: 'isolation.level',
          value: 'read_committed',
          why: 'Exactly-once: only events of committed transactions are read; aborted ones are skipped.',
        }
      : {
          key: 'isolation.level',
          value: 'read_committed',
          why: 'Never read events of aborted transactions (tools and connectors may write transactionally).',
        },
  );
  return settings;
}

function render(title: string[], settings: readonly PropertyLine[]): string {
  return lines(
    title.map((line) => `# ${line}`),
    '',
    settings.map((setting) => [`# ${setting.why}`, `${setting.key}=${setting.value}`, '']),
  );
}

function producerProperties(plan: StreamPlan): string {
  return render(
    [
      `Producer settings for ${plan.model.title} (${plan.isExactlyOnce ? 'exactly-once' : 'at-least-once'} delivery).`,
      'Read by every producer, whatever its language: only keys both the Java client and librdkafka know.',
      'Connection and credentials come from the environment (KAFKA_BOOTSTRAP_SERVERS, KAFKA_SECURITY_PROTOCOL,',
      'KAFKA_SASL_USERNAME/KAFKA_SASL_PASSWORD); serializers are set in code (schema registry).',
    ],
    producerSettings(plan),
  );
}

function consumerProperties(plan: StreamPlan): string {
  return render(
    [
      `Consumer settings of the raw loader for ${plan.model.title}.`,
      'Read by every consumer, whatever its language: only keys both the Java client and librdkafka know.',
      'Connection and credentials come from the environment; deserializers are set in code.',
    ],
    consumerSettings(plan),
  );
}
