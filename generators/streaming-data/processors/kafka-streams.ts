import { cString, dedent, lines } from '../../shared/text.js';
import type { FileSpec } from '../../types.js';
import { brokerDependencies, JAVA_VERSIONS, renderPom } from '../clients/java/build.js';
import { javaSharedSources, javaSourcePath } from '../clients/java/index.js';
import { clientEntityOf } from '../clients/shared.js';
import type { StreamPlan } from '../plan.js';
import { jobClass } from './aggregate.js';

const ROOT = 'streaming/processors/kafka-streams';
export const KAFKA_STREAMS_VERSION = '4.0.0';

/**
 * The Kafka Streams application: windowed counts of the fact per minute, exactly-once (v2), final
 * results only (suppressed until the window closes), state in a RocksDB store under state.dir.
 */
export function kafkaStreamsFiles(plan: StreamPlan): FileSpec[] {
  const aggregate = plan.aggregate;
  if (!aggregate) return [];
  const pkg = `${plan.javaPackage}.processors`;
  return [
    {
      path: `${ROOT}/pom.xml`,
      kind: 'text',
      render: () =>
        renderPom({
          plan,
          artifactId: 'stream-processor-kafka-streams',
          name: `${plan.model.title} Kafka Streams application`,
          description: `Windowed aggregation of ${aggregate.fact.entity.name} with Kafka Streams ${KAFKA_STREAMS_VERSION}: \`mvn -f ${ROOT}/pom.xml package\` builds target/stream-processor.jar.`,
          dependencies: [
            {
              groupId: 'org.apache.kafka',
              artifactId: 'kafka-streams',
              version: KAFKA_STREAMS_VERSION,
            },
            ...brokerDependencies(plan),
          ],
          protoSourceRoot: plan.streaming.serialization === 'protobuf' ? '../../schemas' : null,
          finalName: 'stream-processor',
          mainClass: `${pkg}.${jobClass(aggregate)}`,
          resources: { directory: '../../schemas', targetPath: 'schemas' },
        }),
    },
    { path: `${ROOT}/Dockerfile`, kind: 'text', render: () => dockerfile(plan) },
    ...javaSharedSources(plan, ROOT, `${pkg}.clients`),
    {
      path: javaSourcePath(ROOT, pkg, jobClass(aggregate)),
      kind: 'text',
      render: () => application(plan),
    },
  ];
}

function dockerfile(plan: StreamPlan): string {
  return lines(
    `# The ${plan.aggregate?.jobName ?? ''} Kafka Streams application (docker compose service stream-processor).`,
    `FROM maven:${JAVA_VERSIONS.maven} AS build`,
    'WORKDIR /build',
    'COPY processors/kafka-streams/pom.xml ./processors/kafka-streams/pom.xml',
    'RUN mvn -q -B -f processors/kafka-streams/pom.xml dependency:go-offline',
    'COPY schemas ./schemas',
    'COPY processors/kafka-streams/src ./processors/kafka-streams/src',
    'RUN mvn -q -B -f processors/kafka-streams/pom.xml package',
    '',
    `FROM eclipse-temurin:${JAVA_VERSIONS.jre}`,
    'WORKDIR /app',
    'COPY --from=build /build/processors/kafka-streams/target/stream-processor.jar /app/stream-processor.jar',
    '# state.dir: the RocksDB stores; a volume keeps restores short after a restart.',
    'RUN useradd --system --uid 10001 --no-create-home streams && mkdir -p /var/lib/kafka-streams && chown 10001 /var/lib/kafka-streams',
    'USER 10001',
    'CMD ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/stream-processor.jar"]',
  );
}

function application(plan: StreamPlan): string {
  const aggregate = plan.aggregate;
  if (!aggregate) return '';
  const pkg = `${plan.javaPackage}.processors`;
  const className = jobClass(aggregate);
  const fact = clientEntityOf(plan, aggregate.fact);
  const groupBy = aggregate.groupBy;
  const measure = aggregate.measure;
  const groupExpression = groupBy ? `String.valueOf(row.get(${cString(groupBy.name)}))` : '"all"';
  const measureExpression = measure
    ? `row.get(${cString(measure.name)}) == null ? 0.0 : Double.parseDouble(String.valueOf(row.get(${cString(measure.name)})))`
    : '0.0';
  return lines(
    `package ${pkg};`,
    '',
    `import ${pkg}.clients.Catalog;`,
    `import ${pkg}.clients.Codec;`,
    `import ${pkg}.clients.DecodeException;`,
    'import java.time.Duration;',
    'import java.time.Instant;',
    'import java.util.List;',
    'import java.util.Locale;',
    'import java.util.Map;',
    'import java.util.Properties;',
    'import java.util.concurrent.CountDownLatch;',
    'import java.util.logging.Logger;',
    'import org.apache.kafka.common.serialization.Serdes;',
    'import org.apache.kafka.streams.KafkaStreams;',
    'import org.apache.kafka.streams.KeyValue;',
    'import org.apache.kafka.streams.StreamsBuilder;',
    'import org.apache.kafka.streams.StreamsConfig;',
    'import org.apache.kafka.streams.kstream.Consumed;',
    'import org.apache.kafka.streams.kstream.Grouped;',
    'import org.apache.kafka.streams.kstream.Materialized;',
    'import org.apache.kafka.streams.kstream.Produced;',
    'import org.apache.kafka.streams.kstream.Suppressed;',
    'import org.apache.kafka.streams.kstream.TimeWindows;',
    '',
    '/**',
    ` * ${aggregate.jobName}: ${aggregate.fact.entity.name} per one-minute tumbling window${groupBy ? `, per ${groupBy.name}` : ''}, from`,
    ` * ${fact.topic} to ${aggregate.topic} (JSON). Windows use the record timestamp, which the producers set to`,
    ` * the event's ${aggregate.fact.entity.eventTime.name}; late events are accepted for 30 seconds (grace), then the`,
    ' * final result of each window is emitted once (suppress). processing.guarantee=exactly_once_v2: the',
    ' * offsets, the state changelog and the output commit in one transaction.',
    ' */',
    `public final class ${className} {`,
    `  private static final Logger LOG = Logger.getLogger(${className}.class.getName());`,
    `  private static final Catalog.Entity FACT = Catalog.BY_NAME.get(${cString(aggregate.fact.entity.name)});`,
    '',
    `  private ${className}() {}`,
    '',
    '  static String require(String name) {',
    '    String value = System.getenv(name);',
    '    if (value == null || value.isBlank()) {',
    '      throw new IllegalStateException(name + " is not set (see .env.example)");',
    '    }',
    '    return value.trim();',
    '  }',
    '',
    dedent`
      static Properties config() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, ${cString(aggregate.group)});
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, require("KAFKA_BOOTSTRAP_SERVERS"));
        String protocol = System.getenv().getOrDefault("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
        config.put("security.protocol", protocol);
        if (protocol.startsWith("SASL")) {
          config.put("sasl.mechanism", "SCRAM-SHA-512");
          config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\\"" + require("KAFKA_SASL_USERNAME") + "\\" password=\\"" + require("KAFKA_SASL_PASSWORD") + "\\";");
        }
        // Offsets, state changelog and output commit atomically: every window is counted exactly once.
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // The RocksDB window stores live here; keep it on a volume so restarts restore quickly.
        config.put(StreamsConfig.STATE_DIR_CONFIG, "/var/lib/kafka-streams");
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        // Internal topics (repartition, changelog) replicated like the others.
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        return config;
      }

      /** "count,sum": the window state, small enough for a string serde. */
      static String add(String totals, double measure) {
        String[] parts = totals.split(",", 2);
        long count = Long.parseLong(parts[0]) + 1;
        double sum = Double.parseDouble(parts[1]) + measure;
        return count + "," + sum;
      }

      public static void main(String[] args) throws Exception {
        Codec codec = new Codec(require("SCHEMA_REGISTRY_URL"));
        StreamsBuilder builder = new StreamsBuilder();
        builder
            .stream(FACT.topic(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .flatMap((key, payload) -> {
              if (payload == null) {
                return List.<KeyValue<String, String>>of();
              }
              try {
                Map<String, Object> row = codec.decode(FACT, payload);
                return List.of(KeyValue.pair(${groupExpression}, String.valueOf(${measureExpression})));
              } catch (DecodeException error) {
                // The raw loader dead-letters this record; the aggregate skips it.
                LOG.warning("skipping a record that does not match the schema: " + error.getMessage());
                return List.<KeyValue<String, String>>of();
              }
            })
            .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
            .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(${aggregate.windowMinutes}), Duration.ofSeconds(30)))
            .aggregate(() -> "0,0.0", (group, measure, totals) -> add(totals, Double.parseDouble(measure)), Materialized.with(Serdes.String(), Serdes.String()))
            // One final result per window instead of an update per event.
            .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
            .toStream()
            .map((window, totals) -> {
              String[] parts = totals.split(",", 2);
              StringBuilder json = new StringBuilder("{");
              json.append("\\"window_start\\":\\"").append(Instant.ofEpochMilli(window.window().start())).append("\\",");
              json.append("\\"window_end\\":\\"").append(Instant.ofEpochMilli(window.window().end())).append("\\",");
    `
      .split('\n')
      .map((line) => (line ? `  ${line}` : line)),
    groupBy
      ? `              json.append("\\"${groupBy.name}\\":\\"").append(window.key().replace("\\"", "\\\\\\"")).append("\\",");`
      : '              // No closed-value column to group by: one row per window.',
    measure
      ? `              json.append("\\"total_${measure.name}\\":").append(String.format(Locale.ROOT, "%.2f", Double.parseDouble(parts[1]))).append(",");`
      : [],
    dedent`
                    json.append("\\"event_count\\":").append(parts[0]).append("}");
                    return KeyValue.pair(window.key(), json.toString());
                  })
                  .to(${cString(aggregate.topic)}, Produced.with(Serdes.String(), Serdes.String()));
              KafkaStreams streams = new KafkaStreams(builder.build(), config());
              CountDownLatch stopped = new CountDownLatch(1);
              // Close cleanly on SIGTERM: the last transaction commits and the state is checkpointed.
              Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                streams.close(Duration.ofSeconds(30));
                stopped.countDown();
              }));
              streams.start();
              stopped.await();
            }
          }
    `
      .split('\n')
      .map((line) => line.replace(/^ {4}/, '')),
  );
}
