import { cString, dedent, lines } from '../../shared/text.js';
import type { FileSpec } from '../../types.js';
import { brokerDependencies, renderPom, type Dependency } from '../clients/java/build.js';
import { javaSharedSources, javaSourcePath } from '../clients/java/index.js';
import { clientEntityOf } from '../clients/shared.js';
import type { StreamPlan } from '../plan.js';
import { brokerTitle, processorSubscription } from '../plan.js';
import { jobClass } from './aggregate.js';

export const FLINK_VERSIONS = {
  flink: '1.20.2',
  image: '1.20.2-java17',
  kafkaConnector: '3.4.0-1.20',
  kinesisConnector: '5.0.0-1.20',
  pubsubConnector: '3.1.0-1.18',
  pulsarConnector: '4.1.0-1.18',
} as const;

const ROOT = 'streaming/processors/flink';

/**
 * The Flink job: a DataStream program that reads the fact topic, decodes with the same codec as the
 * clients, assigns event time from the event's own timestamp with a bounded-out-of-orderness
 * watermark, counts (and sums) per one-minute tumbling window and writes JSON results to the
 * aggregate topic. Exactly-once state through checkpoints; the Kafka sink commits with them.
 */
export function flinkFiles(plan: StreamPlan): FileSpec[] {
  const aggregate = plan.aggregate;
  if (!aggregate) return [];
  const pkg = `${plan.javaPackage}.processors`;
  const clients = `${pkg}.clients`;
  return [
    { path: `${ROOT}/pom.xml`, kind: 'text', render: () => flinkPom(plan) },
    {
      path: `${ROOT}/config.yaml`,
      kind: 'yaml',
      header: flinkConfigHeader(plan),
      data: () => flinkConfig(plan),
    },
    ...javaSharedSources(plan, ROOT, clients),
    {
      path: javaSourcePath(ROOT, pkg, jobClass(aggregate)),
      kind: 'text',
      render: () => flinkJob(plan),
    },
  ];
}

function flinkPom(plan: StreamPlan): string {
  const v = FLINK_VERSIONS;
  const provided = (artifactId: string): Dependency => ({
    groupId: 'org.apache.flink',
    artifactId,
    version: v.flink,
    scope: 'provided',
  });
  const connector: Dependency = {
    kafka: {
      groupId: 'org.apache.flink',
      artifactId: 'flink-connector-kafka',
      version: v.kafkaConnector,
    },
    redpanda: {
      groupId: 'org.apache.flink',
      artifactId: 'flink-connector-kafka',
      version: v.kafkaConnector,
    },
    kinesis: {
      groupId: 'org.apache.flink',
      artifactId: 'flink-connector-kinesis',
      version: v.kinesisConnector,
    },
    pubsub: {
      groupId: 'org.apache.flink',
      artifactId: 'flink-connector-gcp-pubsub',
      version: v.pubsubConnector,
    },
    pulsar: {
      groupId: 'org.apache.flink',
      artifactId: 'flink-connector-pulsar',
      version: v.pulsarConnector,
    },
  }[plan.streaming.broker];
  const clientDependencies = brokerDependencies(plan).filter(
    // The connectors bring their own broker clients; the codec keeps the schema libraries.
    (dependency) =>
      !['kafka-clients', 'kinesis', 'google-cloud-pubsub', 'pulsar-client'].includes(
        dependency.artifactId,
      ),
  );
  return renderPom({
    plan,
    artifactId: 'stream-processor-flink',
    name: `${plan.model.title} Flink job`,
    description: `Windowed aggregation of ${plan.aggregate?.fact.entity.name ?? ''} on Flink ${v.flink}: \`mvn -f ${ROOT}/pom.xml package\` builds target/stream-processor.jar.`,
    dependencies: [
      provided('flink-streaming-java'),
      provided('flink-clients'),
      connector,
      ...clientDependencies,
    ],
    protoSourceRoot: plan.streaming.serialization === 'protobuf' ? '../../schemas' : null,
    finalName: 'stream-processor',
    mainClass: `${plan.javaPackage}.processors.${plan.aggregate ? jobClass(plan.aggregate) : 'Job'}`,
    providedNote: 'The Flink runtime provides its own classes and logging.',
    resources: { directory: '../../schemas', targetPath: 'schemas' },
  });
}

function flinkConfigHeader(plan: StreamPlan): string[] {
  return [
    `Flink configuration of the ${plan.aggregate?.jobName ?? ''} job (Flink ${FLINK_VERSIONS.flink}, config.yaml format).`,
    "Mounted into the local jobmanager/taskmanager; on a real cluster merge it into the job's configuration.",
    'Checkpoints go to object storage in production (s3://, gs://); the local stack keeps them on a volume.',
  ];
}

function flinkConfig(plan: StreamPlan): Record<string, unknown> {
  return {
    'jobmanager.rpc.address': 'flink-jobmanager',
    'taskmanager.numberOfTaskSlots': Math.min(plan.streaming.partitions, 4),
    'parallelism.default': 1,
    'state.backend.type': 'rocksdb',
    'state.backend.incremental': true,
    'execution.checkpointing.dir': 'file:///opt/flink/checkpoints',
    'execution.checkpointing.savepoint-dir': 'file:///opt/flink/savepoints',
    'execution.checkpointing.interval': '30 s',
    'execution.checkpointing.mode': 'EXACTLY_ONCE',
    'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
    'restart-strategy.type': 'exponential-delay',
  };
}

function flinkJob(plan: StreamPlan): string {
  const aggregate = plan.aggregate;
  if (!aggregate) return '';
  const pkg = `${plan.javaPackage}.processors`;
  const className = jobClass(aggregate);
  const fact = clientEntityOf(plan, aggregate.fact);
  const groupBy = aggregate.groupBy;
  const measure = aggregate.measure;
  const broker = plan.streaming.broker;
  const isKafkaApi = plan.isKafkaApi;
  const imports = new Set<string>([
    `${pkg}.clients.Catalog`,
    `${pkg}.clients.Codec`,
    `${pkg}.clients.DecodeException`,
    `${pkg}.clients.Values`,
    'java.io.IOException',
    'java.time.Duration',
    'java.time.Instant',
    'java.util.Map',
    'org.apache.flink.api.common.eventtime.WatermarkStrategy',
    'org.apache.flink.api.common.functions.AggregateFunction',
    'org.apache.flink.api.common.serialization.DeserializationSchema',
    'org.apache.flink.api.common.serialization.SimpleStringSchema',
    'org.apache.flink.api.common.typeinfo.TypeInformation',
    'org.apache.flink.streaming.api.CheckpointingMode',
    'org.apache.flink.streaming.api.datastream.DataStream',
    'org.apache.flink.streaming.api.environment.StreamExecutionEnvironment',
    'org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction',
    'org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows',
    'org.apache.flink.streaming.api.windowing.windows.TimeWindow',
    'org.apache.flink.util.Collector',
    'org.slf4j.Logger',
    'org.slf4j.LoggerFactory',
  ]);
  let source: string[];
  let sink: string[];
  switch (broker) {
    case 'kafka':
    case 'redpanda':
      [
        'java.util.Properties',
        'org.apache.flink.connector.base.DeliveryGuarantee',
        'org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema',
        'org.apache.flink.connector.kafka.sink.KafkaSink',
        'org.apache.flink.connector.kafka.source.KafkaSource',
        'org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer',
        'org.apache.kafka.clients.consumer.OffsetResetStrategy',
      ].forEach((item) => imports.add(item));
      source = [
        '    KafkaSource<Event> source =',
        '        KafkaSource.<Event>builder()',
        '            .setBootstrapServers(require("KAFKA_BOOTSTRAP_SERVERS"))',
        '            .setProperties(security())',
        `            .setTopics(${cString(fact.topic)})`,
        `            .setGroupId(${cString(aggregate.group)})`,
        '            // Resume from the committed offsets (checkpointed), or from the start for a new group.',
        '            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))',
        '            .setProperty("isolation.level", "read_committed")',
        '            .setValueOnlyDeserializer(new EventDeserializer())',
        '            .build();',
        `    DataStream<Event> events = env.fromSource(source, watermarks(), ${cString(fact.topic)});`,
      ];
      sink = [
        '    KafkaSink<String> sink =',
        '        KafkaSink.<String>builder()',
        '            .setBootstrapServers(require("KAFKA_BOOTSTRAP_SERVERS"))',
        '            .setKafkaProducerConfig(security())',
        '            .setRecordSerializer(',
        '                KafkaRecordSerializationSchema.builder()',
        `                    .setTopic(${cString(aggregate.topic)})`,
        '                    .setValueSerializationSchema(new SimpleStringSchema())',
        '                    .build())',
        '            // Results commit with the checkpoint: a restart never duplicates a window.',
        '            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)',
        `            .setTransactionalIdPrefix(${cString(aggregate.group)})`,
        '            .build();',
        '    results.sinkTo(sink);',
      ];
      break;
    case 'kinesis':
      [
        'java.util.Properties',
        'org.apache.flink.connector.kinesis.sink.KinesisStreamsSink',
        'org.apache.flink.streaming.connectors.kinesis.FlinkKinesisConsumer',
        'org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants',
        'org.apache.flink.connector.aws.config.AWSConfigConstants',
        'java.util.UUID',
      ].forEach((item) => imports.add(item));
      source = [
        '    Properties consumer = new Properties();',
        '    consumer.setProperty(AWSConfigConstants.AWS_REGION, require("AWS_REGION"));',
        '    optional("KINESIS_ENDPOINT_URL").ifPresent(endpoint -> consumer.setProperty(AWSConfigConstants.AWS_ENDPOINT, endpoint));',
        '    consumer.setProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION, "TRIM_HORIZON");',
        '    // Shard positions are part of the checkpoint: a restart resumes exactly there.',
        `    DataStream<Event> events = env.addSource(new FlinkKinesisConsumer<>(${cString(fact.topic)}, new EventDeserializer(), consumer)).assignTimestampsAndWatermarks(watermarks());`,
      ];
      sink = [
        '    Properties client = new Properties();',
        '    client.setProperty(AWSConfigConstants.AWS_REGION, require("AWS_REGION"));',
        '    optional("KINESIS_ENDPOINT_URL").ifPresent(endpoint -> client.setProperty(AWSConfigConstants.AWS_ENDPOINT, endpoint));',
        '    KinesisStreamsSink<String> sink =',
        '        KinesisStreamsSink.<String>builder()',
        '            .setKinesisClientProperties(client)',
        `            .setStreamName(${cString(aggregate.topic)})`,
        '            .setSerializationSchema(new SimpleStringSchema())',
        '            .setPartitionKeyGenerator(result -> UUID.nameUUIDFromBytes(result.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString())',
        '            .build();',
        '    results.sinkTo(sink);',
      ];
      break;
    case 'pubsub':
      [
        'org.apache.flink.streaming.connectors.gcp.pubsub.PubSubSink',
        'org.apache.flink.streaming.connectors.gcp.pubsub.PubSubSource',
      ].forEach((item) => imports.add(item));
      source = [
        '    // Messages are acknowledged when a checkpoint completes: nothing is lost on a restart.',
        '    PubSubSource<Event> source =',
        '        PubSubSource.newBuilder()',
        '            .withDeserializationSchema(new EventDeserializer())',
        '            .withProjectName(require("GCP_PROJECT_ID"))',
        `            .withSubscriptionName(${cString(processorSubscription(plan))})`,
        '            .build();',
        '    DataStream<Event> events = env.addSource(source).assignTimestampsAndWatermarks(watermarks());',
      ];
      sink = [
        '    results.addSink(',
        '        PubSubSink.newBuilder()',
        '            .withSerializationSchema(new SimpleStringSchema())',
        '            .withProjectName(require("GCP_PROJECT_ID"))',
        `            .withTopicName(${cString(aggregate.topic)})`,
        '            .build());',
      ];
      break;
    case 'pulsar':
      [
        'org.apache.flink.connector.base.DeliveryGuarantee',
        'org.apache.flink.connector.pulsar.sink.PulsarSink',
        'org.apache.flink.connector.pulsar.source.PulsarSource',
        'org.apache.flink.connector.pulsar.source.enumerator.cursor.StartCursor',
        'org.apache.flink.connector.pulsar.source.reader.deserializer.PulsarDeserializationSchema',
        'org.apache.flink.connector.pulsar.sink.writer.serializer.PulsarSerializationSchema',
        'org.apache.pulsar.client.api.SubscriptionType',
      ].forEach((item) => imports.add(item));
      source = [
        '    PulsarSource<Event> source =',
        '        PulsarSource.builder()',
        '            .setServiceUrl(require("PULSAR_SERVICE_URL"))',
        '            .setAdminUrl(require("PULSAR_ADMIN_URL"))',
        `            .setTopics(${cString(fact.topic)})`,
        `            .setSubscriptionName(${cString(aggregate.group)})`,
        '            .setSubscriptionType(SubscriptionType.Exclusive)',
        '            .setStartCursor(StartCursor.earliest())',
        '            .setDeserializationSchema(PulsarDeserializationSchema.flinkSchema(new EventDeserializer()))',
        '            .build();',
        `    DataStream<Event> events = env.fromSource(source, watermarks(), ${cString(fact.topic)});`,
      ];
      sink = [
        '    PulsarSink<String> sink =',
        '        PulsarSink.builder()',
        '            .setServiceUrl(require("PULSAR_SERVICE_URL"))',
        '            .setAdminUrl(require("PULSAR_ADMIN_URL"))',
        `            .setTopics(${cString(aggregate.topic)})`,
        '            .setSerializationSchema(PulsarSerializationSchema.flinkSchema(new SimpleStringSchema()))',
        '            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)',
        '            .build();',
        '    results.sinkTo(sink);',
      ];
      break;
  }
  if (plan.isKafkaApi) imports.add('java.util.Properties');
  const codecConstruction = isKafkaApi
    ? 'new Codec(require("SCHEMA_REGISTRY_URL"))'
    : 'new Codec()';
  const groupExpression = groupBy ? `String.valueOf(row.get(${cString(groupBy.name)}))` : '"all"';
  const measureExpression = measure
    ? `row.get(${cString(measure.name)}) == null ? 0.0 : Double.parseDouble(String.valueOf(row.get(${cString(measure.name)})))`
    : '0.0';
  return lines(
    `package ${pkg};`,
    '',
    [...imports].sort().map((item) => `import ${item};`),
    '',
    '/**',
    ` * ${aggregate.jobName}: ${aggregate.fact.entity.name} per one-minute event-time window${groupBy ? `, per ${groupBy.name}` : ''}, from ${brokerTitle(broker)} to`,
    ` * ${aggregate.topic} (JSON). Event time is the event's ${aggregate.fact.entity.eventTime.name}; the watermark trails it by`,
    ' * 30 seconds of out-of-orderness, and idle partitions stop holding it back after a minute.',
    ' * Checkpoints every 30 s (exactly-once state); see config.yaml for the checkpoint storage.',
    ' */',
    `public final class ${className} {`,
    `  private static final Logger LOG = LoggerFactory.getLogger(${className}.class);`,
    `  private static final Catalog.Entity FACT = Catalog.BY_NAME.get(${cString(aggregate.fact.entity.name)});`,
    '',
    `  private ${className}() {}`,
    '',
    '  /** What the window needs of an event: its group, its measure and its event time. */',
    '  public record Event(String group, double measure, long eventTimeMillis) {}',
    '',
    '  /** Count and sum of one window. */',
    '  public record Totals(long count, double sum) {}',
    '',
    '  static String require(String name) {',
    '    String value = System.getenv(name);',
    '    if (value == null || value.isBlank()) {',
    '      throw new IllegalStateException(name + " is not set (see .env.example)");',
    '    }',
    '    return value.trim();',
    '  }',
    '',
    '  static java.util.Optional<String> optional(String name) {',
    '    String value = System.getenv(name);',
    '    return value == null || value.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(value.trim());',
    '  }',
    isKafkaApi && [
      '',
      '  /** SASL settings from the environment in production; nothing extra on the local PLAINTEXT listener. */',
      '  static Properties security() {',
      '    Properties properties = new Properties();',
      '    String protocol = optional("KAFKA_SECURITY_PROTOCOL").orElse("PLAINTEXT");',
      '    properties.setProperty("security.protocol", protocol);',
      '    if (protocol.startsWith("SASL")) {',
      '      properties.setProperty("sasl.mechanism", "SCRAM-SHA-512");',
      '      properties.setProperty("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\\"" + require("KAFKA_SASL_USERNAME") + "\\" password=\\"" + require("KAFKA_SASL_PASSWORD") + "\\";");',
      '    }',
      '    return properties;',
      '  }',
    ],
    '',
    dedent`
      /** Decodes with the clients' codec; a poison record is logged and skipped (the loader dead-letters it). */
      static final class EventDeserializer implements DeserializationSchema<Event> {
        private static final long serialVersionUID = 1L;
        private transient Codec codec;

        @Override
        public void open(InitializationContext context) throws Exception {
          codec = ${codecConstruction};
        }

        @Override
        public Event deserialize(byte[] payload) throws IOException {
          throw new UnsupportedOperationException("use deserialize(byte[], Collector)");
        }

        @Override
        public void deserialize(byte[] payload, Collector<Event> out) throws IOException {
          if (payload == null) {
            return;
          }
          try {
            Map<String, Object> row = codec.decode(FACT, payload);
            long eventTime = Instant.parse(String.valueOf(row.get(FACT.eventTime()))).toEpochMilli();
            out.collect(new Event(${groupExpression}, ${measureExpression}, eventTime));
          } catch (DecodeException error) {
            LOG.warn("skipping a record that does not match the schema: {}", error.getMessage());
          }
        }

        @Override
        public boolean isEndOfStream(Event next) {
          return false;
        }

        @Override
        public TypeInformation<Event> getProducedType() {
          return TypeInformation.of(Event.class);
        }
      }

      static final class CountAndSum implements AggregateFunction<Event, Totals, Totals> {
        private static final long serialVersionUID = 1L;

        @Override
        public Totals createAccumulator() {
          return new Totals(0, 0.0);
        }

        @Override
        public Totals add(Event event, Totals totals) {
          return new Totals(totals.count() + 1, totals.sum() + event.measure());
        }

        @Override
        public Totals getResult(Totals totals) {
          return totals;
        }

        @Override
        public Totals merge(Totals left, Totals right) {
          return new Totals(left.count() + right.count(), left.sum() + right.sum());
        }
      }

      /** One JSON result per window and group. */
      static final class ToJson extends ProcessWindowFunction<Totals, String, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(String group, Context context, Iterable<Totals> totals, Collector<String> out) {
          for (Totals total : totals) {
            StringBuilder json = new StringBuilder("{");
            json.append("\\"window_start\\":\\"").append(Instant.ofEpochMilli(context.window().getStart())).append("\\",");
            json.append("\\"window_end\\":\\"").append(Instant.ofEpochMilli(context.window().getEnd())).append("\\",");
    `,
    groupBy
      ? `        json.append("\\"${groupBy.name}\\":\\"").append(group.replace("\\"", "\\\\\\"")).append("\\",");`
      : '        // No closed-value column to group by: one row per window.',
    measure
      ? `        json.append("\\"total_${measure.name}\\":").append(String.format(java.util.Locale.ROOT, "%.2f", total.sum())).append(",");`
      : [],
    dedent`
              json.append("\\"event_count\\":").append(total.count()).append("}");
              out.collect(json.toString());
            }
          }
        }

        static WatermarkStrategy<Event> watermarks() {
          return WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofSeconds(30))
              .withTimestampAssigner((event, previous) -> event.eventTimeMillis())
              .withIdleness(Duration.ofMinutes(1));
        }

        public static void main(String[] args) throws Exception {
          StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
          // A consistent snapshot of offsets and window state every 30 s: exactly-once state.
          env.enableCheckpointing(30_000, CheckpointingMode.EXACTLY_ONCE);
          env.getCheckpointConfig().setMinPauseBetweenCheckpoints(10_000);
          env.getCheckpointConfig().setCheckpointTimeout(120_000);
          env.getCheckpointConfig().setTolerableCheckpointFailureNumber(3);
    `
      .split('\n')
      .map((line) => (line ? `  ${line}` : line)),
    source,
    '    DataStream<String> results =',
    '        events',
    '            .keyBy(Event::group)',
    `            .window(TumblingEventTimeWindows.of(Duration.ofMinutes(${aggregate.windowMinutes})))`,
    '            .aggregate(new CountAndSum(), new ToJson())',
    `            .name(${cString(aggregate.jobName)});`,
    sink,
    `    env.execute(${cString(`${plan.model.name} ${aggregate.jobName}`)});`,
    '  }',
    '}',
  );
}
