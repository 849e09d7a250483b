import { dedent, lines } from '../../../shared/text.js';
import type { StreamPlan } from '../../plan.js';
import { brokerTitle } from '../../plan.js';

/**
 * The two programs of the Java clients: producers.ProduceEvents and consumers.LoadEvents, per
 * broker. Both import the shared classes of `<package>.clients`.
 */

function clientImports(plan: StreamPlan): string[] {
  return [
    `import ${plan.javaPackage}.clients.Catalog;`,
    `import ${plan.javaPackage}.clients.Codec;`,
    `import ${plan.javaPackage}.clients.DecodeException;`,
    `import ${plan.javaPackage}.clients.LoaderSupport;`,
    `import ${plan.javaPackage}.clients.RawLoader;`,
    `import ${plan.javaPackage}.clients.Settings;`,
  ];
}

function codecConstruction(plan: StreamPlan): string {
  return plan.isKafkaApi ? 'new Codec(Settings.schemaRegistryUrl())' : 'new Codec()';
}

export function javaProducer(plan: StreamPlan): string {
  const pkg = `${plan.javaPackage}.producers`;
  const header = [`package ${pkg};`, ''];
  const doc = [
    '/**',
    ` * Publishes the sample events of ${plan.model.title} to ${brokerTitle(plan.streaming.broker)}: each entity's rows`,
    ' * (samples/<entity>.jsonl) go to its topic, keyed by the entity key so every version of one key lands',
    ' * on the same partition, in order. Entities captured by CDC are skipped (the database produces them).',
    ' *',
    ' * <p>Usage: ProduceEvents [--entity NAME]...',
    ' */',
  ];
  const common = [
    `import ${plan.javaPackage}.clients.Catalog;`,
    `import ${plan.javaPackage}.clients.Codec;`,
    `import ${plan.javaPackage}.clients.Samples;`,
    `import ${plan.javaPackage}.clients.Settings;`,
    `import ${plan.javaPackage}.clients.Values;`,
  ];
  switch (plan.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return lines(
        header,
        common,
        'import java.nio.charset.StandardCharsets;',
        'import java.util.ArrayList;',
        'import java.util.List;',
        'import java.util.Map;',
        'import java.util.Properties;',
        'import java.util.concurrent.Future;',
        'import java.util.logging.Logger;',
        'import org.apache.kafka.clients.producer.KafkaProducer;',
        'import org.apache.kafka.clients.producer.ProducerRecord;',
        'import org.apache.kafka.clients.producer.RecordMetadata;',
        'import org.apache.kafka.common.KafkaException;',
        'import org.apache.kafka.common.errors.AuthorizationException;',
        'import org.apache.kafka.common.errors.OutOfOrderSequenceException;',
        'import org.apache.kafka.common.errors.ProducerFencedException;',
        'import org.apache.kafka.common.header.Header;',
        'import org.apache.kafka.common.header.internals.RecordHeader;',
        'import org.apache.kafka.common.serialization.ByteArraySerializer;',
        'import org.apache.kafka.common.serialization.StringSerializer;',
        '',
        doc,
        dedent`
          public final class ProduceEvents {
            private static final Logger LOG = Logger.getLogger(ProduceEvents.class.getName());
            private static final List<Header> HEADERS = List.of(new RecordHeader("event.producer", "produce-events".getBytes(StandardCharsets.UTF_8)));

            private ProduceEvents() {}

            public static void main(String[] args) throws Exception {
              List<Catalog.Entity> entities = Samples.selected(args);
              Properties config = Settings.kafka("producer");
              boolean transactional = config.containsKey("transactional.id");
              Codec codec = ${codecConstruction(plan)};
              try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
                if (transactional) {
                  producer.initTransactions();
                }
                for (Catalog.Entity entity : entities) {
                  List<Map<String, Object>> rows = Samples.read(entity);
                  List<Future<RecordMetadata>> sends = new ArrayList<>();
                  if (transactional) {
                    // One transaction per entity: its events become visible to read_committed consumers together.
                    producer.beginTransaction();
                  }
                  try {
                    for (Map<String, Object> row : rows) {
                      // The record timestamp is the event time: windows and retention follow it.
                      long timestamp = Values.eventTimeMillis(row.get(entity.eventTime()));
                      String key = String.valueOf(row.get(entity.key()));
                      sends.add(producer.send(new ProducerRecord<>(entity.topic(), null, timestamp, key, codec.encode(entity, row), HEADERS)));
                    }
                    if (transactional) {
                      producer.commitTransaction();
                    } else {
                      producer.flush();
                    }
                  } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException fatal) {
                    // Another instance took over this transactional.id, or we may not write: stop.
                    throw fatal;
                  } catch (KafkaException error) {
                    if (transactional) {
                      producer.abortTransaction();
                    }
                    throw error;
                  }
                  for (Future<RecordMetadata> send : sends) {
                    // Surfaces a failed delivery (acks=all) as an exception.
                    send.get();
                  }
                  LOG.info(entity.name() + ": " + rows.size() + " events sent to " + entity.topic());
                }
              }
            }
          }
        `,
      );
    case 'kinesis':
      return lines(
        header,
        common,
        `import ${plan.javaPackage}.clients.Retry;`,
        'import java.net.URI;',
        'import java.util.ArrayList;',
        'import java.util.List;',
        'import java.util.Map;',
        'import java.util.logging.Logger;',
        'import software.amazon.awssdk.core.SdkBytes;',
        'import software.amazon.awssdk.regions.Region;',
        'import software.amazon.awssdk.services.kinesis.KinesisClient;',
        'import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;',
        'import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;',
        'import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;',
        'import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;',
        'import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;',
        '',
        doc,
        dedent`
          public final class ProduceEvents {
            private static final Logger LOG = Logger.getLogger(ProduceEvents.class.getName());
            /** PutRecords takes at most 500 records per call. */
            private static final int BATCH = 500;

            private ProduceEvents() {}

            /** Some records of a PutRecords call were throttled or failed; they are retried. */
            private static final class PartialFailure extends Exception {
              private static final long serialVersionUID = 1L;

              PartialFailure(String message) {
                super(message);
              }
            }

            public static KinesisClient client() {
              KinesisClientBuilder builder = KinesisClient.builder().region(Region.of(Settings.awsRegion()));
              Settings.kinesisEndpoint().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
              return builder.build();
            }

            public static void main(String[] args) throws Exception {
              Codec codec = ${codecConstruction(plan)};
              try (KinesisClient client = client()) {
                for (Catalog.Entity entity : Samples.selected(args)) {
                  List<PutRecordsRequestEntry> records = new ArrayList<>();
                  for (Map<String, Object> row : Samples.read(entity)) {
                    records.add(
                        PutRecordsRequestEntry.builder()
                            .data(SdkBytes.fromByteArray(codec.encode(entity, row)))
                            .partitionKey(String.valueOf(row.get(entity.key())))
                            .build());
                  }
                  for (int start = 0; start < records.size(); start += BATCH) {
                    List<List<PutRecordsRequestEntry>> pending = new ArrayList<>(List.of(records.subList(start, Math.min(start + BATCH, records.size()))));
                    Retry.withRetries("put_records to " + entity.topic(), error -> error instanceof PartialFailure, () -> {
                      PutRecordsResponse response =
                          client.putRecords(PutRecordsRequest.builder().streamName(entity.topic()).records(pending.get(0)).build());
                      if (response.failedRecordCount() != null && response.failedRecordCount() > 0) {
                        // Keep only the failed records (in order) for the next attempt.
                        List<PutRecordsRequestEntry> failed = new ArrayList<>();
                        List<PutRecordsResultEntry> results = response.records();
                        for (int index = 0; index < results.size(); index++) {
                          if (results.get(index).errorCode() != null) {
                            failed.add(pending.get(0).get(index));
                          }
                        }
                        pending.set(0, failed);
                        throw new PartialFailure(failed.size() + " records failed on " + entity.topic());
                      }
                      return null;
                    });
                  }
                  LOG.info(entity.name() + ": " + records.size() + " events put to stream " + entity.topic());
                }
              }
            }
          }
        `,
      );
    case 'pubsub':
      return lines(
        header,
        common,
        `import ${plan.javaPackage}.clients.PubSubSupport;`,
        'import com.google.api.core.ApiFuture;',
        'import com.google.cloud.pubsub.v1.Publisher;',
        'import com.google.protobuf.ByteString;',
        'import com.google.pubsub.v1.PubsubMessage;',
        'import com.google.pubsub.v1.TopicName;',
        'import java.util.ArrayList;',
        'import java.util.List;',
        'import java.util.Map;',
        'import java.util.concurrent.TimeUnit;',
        'import java.util.logging.Logger;',
        '',
        doc,
        dedent`
          public final class ProduceEvents {
            private static final Logger LOG = Logger.getLogger(ProduceEvents.class.getName());

            private ProduceEvents() {}

            public static void main(String[] args) throws Exception {
              Codec codec = ${codecConstruction(plan)};
              String project = Settings.gcpProject();
              for (Catalog.Entity entity : Samples.selected(args)) {
                Publisher publisher = PubSubSupport.publisher(TopicName.of(project, entity.topic()));
                try {
                  List<ApiFuture<String>> sends = new ArrayList<>();
                  List<Map<String, Object>> rows = Samples.read(entity);
                  for (Map<String, Object> row : rows) {
                    PubsubMessage message =
                        PubsubMessage.newBuilder()
                            .setData(ByteString.copyFrom(codec.encode(entity, row)))
                            // The ordering key keeps the events of one key in order, like a Kafka key.
                            .setOrderingKey(String.valueOf(row.get(entity.key())))
                            .putAttributes("event_time", String.valueOf(row.get(entity.eventTime())))
                            .putAttributes("producer", "produce-events")
                            .build();
                    sends.add(publisher.publish(message));
                  }
                  for (ApiFuture<String> send : sends) {
                    send.get(60, TimeUnit.SECONDS);
                  }
                  LOG.info(entity.name() + ": " + rows.size() + " events published to " + entity.topic());
                } finally {
                  publisher.shutdown();
                  publisher.awaitTermination(30, TimeUnit.SECONDS);
                }
              }
            }
          }
        `,
      );
    case 'pulsar':
      return lines(
        header,
        common,
        'import java.util.ArrayList;',
        'import java.util.List;',
        'import java.util.Map;',
        'import java.util.concurrent.CompletableFuture;',
        'import java.util.concurrent.TimeUnit;',
        'import java.util.logging.Logger;',
        'import org.apache.pulsar.client.api.BatcherBuilder;',
        'import org.apache.pulsar.client.api.CompressionType;',
        'import org.apache.pulsar.client.api.MessageId;',
        'import org.apache.pulsar.client.api.Producer;',
        'import org.apache.pulsar.client.api.PulsarClient;',
        'import org.apache.pulsar.client.api.Schema;',
        `import ${plan.javaPackage}.clients.PulsarSupport;`,
        '',
        doc,
        dedent`
          public final class ProduceEvents {
            private static final Logger LOG = Logger.getLogger(ProduceEvents.class.getName());

            private ProduceEvents() {}

            public static void main(String[] args) throws Exception {
              Codec codec = ${codecConstruction(plan)};
              try (PulsarClient client = PulsarSupport.client()) {
                for (Catalog.Entity entity : Samples.selected(args)) {
                  try (Producer<byte[]> producer =
                      client
                          .newProducer(Schema.BYTES)
                          .topic(entity.topic())
                          // A stable name lets the broker deduplicate retried sends by sequence id.
                          .producerName("produce-events-" + entity.name())
                          .compressionType(CompressionType.ZSTD)
                          .enableBatching(true)
                          // Batches per key, so Key_Shared consumers still get each key in order.
                          .batcherBuilder(BatcherBuilder.KEY_BASED)
                          .sendTimeout(30, TimeUnit.SECONDS)
                          .create()) {
                    List<CompletableFuture<MessageId>> sends = new ArrayList<>();
                    List<Map<String, Object>> rows = Samples.read(entity);
                    for (Map<String, Object> row : rows) {
                      sends.add(
                          producer
                              .newMessage()
                              .key(String.valueOf(row.get(entity.key())))
                              .eventTime(Values.eventTimeMillis(row.get(entity.eventTime())))
                              .property("producer", "produce-events")
                              .value(codec.encode(entity, row))
                              .sendAsync());
                    }
                    producer.flush();
                    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                    LOG.info(entity.name() + ": " + rows.size() + " events sent to " + entity.topic());
                  }
                }
              }
            }
          }
        `,
      );
  }
}

export function javaConsumer(plan: StreamPlan): string {
  const pkg = `${plan.javaPackage}.consumers`;
  const doc = [
    '/**',
    ` * The raw loader of ${plan.model.title}: ${brokerTitle(plan.streaming.broker)} → DuckDB raw tables. Per batch: decode`,
    ' * each record (a record that does not match its schema goes to the dead-letter topic with the error),',
    ' * load the batch in one transaction with bounded retries (a rejected batch is loaded record by record',
    ' * so only the bad records are dead-lettered), then acknowledge. Nothing is acknowledged before it is',
    ' * in the warehouse, and loading is idempotent: a crash only causes a harmless redelivery.',
    ' */',
  ];
  const common = [`package ${pkg};`, '', ...clientImports(plan)];
  const hasCdc = plan.cdcEntities.length > 0;
  switch (plan.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return lines(
        common,
        'import java.nio.charset.StandardCharsets;',
        'import java.time.Duration;',
        hasCdc && 'import java.time.Instant;',
        'import java.util.ArrayList;',
        'import java.util.HashMap;',
        'import java.util.List;',
        'import java.util.Map;',
        'import java.util.Properties;',
        'import java.util.Set;',
        'import java.util.concurrent.atomic.AtomicBoolean;',
        'import java.util.logging.Logger;',
        'import org.apache.kafka.clients.consumer.ConsumerRecord;',
        'import org.apache.kafka.clients.consumer.ConsumerRecords;',
        'import org.apache.kafka.clients.consumer.KafkaConsumer;',
        'import org.apache.kafka.clients.producer.KafkaProducer;',
        'import org.apache.kafka.clients.producer.ProducerRecord;',
        'import org.apache.kafka.common.errors.WakeupException;',
        'import org.apache.kafka.common.header.Header;',
        'import org.apache.kafka.common.header.internals.RecordHeader;',
        'import org.apache.kafka.common.serialization.ByteArrayDeserializer;',
        'import org.apache.kafka.common.serialization.ByteArraySerializer;',
        '',
        doc,
        'public final class LoadEvents {',
        '  private static final Logger LOG = Logger.getLogger(LoadEvents.class.getName());',
        '',
        '  private LoadEvents() {}',
        '',
        dedent`
          private static String text(byte[] bytes) {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
          }

          private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
            Header header = record.headers().lastHeader(name);
            return header == null ? null : text(header.value());
          }

          static RawLoader.LoadItem toItem(Codec codec, ConsumerRecord<byte[], byte[]> record) throws DecodeException {
            Catalog.Entity entity = Catalog.BY_TOPIC.get(record.topic());
            String key = text(record.key());
            Map<String, Object> metadata = new HashMap<>();
            metadata.put("source_topic", record.topic());
            metadata.put("source_partition", record.partition());
            metadata.put("source_offset", record.offset());
        `
          .split('\n')
          .map((line) => (line ? `  ${line}` : line)),
        hasCdc && [
          '    if ("cdc".equals(entity.source())) {',
          "      // Debezium's ExtractNewRecordState adds the operation and commit time as headers.",
          '      metadata.put("cdc_operation", header(record, "__op"));',
          '      String committed = header(record, "__source_ts_ms");',
          '      metadata.put("cdc_committed_at", committed == null ? null : Instant.ofEpochMilli(Long.parseLong(committed)).toString());',
          '    }',
          '    if (record.value() == null) {',
          '      if (entity.tombstone() == null) {',
          '        throw new DecodeException(entity.topic() + ": unexpected tombstone for key " + key);',
          '      }',
          '      if (metadata.get("cdc_committed_at") == null) {',
          '        metadata.put("cdc_committed_at", Instant.now().toString());',
          '      }',
          '      return new RawLoader.LoadItem(entity, null, key, metadata);',
          '    }',
        ],
        !hasCdc && [
          '    if (record.value() == null) {',
          '      throw new DecodeException(entity.topic() + ": unexpected tombstone for key " + key);',
          '    }',
        ],
        '    return new RawLoader.LoadItem(entity, codec.decode(entity, record.value()), key, metadata);',
        '  }',
        '',
        dedent`
          static void deadLetter(KafkaProducer<byte[], byte[]> producer, ConsumerRecord<byte[], byte[]> record, Exception error, int attempts) {
            Catalog.Entity entity = Catalog.BY_TOPIC.get(record.topic());
            List<Header> headers = new ArrayList<>();
            record.headers().forEach(headers::add);
            LoaderSupport.errorDetails(error, attempts).forEach((name, value) -> headers.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
            headers.add(new RecordHeader("dlq.original.topic", record.topic().getBytes(StandardCharsets.UTF_8)));
            headers.add(new RecordHeader("dlq.original.partition", Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8)));
            headers.add(new RecordHeader("dlq.original.offset", Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(entity.deadLetterTopic(), null, record.key(), record.value(), headers));
            LOG.severe("dead-lettered " + record.topic() + "[" + record.partition() + "]@" + record.offset() + ": " + error.getMessage());
          }

          public static void main(String[] args) throws Exception {
            RawLoader loader = new RawLoader(Settings.duckdbPath());
            loader.ensureTables();
            Codec codec = ${codecConstruction(plan)};
            Properties deadLetterConfig = Settings.kafka("producer");
            // Dead letters are written outside the producers' transactions.
            deadLetterConfig.remove("transactional.id");
            deadLetterConfig.remove("transaction.timeout.ms");
            AtomicBoolean stop = new AtomicBoolean(false);
            List<String> topics = Catalog.ENTITIES.stream().map(Catalog.Entity::topic).toList();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Settings.kafka("consumer"), new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> deadLetters = new KafkaProducer<>(deadLetterConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
              Thread main = Thread.currentThread();
              Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // Finish the batch, commit and close: the loop sees the flag or the wakeup.
                stop.set(true);
                consumer.wakeup();
                try {
                  main.join(30_000);
                } catch (InterruptedException interrupted) {
                  Thread.currentThread().interrupt();
                }
              }));
              while (!stop.get()) {
                LoaderSupport.heartbeat();
                Set<String> existing = consumer.listTopics(Duration.ofSeconds(10)).keySet();
                if (existing.containsAll(topics)) {
                  break;
                }
                LOG.warning("waiting for topics (run make topics): " + topics.stream().filter(topic -> !existing.contains(topic)).toList());
                Thread.sleep(5_000);
              }
              consumer.subscribe(topics);
              LoaderSupport.DeadLetter<ConsumerRecord<byte[], byte[]>> deadLetter = (record, error, attempts) -> deadLetter(deadLetters, record, error, attempts);
              LOG.info("loading " + topics.size() + " topics into " + Settings.duckdbPath());
              while (!stop.get()) {
                LoaderSupport.heartbeat();
                ConsumerRecords<byte[], byte[]> records;
                try {
                  records = consumer.poll(Duration.ofSeconds(1));
                } catch (WakeupException wakeup) {
                  break;
                }
                if (records.isEmpty()) {
                  continue;
                }
                List<LoaderSupport.Pending<ConsumerRecord<byte[], byte[]>>> batch = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                  try {
                    batch.add(new LoaderSupport.Pending<>(record, toItem(codec, record)));
                  } catch (DecodeException error) {
                    deadLetter.send(record, error, 1);
                  }
                }
                LoaderSupport.loadBatch(loader, batch, deadLetter);
                // Dead letters are durable before the source offsets move.
                deadLetters.flush();
                consumer.commitSync();
              }
            }
          }
        `
          .split('\n')
          .map((line) => (line ? `  ${line}` : line)),
        '}',
      );
    case 'kinesis':
      return javaKinesisConsumer(plan, common, doc);
    case 'pubsub':
      return javaPubsubConsumer(plan, common, doc);
    case 'pulsar':
      return javaPulsarConsumer(plan, common, doc);
  }
}

function javaKinesisConsumer(plan: StreamPlan, common: string[], doc: string[]): string {
  return lines(
    common,
    `import ${plan.javaPackage}.producers.ProduceEvents;`,
    'import com.fasterxml.jackson.databind.ObjectMapper;',
    'import java.util.ArrayList;',
    'import java.util.Base64;',
    'import java.util.HashMap;',
    'import java.util.LinkedHashMap;',
    'import java.util.List;',
    'import java.util.Map;',
    'import java.util.Optional;',
    'import java.util.concurrent.atomic.AtomicBoolean;',
    'import java.util.logging.Logger;',
    'import software.amazon.awssdk.core.SdkBytes;',
    'import software.amazon.awssdk.services.kinesis.KinesisClient;',
    'import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;',
    'import software.amazon.awssdk.services.kinesis.model.GetRecordsRequest;',
    'import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;',
    'import software.amazon.awssdk.services.kinesis.model.GetShardIteratorRequest;',
    'import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;',
    'import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;',
    'import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;',
    'import software.amazon.awssdk.services.kinesis.model.PutRecordRequest;',
    'import software.amazon.awssdk.services.kinesis.model.Record;',
    'import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;',
    'import software.amazon.awssdk.services.kinesis.model.Shard;',
    'import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;',
    `import ${plan.javaPackage}.clients.Retry;`,
    '',
    doc,
    dedent`
      public final class LoadEvents {
        private static final Logger LOG = Logger.getLogger(LoadEvents.class.getName());
        private static final ObjectMapper JSON = new ObjectMapper();
        /** GetRecords allows 5 calls per second per shard; poll each shard at most this often. */
        private static final long POLL_INTERVAL_MS = 1_000;
        /** Resharding creates new shards: look for them this often. */
        private static final long SHARD_REFRESH_MS = 60_000;

        private LoadEvents() {}

        /** One shard of one stream, resumed from the checkpoint stored with the loaded rows. */
        static final class ShardReader {
          final Catalog.Entity entity;
          final String shardId;
          String iterator;

          ShardReader(KinesisClient client, RawLoader loader, Catalog.Entity entity, String shardId) throws Exception {
            this.entity = entity;
            this.shardId = shardId;
            this.iterator = iterator(client, loader.checkpoint(entity.topic(), shardId));
          }

          String iterator(KinesisClient client, Optional<String> after) {
            GetShardIteratorRequest.Builder request = GetShardIteratorRequest.builder().streamName(entity.topic()).shardId(shardId);
            if (after.isPresent()) {
              request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).startingSequenceNumber(after.get());
            } else {
              request.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            }
            return client.getShardIterator(request.build()).shardIterator();
          }

          /** shardId-000000000003 → 3, the value of _source_partition. */
          int shardNumber() {
            return Integer.parseInt(shardId.substring(shardId.lastIndexOf('-') + 1));
          }
        }

        record Received(ShardReader reader, Record record) {}

        /** Kinesis records have no headers: the dead letter is a JSON envelope with the original bytes. */
        static void deadLetter(KinesisClient client, Received received, Exception error, int attempts) throws Exception {
          Map<String, Object> envelope = new LinkedHashMap<>(LoaderSupport.errorDetails(error, attempts));
          envelope.put("dlq.original.stream", received.reader().entity.topic());
          envelope.put("dlq.original.shard", received.reader().shardId);
          envelope.put("dlq.original.sequence_number", received.record().sequenceNumber());
          envelope.put("partition_key", received.record().partitionKey());
          envelope.put("data_base64", Base64.getEncoder().encodeToString(received.record().data().asByteArray()));
          byte[] payload = JSON.writeValueAsBytes(envelope);
          Retry.withRetries("dead-lettering to " + received.reader().entity.deadLetterTopic(), failure -> true, () ->
              client.putRecord(PutRecordRequest.builder()
                  .streamName(received.reader().entity.deadLetterTopic())
                  .partitionKey(received.record().partitionKey())
                  .data(SdkBytes.fromByteArray(payload))
                  .build()));
          LOG.severe("dead-lettered " + received.reader().entity.topic() + "/" + received.reader().shardId + " " + received.record().sequenceNumber() + ": " + error.getMessage());
        }

        static List<String> listShards(KinesisClient client, String stream) {
          List<String> shards = new ArrayList<>();
          ListShardsRequest request = ListShardsRequest.builder().streamName(stream).build();
          while (true) {
            ListShardsResponse response = client.listShards(request);
            response.shards().stream().map(Shard::shardId).forEach(shards::add);
            if (response.nextToken() == null) {
              return shards;
            }
            request = ListShardsRequest.builder().nextToken(response.nextToken()).build();
          }
        }

        static void readShard(KinesisClient client, ShardReader reader, Codec codec, RawLoader loader, LoaderSupport.DeadLetter<Received> deadLetter) throws Exception {
          GetRecordsResponse response;
          try {
            response = Retry.withRetries("get_records " + reader.entity.topic() + "/" + reader.shardId, error -> error instanceof ProvisionedThroughputExceededException, () ->
                client.getRecords(GetRecordsRequest.builder().shardIterator(reader.iterator).limit(LoaderSupport.BATCH_SIZE).build()));
          } catch (ExpiredIteratorException expired) {
            reader.iterator = reader.iterator(client, loader.checkpoint(reader.entity.topic(), reader.shardId));
            return;
          }
          List<LoaderSupport.Pending<Received>> batch = new ArrayList<>();
          for (Record record : response.records()) {
            Map<String, Object> metadata = new HashMap<>();
            metadata.put("source_topic", reader.entity.topic());
            metadata.put("source_partition", reader.shardNumber());
            metadata.put("source_offset", null);
            Received received = new Received(reader, record);
            try {
              Map<String, Object> row = codec.decode(reader.entity, record.data().asByteArray());
              batch.add(new LoaderSupport.Pending<>(received, new RawLoader.LoadItem(reader.entity, row, record.partitionKey(), metadata)));
            } catch (DecodeException error) {
              deadLetter.send(received, error, 1);
            }
          }
          if (!response.records().isEmpty()) {
            String last = response.records().get(response.records().size() - 1).sequenceNumber();
            LoaderSupport.loadBatch(loader, batch, deadLetter, new RawLoader.Checkpoint(reader.entity.topic(), reader.shardId, last));
          }
          // Null once a closed shard (after resharding) is fully read.
          reader.iterator = response.nextShardIterator();
        }

        public static void main(String[] args) throws Exception {
          RawLoader loader = new RawLoader(Settings.duckdbPath());
          loader.ensureTables();
          Codec codec = new Codec();
          AtomicBoolean stop = new AtomicBoolean(false);
          Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true)));
          Map<String, ShardReader> readers = new HashMap<>();
          long refreshedAt = 0;
          try (KinesisClient client = ProduceEvents.client()) {
            LoaderSupport.DeadLetter<Received> deadLetter = (received, error, attempts) -> deadLetter(client, received, error, attempts);
            LOG.info("loading " + Catalog.ENTITIES.size() + " streams into " + Settings.duckdbPath());
            while (!stop.get()) {
              LoaderSupport.heartbeat();
              long started = System.currentTimeMillis();
              if (started - refreshedAt > SHARD_REFRESH_MS) {
                for (Catalog.Entity entity : Catalog.ENTITIES) {
                  try {
                    for (String shardId : listShards(client, entity.topic())) {
                      if (!readers.containsKey(entity.topic() + "/" + shardId)) {
                        readers.put(entity.topic() + "/" + shardId, new ShardReader(client, loader, entity, shardId));
                      }
                    }
                  } catch (ResourceNotFoundException missing) {
                    LOG.warning("waiting for stream " + entity.topic() + " (run make topics)");
                  }
                }
                refreshedAt = started;
              }
              for (ShardReader reader : readers.values()) {
                if (reader.iterator != null && !stop.get()) {
                  readShard(client, reader, codec, loader, deadLetter);
                }
              }
              Thread.sleep(Math.max(0, POLL_INTERVAL_MS - (System.currentTimeMillis() - started)));
            }
          }
        }
      }
    `,
  );
}

function javaPubsubConsumer(plan: StreamPlan, common: string[], doc: string[]): string {
  return lines(
    common,
    `import ${plan.javaPackage}.clients.PubSubSupport;`,
    'import com.google.api.core.ApiFuture;',
    'import com.google.api.gax.rpc.NotFoundException;',
    'import com.google.cloud.pubsub.v1.Publisher;',
    'import com.google.cloud.pubsub.v1.stub.SubscriberStub;',
    'import com.google.pubsub.v1.AcknowledgeRequest;',
    'import com.google.pubsub.v1.ProjectSubscriptionName;',
    'import com.google.pubsub.v1.PubsubMessage;',
    'import com.google.pubsub.v1.PullRequest;',
    'import com.google.pubsub.v1.ReceivedMessage;',
    'import com.google.pubsub.v1.TopicName;',
    'import java.util.ArrayList;',
    'import java.util.HashMap;',
    'import java.util.List;',
    'import java.util.Map;',
    'import java.util.concurrent.TimeUnit;',
    'import java.util.concurrent.atomic.AtomicBoolean;',
    'import java.util.logging.Logger;',
    '',
    doc,
    dedent`
      public final class LoadEvents {
        private static final Logger LOG = Logger.getLogger(LoadEvents.class.getName());
        /** Pub/Sub message ids are decimal strings; they fit _source_offset when they fit a BIGINT. */
        private static final int MAX_BIGINT_DIGITS = 18;

        private LoadEvents() {}

        record Received(Catalog.Entity entity, ReceivedMessage message) {}

        static Long offsetOf(String messageId) {
          return messageId.chars().allMatch(Character::isDigit) && messageId.length() <= MAX_BIGINT_DIGITS ? Long.valueOf(messageId) : null;
        }

        public static void main(String[] args) throws Exception {
          String project = Settings.gcpProject();
          RawLoader loader = new RawLoader(Settings.duckdbPath());
          loader.ensureTables();
          Codec codec = new Codec();
          AtomicBoolean stop = new AtomicBoolean(false);
          Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true)));
          Map<String, Publisher> deadLetterPublishers = new HashMap<>();
          for (Catalog.Entity entity : Catalog.ENTITIES) {
            deadLetterPublishers.put(entity.name(), PubSubSupport.publisher(TopicName.of(project, entity.deadLetterTopic())));
          }
          List<ApiFuture<String>> pendingDeadLetters = new ArrayList<>();
          LoaderSupport.DeadLetter<Received> deadLetter = (received, error, attempts) -> {
            PubsubMessage original = received.message().getMessage();
            PubsubMessage.Builder copy = original.toBuilder().putAllAttributes(LoaderSupport.errorDetails(error, attempts));
            copy.putAttributes("dlq.original.subscription", received.entity().subscription());
            copy.putAttributes("dlq.original.message_id", original.getMessageId());
            pendingDeadLetters.add(deadLetterPublishers.get(received.entity().name()).publish(copy.build()));
            LOG.severe("dead-lettered " + received.entity().subscription() + " message " + original.getMessageId() + ": " + error.getMessage());
          };
          try (SubscriberStub subscriber = PubSubSupport.subscriber()) {
            LOG.info("loading " + Catalog.ENTITIES.size() + " subscriptions into " + Settings.duckdbPath());
            while (!stop.get()) {
              LoaderSupport.heartbeat();
              for (Catalog.Entity entity : Catalog.ENTITIES) {
                String subscription = ProjectSubscriptionName.format(project, entity.subscription());
                List<ReceivedMessage> received;
                try {
                  received = subscriber.pullCallable().call(PullRequest.newBuilder().setSubscription(subscription).setMaxMessages(LoaderSupport.BATCH_SIZE).build()).getReceivedMessagesList();
                } catch (NotFoundException missing) {
                  LOG.warning("waiting for subscription " + entity.subscription() + " (run make topics)");
                  Thread.sleep(5_000);
                  continue;
                }
                if (received.isEmpty()) {
                  continue;
                }
                List<LoaderSupport.Pending<Received>> batch = new ArrayList<>();
                for (ReceivedMessage message : received) {
                  Map<String, Object> metadata = new HashMap<>();
                  metadata.put("source_topic", entity.topic());
                  metadata.put("source_partition", null);
                  metadata.put("source_offset", offsetOf(message.getMessage().getMessageId()));
                  String key = message.getMessage().getOrderingKey();
                  try {
                    Map<String, Object> row = codec.decode(entity, message.getMessage().getData().toByteArray());
                    batch.add(new LoaderSupport.Pending<>(new Received(entity, message), new RawLoader.LoadItem(entity, row, key, metadata)));
                  } catch (DecodeException error) {
                    deadLetter.send(new Received(entity, message), error, 1);
                  }
                }
                LoaderSupport.loadBatch(loader, batch, deadLetter);
                // Published before the originals are acknowledged: a dead letter is never lost.
                for (ApiFuture<String> future : pendingDeadLetters) {
                  future.get(60, TimeUnit.SECONDS);
                }
                pendingDeadLetters.clear();
                subscriber.acknowledgeCallable().call(AcknowledgeRequest.newBuilder().setSubscription(subscription).addAllAckIds(received.stream().map(ReceivedMessage::getAckId).toList()).build());
              }
            }
          } finally {
            for (Publisher publisher : deadLetterPublishers.values()) {
              publisher.shutdown();
              publisher.awaitTermination(30, TimeUnit.SECONDS);
            }
          }
        }
      }
    `,
  );
}

function javaPulsarConsumer(plan: StreamPlan, common: string[], doc: string[]): string {
  return lines(
    common,
    `import ${plan.javaPackage}.clients.PulsarSupport;`,
    `import ${plan.javaPackage}.clients.Retry;`,
    'import java.util.ArrayList;',
    'import java.util.HashMap;',
    'import java.util.List;',
    'import java.util.Map;',
    'import java.util.concurrent.TimeUnit;',
    'import java.util.concurrent.atomic.AtomicBoolean;',
    'import java.util.logging.Logger;',
    'import org.apache.pulsar.client.api.BatchReceivePolicy;',
    'import org.apache.pulsar.client.api.Consumer;',
    'import org.apache.pulsar.client.api.DeadLetterPolicy;',
    'import org.apache.pulsar.client.api.Message;',
    'import org.apache.pulsar.client.api.Messages;',
    'import org.apache.pulsar.client.api.Producer;',
    'import org.apache.pulsar.client.api.PulsarClient;',
    'import org.apache.pulsar.client.api.PulsarClientException;',
    'import org.apache.pulsar.client.api.Schema;',
    'import org.apache.pulsar.client.api.SubscriptionInitialPosition;',
    'import org.apache.pulsar.client.api.SubscriptionType;',
    'import org.apache.pulsar.client.api.TypedMessageBuilder;',
    '',
    doc,
    dedent`
      public final class LoadEvents {
        private static final Logger LOG = Logger.getLogger(LoadEvents.class.getName());
        /** A negatively acknowledged message comes back after this delay; after Retry.MAX_ATTEMPTS deliveries the client moves it to the dead-letter topic on its own. */
        private static final long NACK_DELAY_SECONDS = 60;

        private LoadEvents() {}

        record Received(Catalog.Entity entity, Message<byte[]> message) {}

        static Consumer<byte[]> subscribe(PulsarClient client, Catalog.Entity entity) throws Exception {
          return Retry.withRetries("subscribing to " + entity.topic(), error -> error instanceof PulsarClientException, () ->
              client
                  .newConsumer(Schema.BYTES)
                  .topic(entity.topic())
                  .subscriptionName(Catalog.CONSUMER_GROUP)
                  // Key_Shared: loaders scale out while each key stays with one loader, in order.
                  .subscriptionType(SubscriptionType.Key_Shared)
                  .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                  .negativeAckRedeliveryDelay(NACK_DELAY_SECONDS, TimeUnit.SECONDS)
                  .deadLetterPolicy(DeadLetterPolicy.builder().maxRedeliverCount(Retry.MAX_ATTEMPTS).deadLetterTopic(entity.deadLetterTopic()).build())
                  .batchReceivePolicy(BatchReceivePolicy.builder().maxNumMessages(LoaderSupport.BATCH_SIZE).timeout(1000, TimeUnit.MILLISECONDS).build())
                  .subscribe());
        }

        public static void main(String[] args) throws Exception {
          RawLoader loader = new RawLoader(Settings.duckdbPath());
          loader.ensureTables();
          Codec codec = new Codec();
          AtomicBoolean stop = new AtomicBoolean(false);
          Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true)));
          try (PulsarClient client = PulsarSupport.client()) {
            Map<String, Consumer<byte[]>> consumers = new HashMap<>();
            Map<String, Producer<byte[]>> deadLetters = new HashMap<>();
            for (Catalog.Entity entity : Catalog.ENTITIES) {
              consumers.put(entity.name(), subscribe(client, entity));
              deadLetters.put(entity.name(), client.newProducer(Schema.BYTES).topic(entity.deadLetterTopic()).producerName("raw-loader-dlq-" + entity.name()).create());
            }
            LoaderSupport.DeadLetter<Received> deadLetter = (received, error, attempts) -> {
              Message<byte[]> original = received.message();
              Map<String, String> properties = new HashMap<>(original.getProperties());
              properties.putAll(LoaderSupport.errorDetails(error, attempts));
              properties.put("dlq.original.topic", original.getTopicName());
              properties.put("dlq.original.message_id", original.getMessageId().toString());
              // Synchronous send: the dead letter is stored before the original is acknowledged.
              TypedMessageBuilder<byte[]> copy = deadLetters.get(received.entity().name()).newMessage().properties(properties).value(original.getValue());
              if (original.hasKey()) {
                copy.key(original.getKey());
              }
              copy.send();
              LOG.severe("dead-lettered " + original.getTopicName() + " " + original.getMessageId() + ": " + error.getMessage());
            };
            LOG.info("loading " + Catalog.ENTITIES.size() + " topics into " + Settings.duckdbPath());
            while (!stop.get()) {
              LoaderSupport.heartbeat();
              for (Catalog.Entity entity : Catalog.ENTITIES) {
                Consumer<byte[]> consumer = consumers.get(entity.name());
                Messages<byte[]> messages = consumer.batchReceive();
                if (messages.size() == 0) {
                  continue;
                }
                List<LoaderSupport.Pending<Received>> batch = new ArrayList<>();
                for (Message<byte[]> message : messages) {
                  Map<String, Object> metadata = new HashMap<>();
                  metadata.put("source_topic", entity.topic());
                  metadata.put("source_partition", null);
                  metadata.put("source_offset", null);
                  try {
                    Map<String, Object> row = codec.decode(entity, message.getValue());
                    batch.add(new LoaderSupport.Pending<>(new Received(entity, message), new RawLoader.LoadItem(entity, row, message.getKey(), metadata)));
                  } catch (DecodeException error) {
                    deadLetter.send(new Received(entity, message), error, 1);
                  }
                }
                try {
                  LoaderSupport.loadBatch(loader, batch, deadLetter);
                } catch (Exception error) {
                  // Transient failure after the retries: let Pulsar redeliver later.
                  consumer.negativeAcknowledge(messages);
                  throw error;
                }
                // Acknowledged only now: every message is in the warehouse or the dead-letter topic.
                consumer.acknowledge(messages);
              }
            }
            for (Consumer<byte[]> consumer : consumers.values()) {
              consumer.close();
            }
            for (Producer<byte[]> producer : deadLetters.values()) {
              producer.close();
            }
          }
        }
      }
    `,
  );
}

/** PubSubSupport.java: publisher and subscriber stubs that honour the emulator. */
export function javaPubsubSupport(pkg: string): string {
  return dedent`
    package ${pkg};

    import com.google.api.gax.core.NoCredentialsProvider;
    import com.google.api.gax.grpc.GrpcTransportChannel;
    import com.google.api.gax.rpc.FixedTransportChannelProvider;
    import com.google.api.gax.rpc.TransportChannelProvider;
    import com.google.cloud.pubsub.v1.Publisher;
    import com.google.cloud.pubsub.v1.stub.GrpcSubscriberStub;
    import com.google.cloud.pubsub.v1.stub.SubscriberStub;
    import com.google.cloud.pubsub.v1.stub.SubscriberStubSettings;
    import com.google.pubsub.v1.TopicName;
    import io.grpc.ManagedChannelBuilder;
    import java.io.IOException;
    import java.util.Optional;

    /**
     * Pub/Sub clients. The Java library does not read PUBSUB_EMULATOR_HOST itself: with the variable set
     * the clients use a plaintext channel to the emulator and no credentials.
     */
    public final class PubSubSupport {
      private PubSubSupport() {}

      private static Optional<TransportChannelProvider> emulator() {
        return Settings.pubsubEmulator()
            .map(host -> FixedTransportChannelProvider.create(GrpcTransportChannel.create(ManagedChannelBuilder.forTarget(host).usePlaintext().build())));
      }

      public static Publisher publisher(TopicName topic) throws IOException {
        // Ordering keys keep the events of one key in order, like a Kafka key.
        Publisher.Builder builder = Publisher.newBuilder(topic).setEnableMessageOrdering(true);
        Optional<TransportChannelProvider> channel = emulator();
        if (channel.isPresent()) {
          builder.setChannelProvider(channel.get()).setCredentialsProvider(NoCredentialsProvider.create());
        }
        return builder.build();
      }

      public static SubscriberStub subscriber() throws IOException {
        SubscriberStubSettings.Builder settings = SubscriberStubSettings.newBuilder();
        Optional<TransportChannelProvider> channel = emulator();
        if (channel.isPresent()) {
          settings.setTransportChannelProvider(channel.get()).setCredentialsProvider(NoCredentialsProvider.create());
        }
        return GrpcSubscriberStub.create(settings.build());
      }
    }
  `;
}

/** PulsarSupport.java: the client with token authentication. */
export function javaPulsarSupport(pkg: string): string {
  return dedent`
    package ${pkg};

    import org.apache.pulsar.client.api.AuthenticationFactory;
    import org.apache.pulsar.client.api.ClientBuilder;
    import org.apache.pulsar.client.api.PulsarClient;
    import org.apache.pulsar.client.api.PulsarClientException;

    /** The Pulsar client; PULSAR_TOKEN authenticates in production (the standalone broker ignores it). */
    public final class PulsarSupport {
      private PulsarSupport() {}

      public static PulsarClient client() throws PulsarClientException {
        ClientBuilder builder = PulsarClient.builder().serviceUrl(Settings.pulsarServiceUrl());
        Settings.pulsarToken().ifPresent(token -> builder.authentication(AuthenticationFactory.token(token)));
        return builder.build();
      }
    }
  `;
}
