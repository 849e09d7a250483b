import { dedent, lines } from '../../../shared/text.js';
import type { StreamPlan } from '../../plan.js';
import { brokerTitle } from '../../plan.js';

function codecConstruction(plan: StreamPlan): string {
  return plan.isKafkaApi ? 'new Codec(schemaRegistryUrl())' : 'new Codec()';
}

export function tsProducer(plan: StreamPlan): string {
  const header = [
    '/**',
    ` * Publishes the sample events of ${plan.model.title} to ${brokerTitle(plan.streaming.broker)}: each entity's rows`,
    ' * (samples/<entity>.jsonl) go to its topic, keyed by the entity key so every version of one key lands on',
    ' * the same partition, in order. Entities captured by CDC are skipped (the database produces them).',
    ' *',
    ' * Usage: node dist/producers/produce-events.js [--entity NAME]...',
    ' */',
  ];
  switch (plan.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return lines(
        header,
        "import { KafkaJS } from '@confluentinc/kafka-javascript';",
        "import { Codec } from '../clients/codec.js';",
        "import { readSamples, selectedEntities } from '../clients/samples.js';",
        "import { kafkaConfig, schemaRegistryUrl } from '../clients/settings.js';",
        "import { eventTimeMillis } from '../clients/values.js';",
        '',
        dedent`
          async function main(): Promise<void> {
            const entities = selectedEntities(process.argv.slice(2));
            const config = kafkaConfig('producer');
            const isTransactional = 'transactional.id' in config;
            // librdkafka settings straight from config/producer.properties (outside a kafkaJS block).
            const producer = new KafkaJS.Kafka({}).producer(config as unknown as KafkaJS.ProducerConstructorConfig);
            const codec = ${codecConstruction(plan)};
            await producer.connect();
            try {
              for (const entity of entities) {
                const rows = readSamples(entity);
                const messages = await Promise.all(
                  rows.map(async (row) => ({
                    key: String(row[entity.key]),
                    value: await codec.encode(entity, row),
                    // The record timestamp is the event time: windows and retention follow it.
                    timestamp: String(eventTimeMillis(row[entity.eventTime] ?? null)),
                    headers: { 'event.producer': 'produce-events' },
                  })),
                );
                if (isTransactional) {
                  // One transaction per entity: its events become visible to read_committed consumers together.
                  const transaction = await producer.transaction();
                  try {
                    await transaction.send({ topic: entity.topic, messages });
                    await transaction.commit();
                  } catch (error) {
                    await transaction.abort();
                    throw error;
                  }
                } else {
                  await producer.send({ topic: entity.topic, messages });
                }
                console.info(\`\${entity.name}: \${rows.length} events sent to \${entity.topic}\`);
              }
            } finally {
              await producer.disconnect();
            }
          }

          main().catch((error: unknown) => {
            console.error(error);
            process.exitCode = 1;
          });
        `,
      );
    case 'kinesis':
      return lines(
        header,
        "import { PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';",
        "import { Codec } from '../clients/codec.js';",
        "import { withRetries } from '../clients/retry.js';",
        "import { readSamples, selectedEntities } from '../clients/samples.js';",
        "import { kinesisClient } from '../clients/settings.js';",
        '',
        dedent`
          /** PutRecords takes at most 500 records per call. */
          const BATCH = 500;

          /** Some records of a PutRecords call were throttled or failed; they are retried. */
          class PartialFailure extends Error {
            override name = 'PartialFailure';
          }

          async function main(): Promise<void> {
            const client = kinesisClient();
            const codec = new Codec();
            for (const entity of selectedEntities(process.argv.slice(2))) {
              const records: PutRecordsRequestEntry[] = [];
              for (const row of readSamples(entity)) {
                records.push({ Data: await codec.encode(entity, row), PartitionKey: String(row[entity.key]) });
              }
              for (let start = 0; start < records.length; start += BATCH) {
                let pending = records.slice(start, start + BATCH);
                await withRetries(\`put_records to \${entity.topic}\`, (error) => error instanceof PartialFailure, async () => {
                  const response = await client.send(new PutRecordsCommand({ StreamName: entity.topic, Records: pending }));
                  if (response.FailedRecordCount) {
                    // Keep only the failed records (in order) for the next attempt.
                    pending = pending.filter((_, index) => response.Records?.[index]?.ErrorCode !== undefined);
                    throw new PartialFailure(\`\${pending.length} records failed on \${entity.topic}\`);
                  }
                });
              }
              console.info(\`\${entity.name}: \${records.length} events put to stream \${entity.topic}\`);
            }
            client.destroy();
          }

          main().catch((error: unknown) => {
            console.error(error);
            process.exitCode = 1;
          });
        `,
      );
    case 'pubsub':
      return lines(
        header,
        "import { PubSub } from '@google-cloud/pubsub';",
        "import { Codec } from '../clients/codec.js';",
        "import { readSamples, selectedEntities } from '../clients/samples.js';",
        "import { gcpProject } from '../clients/settings.js';",
        '',
        dedent`
          async function main(): Promise<void> {
            const pubsub = new PubSub({ projectId: gcpProject() });
            const codec = new Codec();
            try {
              for (const entity of selectedEntities(process.argv.slice(2))) {
                // Ordering keys keep the events of one key in order, like a Kafka key.
                const topic = pubsub.topic(entity.topic, { messageOrdering: true });
                const rows = readSamples(entity);
                await Promise.all(
                  rows.map(async (row) =>
                    topic.publishMessage({
                      data: await codec.encode(entity, row),
                      orderingKey: String(row[entity.key]),
                      attributes: { event_time: String(row[entity.eventTime]), producer: 'produce-events' },
                    }),
                  ),
                );
                await topic.flush();
                console.info(\`\${entity.name}: \${rows.length} events published to \${entity.topic}\`);
              }
            } finally {
              await pubsub.close();
            }
          }

          main().catch((error: unknown) => {
            console.error(error);
            process.exitCode = 1;
          });
        `,
      );
    case 'pulsar':
      return lines(
        header,
        "import { Codec } from '../clients/codec.js';",
        "import { readSamples, selectedEntities } from '../clients/samples.js';",
        "import { pulsarClient } from '../clients/settings.js';",
        "import { eventTimeMillis } from '../clients/values.js';",
        '',
        dedent`
          async function main(): Promise<void> {
            const client = pulsarClient();
            const codec = new Codec();
            try {
              for (const entity of selectedEntities(process.argv.slice(2))) {
                const producer = await client.createProducer({
                  topic: entity.topic,
                  // A stable name lets the broker deduplicate retried sends by sequence id.
                  producerName: \`produce-events-\${entity.name}\`,
                  compressionType: 'Zstd',
                  batchingEnabled: true,
                  // Batches per key, so Key_Shared consumers still get each key in order.
                  batchingType: 'KeyBasedBatching',
                  sendTimeoutMs: 30_000,
                });
                const rows = readSamples(entity);
                await Promise.all(
                  rows.map(async (row) =>
                    producer.send({
                      data: await codec.encode(entity, row),
                      partitionKey: String(row[entity.key]),
                      eventTimestamp: eventTimeMillis(row[entity.eventTime] ?? null),
                      properties: { producer: 'produce-events' },
                    }),
                  ),
                );
                await producer.flush();
                await producer.close();
                console.info(\`\${entity.name}: \${rows.length} events sent to \${entity.topic}\`);
              }
            } finally {
              await client.close();
            }
          }

          main().catch((error: unknown) => {
            console.error(error);
            process.exitCode = 1;
          });
        `,
      );
  }
}

const consumerDoc = (plan: StreamPlan) => [
  '/**',
  ` * The raw loader of ${plan.model.title}: ${brokerTitle(plan.streaming.broker)} → DuckDB raw tables. Per batch: decode`,
  ' * each record (a record that does not match its schema goes to the dead-letter topic with the error),',
  ' * load the batch in one transaction with bounded retries (a rejected batch is loaded record by record',
  ' * so only the bad records are dead-lettered), then acknowledge. Nothing is acknowledged before it is in',
  ' * the warehouse, and loading is idempotent: a crash only causes a harmless redelivery.',
  ' */',
];

export function tsConsumer(plan: StreamPlan): string {
  const hasCdc = plan.cdcEntities.length > 0;
  switch (plan.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return lines(
        consumerDoc(plan),
        "import { KafkaJS } from '@confluentinc/kafka-javascript';",
        "import { BY_TOPIC, ENTITIES } from '../clients/catalog.js';",
        "import { Codec, DecodeError } from '../clients/codec.js';",
        "import { sleep } from '../clients/retry.js';",
        "import { duckdbPath, kafkaConfig, schemaRegistryUrl } from '../clients/settings.js';",
        "import { errorDetails, heartbeat, loadBatch, type DeadLetter } from '../clients/support.js';",
        "import { RawLoader, type LoadItem } from '../clients/warehouse.js';",
        '',
        dedent`
          type Received = { topic: string; partition: number; message: KafkaJS.KafkaMessage };

          function text(value: Buffer | string | null | undefined): string | null {
            return value === null || value === undefined ? null : value.toString();
          }

          function toItem(codec: Codec, received: Received): Promise<LoadItem> | LoadItem {
            const entity = BY_TOPIC.get(received.topic);
            if (!entity) throw new DecodeError(\`unknown topic \${received.topic}\`);
            const key = text(received.message.key) ?? '';
            const metadata: LoadItem['metadata'] = {
              source_topic: received.topic,
              source_partition: received.partition,
              source_offset: Number(received.message.offset),
            };
        `,
        hasCdc && [
          "  if (entity.source === 'cdc') {",
          "    // Debezium's ExtractNewRecordState adds the operation and commit time as headers.",
          '    const headers = received.message.headers ?? {};',
          "    const committed = text(headers['__source_ts_ms'] as Buffer | undefined);",
          "    metadata.cdc_operation = text(headers['__op'] as Buffer | undefined);",
          '    metadata.cdc_committed_at = committed ? new Date(Number(committed)).toISOString() : null;',
          '  }',
        ],
        dedent`
            const value = received.message.value;
            if (value === null) {
              if (!entity.tombstone) throw new DecodeError(\`\${entity.topic}: unexpected tombstone for key \${key}\`);
              metadata.cdc_committed_at ??= new Date().toISOString();
              return { entity, row: null, key, metadata };
            }
            return codec.decode(entity, value).then((row) => ({ entity, row, key, metadata }));
          }

          async function main(): Promise<void> {
            const loader = new RawLoader(duckdbPath());
            await loader.ensureTables();
            const codec = ${codecConstruction(plan)};
            const kafka = new KafkaJS.Kafka({});
            const consumer = kafka.consumer(kafkaConfig('consumer') as unknown as KafkaJS.ConsumerConstructorConfig);
            const producerConfig = kafkaConfig('producer');
            // Dead letters are written outside the producers' transactions.
            delete producerConfig['transactional.id'];
            delete producerConfig['transaction.timeout.ms'];
            const deadLetters = kafka.producer(producerConfig as unknown as KafkaJS.ProducerConstructorConfig);
            const deadLetter: DeadLetter<Received> = async (received, error, attempts) => {
              const entity = BY_TOPIC.get(received.topic);
              if (!entity) return;
              await deadLetters.send({
                topic: entity.deadLetterTopic,
                messages: [
                  {
                    key: received.message.key,
                    value: received.message.value,
                    headers: {
                      ...(received.message.headers ?? {}),
                      ...errorDetails(error, attempts),
                      'dlq.original.topic': received.topic,
                      'dlq.original.partition': String(received.partition),
                      'dlq.original.offset': received.message.offset,
                    },
                  },
                ],
              });
              console.error(\`dead-lettered \${received.topic}[\${received.partition}]@\${received.message.offset}: \${String(error)}\`);
            };
            await consumer.connect();
            await deadLetters.connect();
            // The probes check the heartbeat; the timer stops if the event loop hangs.
            heartbeat();
            const beat = setInterval(heartbeat, 10_000);
            const admin = consumer.dependentAdmin();
            await admin.connect();
            const wanted = ENTITIES.map((entity) => entity.topic);
            for (;;) {
              const existing = new Set(await admin.listTopics());
              const missing = wanted.filter((topic) => !existing.has(topic));
              if (missing.length === 0) break;
              console.warn(\`waiting for topics (run make topics): \${missing.join(', ')}\`);
              await sleep(5_000);
            }
            await admin.disconnect();
            const stop = async (): Promise<void> => {
              clearInterval(beat);
              await consumer.disconnect();
              await deadLetters.disconnect();
            };
            process.once('SIGTERM', () => void stop());
            process.once('SIGINT', () => void stop());
            await consumer.subscribe({ topics: wanted });
            console.info(\`loading \${wanted.length} topics into \${duckdbPath()}\`);
            await consumer.run({
              eachBatchAutoResolve: false,
              eachBatch: async ({ batch }) => {
                const pending: { record: Received; item: LoadItem }[] = [];
                for (const message of batch.messages) {
                  const received: Received = { topic: batch.topic, partition: batch.partition, message };
                  try {
                    pending.push({ record: received, item: await toItem(codec, received) });
                  } catch (error) {
                    if (!(error instanceof DecodeError)) throw error;
                    await deadLetter(received, error, 1);
                  }
                }
                // A thrown error (transient, after the retries) makes the client redeliver the batch.
                await loadBatch(loader, pending, deadLetter);
                const last = batch.messages.at(-1);
                if (last) {
                  // Offsets move only now: every record is in the warehouse or the dead-letter topic.
                  await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() }]);
                }
              },
            });
          }

          main().catch((error: unknown) => {
            console.error(error);
            process.exitCode = 1;
          });
        `,
      );
    case 'kinesis':
      return lines(
        consumerDoc(plan),
        dedent`
          import {
            ExpiredIteratorException,
            GetRecordsCommand,
            GetShardIteratorCommand,
            ListShardsCommand,
            ProvisionedThroughputExceededException,
            PutRecordCommand,
            ResourceNotFoundException,
            type KinesisClient,
            type _Record,
          } from '@aws-sdk/client-kinesis';
          import { ENTITIES, type Entity } from '../clients/catalog.js';
          import { Codec, DecodeError } from '../clients/codec.js';
          import { sleep, withRetries } from '../clients/retry.js';
          import { duckdbPath, kinesisClient } from '../clients/settings.js';
          import { BATCH_SIZE, errorDetails, heartbeat, loadBatch, type DeadLetter } from '../clients/support.js';
          import { RawLoader, type LoadItem } from '../clients/warehouse.js';

          /** GetRecords allows 5 calls per second per shard; poll each shard at most this often. */
          const POLL_INTERVAL_MS = 1_000;
          /** Resharding creates new shards: look for them this often. */
          const SHARD_REFRESH_MS = 60_000;

          /** One shard of one stream, resumed from the checkpoint stored with the loaded rows. */
          interface ShardReader {
            entity: Entity;
            shardId: string;
            iterator: string | undefined;
          }

          type Received = { reader: ShardReader; record: _Record };

          async function iteratorOf(client: KinesisClient, loader: RawLoader, entity: Entity, shardId: string): Promise<string | undefined> {
            const after = await loader.checkpoint(entity.topic, shardId);
            const response = await client.send(
              new GetShardIteratorCommand({
                StreamName: entity.topic,
                ShardId: shardId,
                ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
              }),
            );
            return response.ShardIterator;
          }

          async function listShards(client: KinesisClient, stream: string): Promise<string[]> {
            const shards: string[] = [];
            let nextToken: string | undefined;
            do {
              const response = await client.send(new ListShardsCommand(nextToken ? { NextToken: nextToken } : { StreamName: stream }));
              shards.push(...(response.Shards ?? []).flatMap((shard) => (shard.ShardId ? [shard.ShardId] : [])));
              nextToken = response.NextToken;
            } while (nextToken);
            return shards;
          }

          async function readShard(client: KinesisClient, reader: ShardReader, codec: Codec, loader: RawLoader, deadLetter: DeadLetter<Received>): Promise<void> {
            let response;
            try {
              response = await withRetries(
                \`get_records \${reader.entity.topic}/\${reader.shardId}\`,
                (error) => error instanceof ProvisionedThroughputExceededException,
                () => client.send(new GetRecordsCommand({ ShardIterator: reader.iterator, Limit: BATCH_SIZE })),
              );
            } catch (error) {
              if (!(error instanceof ExpiredIteratorException)) throw error;
              reader.iterator = await iteratorOf(client, loader, reader.entity, reader.shardId);
              return;
            }
            const records = response.Records ?? [];
            const pending: { record: Received; item: LoadItem }[] = [];
            for (const record of records) {
              const received = { reader, record };
              const metadata = { source_topic: reader.entity.topic, source_partition: Number(reader.shardId.split('-').at(-1)), source_offset: null };
              try {
                const row = await codec.decode(reader.entity, Buffer.from(record.Data ?? new Uint8Array()));
                pending.push({ record: received, item: { entity: reader.entity, row, key: record.PartitionKey ?? '', metadata } });
              } catch (error) {
                if (!(error instanceof DecodeError)) throw error;
                await deadLetter(received, error, 1);
              }
            }
            const last = records.at(-1)?.SequenceNumber;
            if (last) await loadBatch(loader, pending, deadLetter, { stream: reader.entity.topic, shardId: reader.shardId, sequenceNumber: last });
            // Undefined once a closed shard (after resharding) is fully read.
            reader.iterator = response.NextShardIterator;
          }

          async function main(): Promise<void> {
            const client = kinesisClient();
            const loader = new RawLoader(duckdbPath());
            await loader.ensureTables();
            const codec = new Codec();
            let stopped = false;
            process.once('SIGTERM', () => (stopped = true));
            process.once('SIGINT', () => (stopped = true));
            /** Kinesis records have no headers: the dead letter is a JSON envelope with the original bytes. */
            const deadLetter: DeadLetter<Received> = async ({ reader, record }, error, attempts) => {
              const envelope = {
                ...errorDetails(error, attempts),
                'dlq.original.stream': reader.entity.topic,
                'dlq.original.shard': reader.shardId,
                'dlq.original.sequence_number': record.SequenceNumber,
                partition_key: record.PartitionKey,
                data_base64: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
              };
              await withRetries(\`dead-lettering to \${reader.entity.deadLetterTopic}\`, () => true, () =>
                client.send(new PutRecordCommand({ StreamName: reader.entity.deadLetterTopic, PartitionKey: record.PartitionKey ?? 'unknown', Data: Buffer.from(JSON.stringify(envelope)) })),
              );
              console.error(\`dead-lettered \${reader.entity.topic}/\${reader.shardId} \${record.SequenceNumber ?? ''}: \${String(error)}\`);
            };
            const readers = new Map<string, ShardReader>();
            let refreshedAt = 0;
            console.info(\`loading \${ENTITIES.length} streams into \${duckdbPath()}\`);
            while (!stopped) {
              heartbeat();
              const started = Date.now();
              if (started - refreshedAt > SHARD_REFRESH_MS) {
                for (const entity of ENTITIES) {
                  try {
                    for (const shardId of await listShards(client, entity.topic)) {
                      const id = \`\${entity.topic}/\${shardId}\`;
                      if (!readers.has(id)) readers.set(id, { entity, shardId, iterator: await iteratorOf(client, loader, entity, shardId) });
                    }
                  } catch (error) {
                    if (!(error instanceof ResourceNotFoundException)) throw error;
                    console.warn(\`waiting for stream \${entity.topic} (run make topics)\`);
                  }
                }
                refreshedAt = started;
              }
              for (const reader of readers.values()) {
                if (reader.iterator && !stopped) await readShard(client, reader, codec, loader, deadLetter);
              }
              await sleep(Math.max(0, POLL_INTERVAL_MS - (Date.now() - started)));
            }
            client.destroy();
          }

          main().catch((error: unknown) => {
            console.error(error);
            process.exitCode = 1;
          });
        `,
      );
    case 'pubsub':
      return lines(
        consumerDoc(plan),
        dedent`
          import { PubSub, type Message } from '@google-cloud/pubsub';
          import { ENTITIES, type Entity } from '../clients/catalog.js';
          import { Codec, DecodeError } from '../clients/codec.js';
          import { sleep } from '../clients/retry.js';
          import { duckdbPath, gcpProject } from '../clients/settings.js';
          import { BATCH_SIZE, errorDetails, heartbeat, loadBatch, type DeadLetter } from '../clients/support.js';
          import { RawLoader, type LoadItem } from '../clients/warehouse.js';

          /** Pub/Sub message ids are decimal strings; they fit _source_offset when they fit a BIGINT. */
          const MAX_BIGINT = 2n ** 63n - 1n;

          type Received = { entity: Entity; message: Message };

          function offsetOf(messageId: string): number | null {
            return /^\\d+$/.test(messageId) && BigInt(messageId) <= MAX_BIGINT ? Number(messageId) : null;
          }

          async function main(): Promise<void> {
            const pubsub = new PubSub({ projectId: gcpProject() });
            const loader = new RawLoader(duckdbPath());
            await loader.ensureTables();
            const codec = new Codec();
            const deadLetter: DeadLetter<Received> = async ({ entity, message }, error, attempts) => {
              // Published (and awaited) before the original is acknowledged: a dead letter is never lost.
              await pubsub.topic(entity.deadLetterTopic, { messageOrdering: true }).publishMessage({
                data: message.data,
                ...(message.orderingKey ? { orderingKey: message.orderingKey } : {}),
                attributes: {
                  ...message.attributes,
                  ...errorDetails(error, attempts),
                  'dlq.original.subscription': entity.subscription,
                  'dlq.original.message_id': message.id,
                },
              });
              console.error(\`dead-lettered \${entity.subscription} message \${message.id}: \${String(error)}\`);
            };
            // Messages collect per subscription; the loop below loads and acknowledges them in batches.
            const inbox = new Map<string, Message[]>(ENTITIES.map((entity) => [entity.name, []]));
            const subscriptions = ENTITIES.map((entity) => {
              const subscription = pubsub.subscription(entity.subscription, {
                flowControl: { maxMessages: BATCH_SIZE, allowExcessMessages: false },
                // The client extends the ack deadline while a message waits in the inbox.
                maxExtensionTime: 600,
              });
              subscription.on('message', (message: Message) => inbox.get(entity.name)?.push(message));
              subscription.on('error', (error: Error) => console.warn(\`subscription \${entity.subscription}: \${error.message} (run make topics if it does not exist)\`));
              return subscription;
            });
            let stopped = false;
            process.once('SIGTERM', () => (stopped = true));
            process.once('SIGINT', () => (stopped = true));
            console.info(\`loading \${ENTITIES.length} subscriptions into \${duckdbPath()}\`);
            while (!stopped) {
              heartbeat();
              for (const entity of ENTITIES) {
                const messages = inbox.get(entity.name)?.splice(0, BATCH_SIZE) ?? [];
                if (messages.length === 0) continue;
                const pending: { record: Received; item: LoadItem }[] = [];
                for (const message of messages) {
                  const metadata = { source_topic: entity.topic, source_partition: null, source_offset: offsetOf(message.id) };
                  try {
                    const row = await codec.decode(entity, message.data);
                    pending.push({ record: { entity, message }, item: { entity, row, key: message.orderingKey || '', metadata } });
                  } catch (error) {
                    if (!(error instanceof DecodeError)) throw error;
                    await deadLetter({ entity, message }, error, 1);
                  }
                }
                try {
                  await loadBatch(loader, pending, deadLetter);
                } catch (error) {
                  // Transient failure after the retries: Pub/Sub redelivers with the subscription's backoff.
                  for (const message of messages) message.nack();
                  throw error;
                }
                // Acknowledged only now: every message is in the warehouse or the dead-letter topic.
                for (const message of messages) message.ack();
              }
              await sleep(1_000);
            }
            await Promise.all(subscriptions.map((subscription) => subscription.close()));
            await pubsub.close();
          }

          main().catch((error: unknown) => {
            console.error(error);
            process.exitCode = 1;
          });
        `,
      );
    case 'pulsar':
      return lines(
        consumerDoc(plan),
        dedent`
          import type { Consumer, Message, Producer } from 'pulsar-client';
          import { CONSUMER_GROUP, ENTITIES, type Entity } from '../clients/catalog.js';
          import { Codec, DecodeError } from '../clients/codec.js';
          import { MAX_ATTEMPTS, withRetries } from '../clients/retry.js';
          import { duckdbPath, pulsarClient } from '../clients/settings.js';
          import { BATCH_SIZE, errorDetails, heartbeat, loadBatch, type DeadLetter } from '../clients/support.js';
          import { RawLoader, type LoadItem } from '../clients/warehouse.js';

          /** A negatively acknowledged message comes back after this delay; after MAX_ATTEMPTS deliveries the client moves it to the dead-letter topic on its own. */
          const NACK_DELAY_MS = 60_000;

          type Received = { entity: Entity; message: Message };

          async function main(): Promise<void> {
            const client = pulsarClient();
            const loader = new RawLoader(duckdbPath());
            await loader.ensureTables();
            const codec = new Codec();
            const consumers = new Map<string, Consumer>();
            const deadLetters = new Map<string, Producer>();
            for (const entity of ENTITIES) {
              const consumer = await withRetries(\`subscribing to \${entity.topic}\`, () => true, () =>
                client.subscribe({
                  topic: entity.topic,
                  subscription: CONSUMER_GROUP,
                  // Key_Shared: loaders scale out while each key stays with one loader, in order.
                  subscriptionType: 'KeyShared',
                  subscriptionInitialPosition: 'Earliest',
                  nAckRedeliverTimeoutMs: NACK_DELAY_MS,
                  deadLetterPolicy: { deadLetterTopic: entity.deadLetterTopic, maxRedeliverCount: MAX_ATTEMPTS },
                  batchReceivePolicy: { maxNumMessages: BATCH_SIZE, maxNumBytes: 10 * 1024 * 1024, timeoutMs: 1000 },
                }),
              );
              consumers.set(entity.name, consumer);
              deadLetters.set(entity.name, await client.createProducer({ topic: entity.deadLetterTopic, producerName: \`raw-loader-dlq-\${entity.name}\` }));
            }
            const deadLetter: DeadLetter<Received> = async ({ entity, message }, error, attempts) => {
              // Awaited: the dead letter is stored before the original is acknowledged.
              await deadLetters.get(entity.name)?.send({
                data: message.getData(),
                ...(message.getPartitionKey() ? { partitionKey: message.getPartitionKey() } : {}),
                properties: {
                  ...message.getProperties(),
                  ...errorDetails(error, attempts),
                  'dlq.original.topic': message.getTopicName(),
                  'dlq.original.message_id': message.getMessageId().toString(),
                },
              });
              console.error(\`dead-lettered \${message.getTopicName()} \${message.getMessageId().toString()}: \${String(error)}\`);
            };
            let stopped = false;
            process.once('SIGTERM', () => (stopped = true));
            process.once('SIGINT', () => (stopped = true));
            console.info(\`loading \${ENTITIES.length} topics into \${duckdbPath()}\`);
            while (!stopped) {
              heartbeat();
              for (const entity of ENTITIES) {
                const consumer = consumers.get(entity.name);
                if (!consumer) continue;
                const messages = await consumer.batchReceive();
                if (messages.length === 0) continue;
                const pending: { record: Received; item: LoadItem }[] = [];
                for (const message of messages) {
                  const metadata = { source_topic: entity.topic, source_partition: null, source_offset: null };
                  try {
                    const row = await codec.decode(entity, message.getData());
                    pending.push({ record: { entity, message }, item: { entity, row, key: message.getPartitionKey(), metadata } });
                  } catch (error) {
                    if (!(error instanceof DecodeError)) throw error;
                    await deadLetter({ entity, message }, error, 1);
                  }
                }
                try {
                  await loadBatch(loader, pending, deadLetter);
                } catch (error) {
                  // Transient failure after the retries: let Pulsar redeliver later.
                  for (const message of messages) consumer.negativeAcknowledge(message);
                  throw error;
                }
                // Acknowledged only now: every message is in the warehouse or the dead-letter topic.
                for (const message of messages) await consumer.acknowledge(message);
              }
            }
            for (const consumer of consumers.values()) await consumer.close();
            for (const producer of deadLetters.values()) await producer.close();
            await client.close();
          }

          main().catch((error: unknown) => {
            console.error(error);
            process.exitCode = 1;
          });
        `,
      );
  }
}
