import { cString, dedent, lines } from '../../../shared/text.js';
import { loaderMetadataParameters, loaderStatements } from '../../loader-sql.js';
import type { StreamPlan } from '../../plan.js';
import { chunks, clientEntities, LOADER } from '../shared.js';

/**
 * Java sources shared by the clients, the Flink job and the Kafka Streams job: the catalog, the
 * canonical values, the codec and the settings. Each project gets its own copy in its own package.
 */

export function javaString(value: string, indent: number): string {
  const parts = chunks(value, 80);
  if (parts.length === 1) return cString(value);
  return parts
    .map((part, index) => `${index === 0 ? '' : `${' '.repeat(indent)}+ `}${cString(part)}`)
    .join('\n');
}

/** Java class name of an entity's generated Protobuf message. */
export function javaProtoClass(plan: StreamPlan, record: string): string {
  return `${plan.javaPackage}.events.${record}`;
}

export function javaCatalog(plan: StreamPlan, pkg: string): string {
  const entities = clientEntities(plan);
  const metadata = loaderMetadataParameters(plan);
  return lines(
    `package ${pkg};`,
    '',
    'import java.io.IOException;',
    'import java.io.InputStream;',
    'import java.nio.charset.StandardCharsets;',
    'import java.nio.file.Files;',
    'import java.nio.file.NoSuchFileException;',
    'import java.nio.file.Path;',
    'import java.util.List;',
    'import java.util.Map;',
    'import java.util.function.Function;',
    'import java.util.stream.Collectors;',
    '',
    '/**',
    ` * Entities, topics and loader statements of ${plan.model.title}, generated from the project model`,
    ' * with the schemas next to it: producers, the raw loader and the schema files read their names from',
    ' * here, so they cannot drift apart. Regenerate rather than edit.',
    ' */',
    'public final class Catalog {',
    `  public static final String CONSUMER_GROUP = ${cString(plan.consumerGroup)};`,
    "  /** Metadata parameters the loader binds after the entity's columns, in order. */",
    `  public static final List<String> METADATA_PARAMETERS = List.of(${metadata.map((name) => cString(name)).join(', ')});`,
    '',
    '  public record Field(String name, String type, boolean nullable) {}',
    '',
    '  /**',
    '   * An entity and its topic. source: "producer" (published by the producers) or "cdc" (captured by',
    '   * Debezium). wireFormat: avro, protobuf, json-schema, or json (Debezium Server without a registry).',
    '   */',
    '  public record Entity(',
    '      String name,',
    '      String record,',
    '      String topic,',
    '      String deadLetterTopic,',
    '      String subscription,',
    '      String key,',
    '      String eventTime,',
    '      boolean changelog,',
    '      String source,',
    '      String wireFormat,',
    '      String schemaFile,',
    '      List<Field> fields,',
    '      String createTable,',
    '      String upsert,',
    '      String tombstone) {',
    '',
    '    public Path schemaPath() {',
    '      return Path.of("schemas", schemaFile);',
    '    }',
    '',
    '    public Path samplePath() {',
    '      return Path.of("samples", name + ".jsonl");',
    '    }',
    '  }',
    '',
    '  public static final List<Entity> ENTITIES =',
    '      List.of(',
    entities
      .map((client) => {
        const statements = loaderStatements(plan, client.item);
        const entity = client.item.entity;
        return lines(
          '          new Entity(',
          `              ${cString(entity.name)},`,
          `              ${cString(client.item.record)},`,
          `              ${cString(client.topic)},`,
          `              ${cString(client.deadLetterTopic)},`,
          `              ${cString(client.subscription)},`,
          `              ${cString(entity.key.name)},`,
          `              ${cString(entity.eventTime.name)},`,
          `              ${client.item.topic.isCompacted ? 'true' : 'false'},`,
          `              ${cString(client.item.source)},`,
          `              ${cString(client.wireFormat)},`,
          `              ${cString(client.item.schemaFile)},`,
          '              List.of(',
          entity.columns.map(
            (column, index) =>
              `                  new Field(${cString(column.name)}, ${cString(column.type)}, ${column.isNullable ? 'true' : 'false'})${index === entity.columns.length - 1 ? '),' : ','}`,
          ),
          `              ${javaString(statements.createTable, 16)},`,
          `              ${javaString(statements.upsert, 16)},`,
          `              ${statements.tombstone ? javaString(statements.tombstone, 16) : 'null'})`,
        ).trimEnd();
      })
      .join(',\n'),
    '      );',
    '',
    '  public static final Map<String, Entity> BY_TOPIC =',
    '      ENTITIES.stream().collect(Collectors.toUnmodifiableMap(Entity::topic, Function.identity()));',
    '  public static final Map<String, Entity> BY_NAME =',
    '      ENTITIES.stream().collect(Collectors.toUnmodifiableMap(Entity::name, Function.identity()));',
    '',
    '  private Catalog() {}',
    '',
    '  /** The schema file of an entity: schemas/ in the working directory, or /schemas on the classpath (jobs). */',
    '  public static String schemaText(Entity entity) throws IOException {',
    '    Path file = entity.schemaPath();',
    '    if (Files.exists(file)) {',
    '      return Files.readString(file);',
    '    }',
    '    try (InputStream resource = Catalog.class.getResourceAsStream("/schemas/" + entity.schemaFile())) {',
    '      if (resource == null) {',
    '        throw new NoSuchFileException(file.toString());',
    '      }',
    '      return new String(resource.readAllBytes(), StandardCharsets.UTF_8);',
    '    }',
    '  }',
    '}',
  );
}

export function javaValues(pkg: string): string {
  return dedent`
    package ${pkg};

    import java.math.BigDecimal;
    import java.math.RoundingMode;
    import java.nio.ByteBuffer;
    import java.time.Instant;
    import java.time.LocalDate;
    import java.time.OffsetDateTime;
    import java.time.temporal.ChronoUnit;
    import java.util.LinkedHashMap;
    import java.util.Map;

    /**
     * The canonical form of event values, shared by the codecs and the loader: strings for text, longs
     * and doubles for numbers, decimals as strings (exact), timestamps as RFC 3339 UTC strings, dates
     * as ISO dates, null when missing. It is the JSON Schema wire format, the Protobuf JSON mapping,
     * and what the DuckDB statements cast from.
     */
    public final class Values {
      private Values() {}

      /** Any decoded representation (Instant, epoch micros, BigDecimal, Utf8…) to the canonical one. */
      public static Object toCanonical(String kind, Object value) {
        if (value == null) {
          return null;
        }
        return switch (kind) {
          case "timestamp" -> timestamp(value);
          case "date" -> date(value);
          case "decimal" -> decimal(value);
          case "integer", "bigint" -> value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
          case "double" -> value instanceof Number number ? number.doubleValue() : Double.parseDouble(value.toString());
          case "boolean" -> value instanceof Boolean flag ? flag : Boolean.parseBoolean(value.toString());
          default -> value.toString();
        };
      }

      public static Map<String, Object> canonicalRow(Catalog.Entity entity, Map<String, ?> data) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Catalog.Field field : entity.fields()) {
          row.put(field.name(), toCanonical(field.type(), data.get(field.name())));
        }
        return row;
      }

      private static String timestamp(Object value) {
        if (value instanceof Instant instant) {
          return timestampText(instant);
        }
        if (value instanceof Long micros) {
          return timestampText(Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
        }
        return timestampText(OffsetDateTime.parse(value.toString()).toInstant());
      }

      /**
       * RFC 3339 UTC with the fraction only as long as needed (…:12Z, …:12.5Z, …:12.000123Z): the
       * form every client language writes (Instant.toString pads to 3 or 6 digits).
       */
      static String timestampText(Instant instant) {
        String seconds = instant.truncatedTo(ChronoUnit.SECONDS).toString();
        int micros = instant.getNano() / 1000;
        if (micros == 0) {
          return seconds;
        }
        String fraction = String.valueOf(1_000_000 + micros).substring(1).replaceAll("0+$", "");
        return seconds.substring(0, seconds.length() - 1) + "." + fraction + "Z";
      }

      private static String date(Object value) {
        if (value instanceof LocalDate date) {
          return date.toString();
        }
        if (value instanceof Integer days) {
          return LocalDate.ofEpochDay(days).toString();
        }
        return LocalDate.parse(value.toString()).toString();
      }

      private static String decimal(Object value) {
        if (value instanceof BigDecimal decimal) {
          return decimal.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
        }
        if (value instanceof ByteBuffer) {
          throw new IllegalArgumentException("decimal bytes without their logical type");
        }
        return new BigDecimal(value.toString()).setScale(2, RoundingMode.UNNECESSARY).toPlainString();
      }

      /** The canonical value as the Avro logical-type conversions expect it. */
      public static Object toAvro(String kind, Object value) {
        if (value == null) {
          return null;
        }
        return switch (kind) {
          case "timestamp" -> Instant.parse(value.toString());
          case "date" -> LocalDate.parse(value.toString());
          case "decimal" -> new BigDecimal(value.toString()).setScale(2, RoundingMode.UNNECESSARY);
          case "integer" -> ((Number) value).intValue();
          case "bigint" -> ((Number) value).longValue();
          case "double" -> ((Number) value).doubleValue();
          default -> value;
        };
      }

      /** Epoch milliseconds of a canonical timestamp: the broker record timestamp of an event. */
      public static long eventTimeMillis(Object value) {
        return Instant.parse(value.toString()).toEpochMilli();
      }
    }
  `;
}

export function javaSettings(plan: StreamPlan, pkg: string): string {
  const broker = plan.streaming.broker;
  return lines(
    `package ${pkg};`,
    '',
    plan.isKafkaApi && [
      'import java.io.IOException;',
      'import java.io.Reader;',
      'import java.nio.file.Files;',
    ],
    'import java.nio.file.Path;',
    'import java.util.Optional;',
    plan.isKafkaApi && 'import java.util.Properties;',
    '',
    '/**',
    ' * Connection settings from the environment (see .env.example). Nothing has a default that could',
    ' * hide a missing variable: a client that cannot connect stops at start-up with the name of what is',
    ' * missing.',
    ' */',
    'public final class Settings {',
    '  /** Touched on every loop of the loader; probes treat a stale file as a stuck process. */',
    `  public static final Path HEARTBEAT_FILE = Path.of(${cString(LOADER.heartbeatFile)});`,
    '',
    '  private Settings() {}',
    '',
    '  public static String require(String name) {',
    '    String value = System.getenv(name);',
    '    if (value == null || value.isBlank()) {',
    '      throw new IllegalStateException(name + " is not set: run `make env` and fill in .env (see .env.example)");',
    '    }',
    '    return value.trim();',
    '  }',
    '',
    '  public static Optional<String> optional(String name) {',
    '    String value = System.getenv(name);',
    '    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());',
    '  }',
    '',
    '  public static String duckdbPath() {',
    '    return require("DUCKDB_PATH");',
    '  }',
    plan.isKafkaApi && [
      '',
      '  /** config/<kind>.properties plus the connection and credentials from the environment. */',
      '  public static Properties kafka(String kind) throws IOException {',
      '    Properties properties = new Properties();',
      '    try (Reader reader = Files.newBufferedReader(Path.of("config", kind + ".properties"))) {',
      '      properties.load(reader);',
      '    }',
      '    properties.setProperty("bootstrap.servers", require("KAFKA_BOOTSTRAP_SERVERS"));',
      '    String protocol = optional("KAFKA_SECURITY_PROTOCOL").orElse("PLAINTEXT");',
      '    properties.setProperty("security.protocol", protocol);',
      '    if (protocol.startsWith("SASL")) {',
      '      // SCRAM over TLS in production; the credentials come from the secret store via the environment.',
      `      properties.setProperty("sasl.mechanism", ${cString(LOADER.saslMechanism)});`,
      '      properties.setProperty(',
      '          "sasl.jaas.config",',
      '          "org.apache.kafka.common.security.scram.ScramLoginModule required username=\\""',
      '              + require("KAFKA_SASL_USERNAME")',
      '              + "\\" password=\\""',
      '              + require("KAFKA_SASL_PASSWORD")',
      '              + "\\";");',
      '    }',
      '    return properties;',
      '  }',
      '',
      '  public static String schemaRegistryUrl() {',
      '    return require("SCHEMA_REGISTRY_URL");',
      '  }',
    ],
    broker === 'kinesis' && [
      '',
      '  public static String awsRegion() {',
      '    return require("AWS_REGION");',
      '  }',
      '',
      '  /** LocalStack in development; empty in AWS. */',
      '  public static Optional<String> kinesisEndpoint() {',
      '    return optional("KINESIS_ENDPOINT_URL");',
      '  }',
    ],
    broker === 'pubsub' && [
      '',
      '  public static String gcpProject() {',
      '    return require("GCP_PROJECT_ID");',
      '  }',
      '',
      '  /** The local emulator (host:port); empty in Google Cloud. */',
      '  public static Optional<String> pubsubEmulator() {',
      '    return optional("PUBSUB_EMULATOR_HOST");',
      '  }',
    ],
    broker === 'pulsar' && [
      '',
      '  public static String pulsarServiceUrl() {',
      '    return require("PULSAR_SERVICE_URL");',
      '  }',
      '',
      '  /** JWT of the pipeline role in production; the standalone broker ignores it. */',
      '  public static Optional<String> pulsarToken() {',
      '    return optional("PULSAR_TOKEN");',
      '  }',
    ],
    '}',
  );
}

export function javaDecodeException(pkg: string): string {
  return dedent`
    package ${pkg};

    /** A payload that does not match its entity's schema: a poison record for the dead-letter topic. */
    public final class DecodeException extends Exception {
      private static final long serialVersionUID = 1L;

      public DecodeException(String message, Throwable cause) {
        super(message, cause);
      }

      public DecodeException(String message) {
        super(message);
      }
    }
  `;
}

/** The Codec: canonical rows to payloads and back, for the chosen serialization and broker family. */
export function javaCodec(plan: StreamPlan, pkg: string): string {
  const serialization = plan.streaming.serialization;
  const hasJsonWire = clientEntities(plan).some((client) => client.wireFormat === 'json');
  const protoMap = () => [
    '  private static final Map<String, Message> MESSAGES =',
    '      Map.ofEntries(',
    clientEntities(plan)
      .map(
        (client) =>
          `          Map.entry(${cString(client.name)}, ${javaProtoClass(plan, client.item.record)}.getDefaultInstance())`,
      )
      .join(',\n'),
    '      );',
    '',
    '  /** proto3 omits scalars at their default value: a missing required field is that default. */',
    '  private static Object protoDefault(String kind) {',
    '    return switch (kind) {',
    '      case "integer", "bigint" -> 0L;',
    '      case "double" -> 0.0;',
    '      case "boolean" -> false;',
    '      case "string" -> "";',
    '      default -> null;',
    '    };',
    '  }',
    '',
    '  private static Message toMessage(Catalog.Entity entity, Map<String, Object> row) throws IOException {',
    '    Map<String, Object> present = new LinkedHashMap<>();',
    '    row.forEach((name, value) -> {',
    '      if (value != null) {',
    '        present.put(name, value);',
    '      }',
    '    });',
    '    Message.Builder builder = MESSAGES.get(entity.name()).newBuilderForType();',
    '    // The canonical row is the Protobuf JSON mapping: timestamps as RFC 3339, decimals as strings.',
    '    JsonFormat.parser().merge(JSON.writeValueAsString(present), builder);',
    '    return builder.build();',
    '  }',
    '',
    '  private static Map<String, Object> fromMessage(Catalog.Entity entity, Message message) throws IOException {',
    '    Map<String, Object> data = JSON.readValue(JsonFormat.printer().preservingProtoFieldNames().print(message), MAP);',
    '    for (Catalog.Field field : entity.fields()) {',
    '      if (!data.containsKey(field.name()) && !field.nullable()) {',
    '        data.put(field.name(), protoDefault(field.type()));',
    '      }',
    '    }',
    '    return Values.canonicalRow(entity, data);',
    '  }',
  ];
  const plainJson = hasJsonWire
    ? [
        '    if ("json".equals(entity.wireFormat())) {',
        '      try {',
        '        return Values.canonicalRow(entity, JSON.readValue(payload, MAP));',
        '      } catch (IOException | RuntimeException error) {',
        '        throw new DecodeException(entity.topic() + ": not a JSON row: " + error.getMessage(), error);',
        '      }',
        '    }',
      ]
    : [];
  const needsJson = serialization !== 'avro' || hasJsonWire;
  const imports = new Set<string>(['java.io.IOException', 'java.util.Map']);
  if (needsJson)
    [
      'com.fasterxml.jackson.core.type.TypeReference',
      'com.fasterxml.jackson.databind.ObjectMapper',
    ].forEach((item) => imports.add(item));
  if (serialization === 'protobuf') imports.add('java.util.LinkedHashMap');
  if (!(serialization === 'protobuf' && !plan.isKafkaApi)) imports.add('java.util.HashMap');
  let body: string[] = [];
  if (plan.isKafkaApi) {
    imports.add('io.confluent.kafka.serializers.AbstractKafkaSchemaSerDeConfig');
    imports.add('org.apache.kafka.common.errors.SerializationException');
    const config = [
      '  /**',
      '   * Clients never register schemas: scripts/register-schemas.sh does, after review, so a change',
      '   * cannot reach the registry from a laptop. Serializers use the latest registered version.',
      '   */',
      '  private static Map<String, Object> serdeConfig(String registryUrl) {',
      '    Map<String, Object> config = new HashMap<>();',
      '    config.put(AbstractKafkaSchemaSerDeConfig.SCHEMA_REGISTRY_URL_CONFIG, registryUrl);',
      '    config.put(AbstractKafkaSchemaSerDeConfig.AUTO_REGISTER_SCHEMAS, false);',
      '    config.put(AbstractKafkaSchemaSerDeConfig.USE_LATEST_VERSION, true);',
      serialization === 'avro' &&
        '    config.put(KafkaAvroSerializerConfig.AVRO_USE_LOGICAL_TYPE_CONVERTERS_CONFIG, true);',
      serialization === 'json-schema' &&
        '    config.put(KafkaJsonSchemaSerializerConfig.FAIL_INVALID_SCHEMA, true);',
      '    return config;',
      '  }',
    ];
    switch (serialization) {
      case 'avro':
        [
          'io.confluent.kafka.serializers.KafkaAvroDeserializer',
          'io.confluent.kafka.serializers.KafkaAvroDeserializerConfig',
          'io.confluent.kafka.serializers.KafkaAvroSerializer',
          'io.confluent.kafka.serializers.KafkaAvroSerializerConfig',
          'org.apache.avro.Schema',
          'org.apache.avro.generic.GenericData',
          'org.apache.avro.generic.GenericRecord',
        ].forEach((item) => imports.add(item));
        body = [
          ...config.filter((line): line is string => typeof line === 'string'),
          '',
          '  private final Map<String, Schema> schemas = new HashMap<>();',
          '  private final Map<String, KafkaAvroSerializer> serializers = new HashMap<>();',
          '  private final Map<String, KafkaAvroDeserializer> deserializers = new HashMap<>();',
          '',
          '  public Codec(String registryUrl) throws IOException {',
          '    for (Catalog.Entity entity : Catalog.ENTITIES) {',
          '      Schema schema = new Schema.Parser().parse(Catalog.schemaText(entity));',
          '      schemas.put(entity.name(), schema);',
          '      KafkaAvroSerializer serializer = new KafkaAvroSerializer();',
          '      serializer.configure(serdeConfig(registryUrl), false);',
          '      serializers.put(entity.name(), serializer);',
          '      Map<String, Object> readerConfig = serdeConfig(registryUrl);',
          '      // The file is the reader schema: older writer versions resolve to it.',
          '      readerConfig.put(KafkaAvroDeserializerConfig.AVRO_READER_SCHEMA, schema.toString());',
          '      KafkaAvroDeserializer deserializer = new KafkaAvroDeserializer();',
          '      deserializer.configure(readerConfig, false);',
          '      deserializers.put(entity.name(), deserializer);',
          '    }',
          '  }',
          '',
          '  public byte[] encode(Catalog.Entity entity, Map<String, Object> row) {',
          '    GenericRecord record = new GenericData.Record(schemas.get(entity.name()));',
          '    for (Catalog.Field field : entity.fields()) {',
          '      record.put(field.name(), Values.toAvro(field.type(), row.get(field.name())));',
          '    }',
          '    return serializers.get(entity.name()).serialize(entity.topic(), record);',
          '  }',
          '',
          '  public Map<String, Object> decode(Catalog.Entity entity, byte[] payload) throws DecodeException {',
          '    Object value;',
          '    try {',
          '      value = deserializers.get(entity.name()).deserialize(entity.topic(), payload);',
          '    } catch (SerializationException error) {',
          '      throw new DecodeException(entity.topic() + ": " + error.getMessage(), error);',
          '    }',
          '    if (!(value instanceof GenericRecord record)) {',
          '      throw new DecodeException(entity.topic() + ": expected a record");',
          '    }',
          '    Map<String, Object> data = new HashMap<>();',
          '    for (Catalog.Field field : entity.fields()) {',
          '      data.put(field.name(), record.hasField(field.name()) ? record.get(field.name()) : null);',
          '    }',
          '    return Values.canonicalRow(entity, data);',
          '  }',
        ];
        break;
      case 'protobuf':
        [
          'io.confluent.kafka.serializers.protobuf.KafkaProtobufDeserializer',
          'io.confluent.kafka.serializers.protobuf.KafkaProtobufDeserializerConfig',
          'io.confluent.kafka.serializers.protobuf.KafkaProtobufSerializer',
          'com.google.protobuf.Message',
          'com.google.protobuf.util.JsonFormat',
        ].forEach((item) => imports.add(item));
        body = [
          ...config.filter((line): line is string => typeof line === 'string'),
          '',
          ...protoMap(),
          '',
          '  private final Map<String, KafkaProtobufSerializer<Message>> serializers = new HashMap<>();',
          '  private final Map<String, KafkaProtobufDeserializer<Message>> deserializers = new HashMap<>();',
          '',
          '  public Codec(String registryUrl) {',
          '    for (Catalog.Entity entity : Catalog.ENTITIES) {',
          '      KafkaProtobufSerializer<Message> serializer = new KafkaProtobufSerializer<>();',
          '      serializer.configure(serdeConfig(registryUrl), false);',
          '      serializers.put(entity.name(), serializer);',
          '      Map<String, Object> readerConfig = serdeConfig(registryUrl);',
          '      readerConfig.put(',
          '          KafkaProtobufDeserializerConfig.SPECIFIC_PROTOBUF_VALUE_TYPE,',
          '          MESSAGES.get(entity.name()).getClass().getName());',
          '      KafkaProtobufDeserializer<Message> deserializer = new KafkaProtobufDeserializer<>();',
          '      deserializer.configure(readerConfig, false);',
          '      deserializers.put(entity.name(), deserializer);',
          '    }',
          '  }',
          '',
          '  public byte[] encode(Catalog.Entity entity, Map<String, Object> row) throws IOException {',
          '    return serializers.get(entity.name()).serialize(entity.topic(), toMessage(entity, row));',
          '  }',
          '',
          '  public Map<String, Object> decode(Catalog.Entity entity, byte[] payload) throws DecodeException {',
          '    try {',
          '      return fromMessage(entity, deserializers.get(entity.name()).deserialize(entity.topic(), payload));',
          '    } catch (SerializationException | IOException error) {',
          '      throw new DecodeException(entity.topic() + ": " + error.getMessage(), error);',
          '    }',
          '  }',
        ];
        break;
      case 'json-schema':
        [
          'io.confluent.kafka.schemaregistry.json.JsonSchema',
          'io.confluent.kafka.schemaregistry.json.JsonSchemaUtils',
          'io.confluent.kafka.serializers.json.KafkaJsonSchemaDeserializer',
          'io.confluent.kafka.serializers.json.KafkaJsonSchemaSerializer',
          'io.confluent.kafka.serializers.json.KafkaJsonSchemaSerializerConfig',
          'com.fasterxml.jackson.databind.JsonNode',
        ].forEach((item) => imports.add(item));
        body = [
          ...config.filter((line): line is string => typeof line === 'string'),
          '',
          '  private final Map<String, JsonSchema> schemas = new HashMap<>();',
          '  private final Map<String, KafkaJsonSchemaSerializer<Object>> serializers = new HashMap<>();',
          '  private final Map<String, KafkaJsonSchemaDeserializer<Object>> deserializers = new HashMap<>();',
          '',
          '  public Codec(String registryUrl) throws IOException {',
          '    for (Catalog.Entity entity : Catalog.ENTITIES) {',
          '      schemas.put(entity.name(), new JsonSchema(Catalog.schemaText(entity)));',
          '      KafkaJsonSchemaSerializer<Object> serializer = new KafkaJsonSchemaSerializer<>();',
          '      serializer.configure(serdeConfig(registryUrl), false);',
          '      serializers.put(entity.name(), serializer);',
          '      KafkaJsonSchemaDeserializer<Object> deserializer = new KafkaJsonSchemaDeserializer<>();',
          '      deserializer.configure(serdeConfig(registryUrl), false);',
          '      deserializers.put(entity.name(), deserializer);',
          '    }',
          '  }',
          '',
          '  public byte[] encode(Catalog.Entity entity, Map<String, Object> row) {',
          '    JsonNode node = JSON.valueToTree(row);',
          '    // The envelope carries the schema file, validated against the registered version.',
          '    return serializers.get(entity.name()).serialize(entity.topic(), JsonSchemaUtils.envelope(schemas.get(entity.name()), node));',
          '  }',
          '',
          '  public Map<String, Object> decode(Catalog.Entity entity, byte[] payload) throws DecodeException {',
          ...plainJson,
          '    try {',
          '      Object value = deserializers.get(entity.name()).deserialize(entity.topic(), payload);',
          '      return Values.canonicalRow(entity, JSON.convertValue(value, MAP));',
          '    } catch (SerializationException | IllegalArgumentException error) {',
          '      throw new DecodeException(entity.topic() + ": " + error.getMessage(), error);',
          '    }',
          '  }',
        ];
        break;
    }
  } else {
    switch (serialization) {
      case 'avro':
        [
          'java.nio.ByteBuffer',
          'org.apache.avro.AvroRuntimeException',
          'org.apache.avro.Conversions',
          'org.apache.avro.Schema',
          'org.apache.avro.data.TimeConversions',
          'org.apache.avro.generic.GenericData',
          'org.apache.avro.generic.GenericRecord',
          'org.apache.avro.message.BinaryMessageDecoder',
          'org.apache.avro.message.BinaryMessageEncoder',
        ].forEach((item) => imports.add(item));
        body = [
          '  /** GenericData with the logical-type conversions of our schemas (decimal, timestamp, date). */',
          '  private static GenericData model() {',
          '    GenericData model = new GenericData();',
          '    model.addLogicalTypeConversion(new Conversions.DecimalConversion());',
          '    model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());',
          '    model.addLogicalTypeConversion(new TimeConversions.DateConversion());',
          '    return model;',
          '  }',
          '',
          '  private final Map<String, Schema> schemas = new HashMap<>();',
          '  private final Map<String, BinaryMessageEncoder<GenericRecord>> encoders = new HashMap<>();',
          '  private final Map<String, BinaryMessageDecoder<GenericRecord>> decoders = new HashMap<>();',
          '',
          '  /**',
          '   * Avro single-object encoding: 0xC3 0x01, the CRC-64-AVRO fingerprint of the writer schema, the',
          '   * binary datum. A payload written with an unknown schema version fails to decode (poison).',
          '   */',
          '  public Codec() throws IOException {',
          '    GenericData model = model();',
          '    for (Catalog.Entity entity : Catalog.ENTITIES) {',
          '      Schema schema = new Schema.Parser().parse(Catalog.schemaText(entity));',
          '      schemas.put(entity.name(), schema);',
          '      encoders.put(entity.name(), new BinaryMessageEncoder<>(model, schema));',
          '      decoders.put(entity.name(), new BinaryMessageDecoder<>(model, schema));',
          '    }',
          '  }',
          '',
          '  public byte[] encode(Catalog.Entity entity, Map<String, Object> row) throws IOException {',
          '    GenericRecord record = new GenericData.Record(schemas.get(entity.name()));',
          '    for (Catalog.Field field : entity.fields()) {',
          '      record.put(field.name(), Values.toAvro(field.type(), row.get(field.name())));',
          '    }',
          '    ByteBuffer buffer = encoders.get(entity.name()).encode(record);',
          '    byte[] payload = new byte[buffer.remaining()];',
          '    buffer.get(payload);',
          '    return payload;',
          '  }',
          '',
          '  public Map<String, Object> decode(Catalog.Entity entity, byte[] payload) throws DecodeException {',
          ...plainJson,
          '    GenericRecord record;',
          '    try {',
          '      record = decoders.get(entity.name()).decode(payload);',
          '    } catch (IOException | AvroRuntimeException error) {',
          '      throw new DecodeException(entity.topic() + ": " + error.getMessage(), error);',
          '    }',
          '    Map<String, Object> data = new HashMap<>();',
          '    for (Catalog.Field field : entity.fields()) {',
          '      data.put(field.name(), record.get(field.name()));',
          '    }',
          '    return Values.canonicalRow(entity, data);',
          '  }',
        ];
        break;
      case 'protobuf':
        ['com.google.protobuf.Message', 'com.google.protobuf.util.JsonFormat'].forEach((item) =>
          imports.add(item),
        );
        body = [
          ...protoMap(),
          '',
          '  public byte[] encode(Catalog.Entity entity, Map<String, Object> row) throws IOException {',
          '    return toMessage(entity, row).toByteArray();',
          '  }',
          '',
          '  public Map<String, Object> decode(Catalog.Entity entity, byte[] payload) throws DecodeException {',
          ...plainJson,
          '    try {',
          '      return fromMessage(entity, MESSAGES.get(entity.name()).getParserForType().parseFrom(payload));',
          '    } catch (IOException error) {',
          '      throw new DecodeException(entity.topic() + ": " + error.getMessage(), error);',
          '    }',
          '  }',
        ];
        break;
      case 'json-schema':
        [
          'com.fasterxml.jackson.databind.JsonNode',
          'com.networknt.schema.JsonSchema',
          'com.networknt.schema.JsonSchemaFactory',
          'com.networknt.schema.SchemaValidatorsConfig',
          'com.networknt.schema.SpecVersion',
          'com.networknt.schema.ValidationMessage',
          'java.util.Set',
        ].forEach((item) => imports.add(item));
        body = [
          '  private final Map<String, JsonSchema> schemas = new HashMap<>();',
          '',
          '  /** JSON validated against the JSON Schema (draft 2020-12, formats asserted) on both ends. */',
          '  public Codec() throws IOException {',
          '    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);',
          '    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();',
          '    for (Catalog.Entity entity : Catalog.ENTITIES) {',
          '      schemas.put(entity.name(), factory.getSchema(Catalog.schemaText(entity), config));',
          '    }',
          '  }',
          '',
          '  public byte[] encode(Catalog.Entity entity, Map<String, Object> row) throws IOException {',
          '    JsonNode node = JSON.valueToTree(row);',
          '    Set<ValidationMessage> errors = schemas.get(entity.name()).validate(node);',
          '    if (!errors.isEmpty()) {',
          '      // Producers validate too: a bad event fails at the source, not in every consumer.',
          '      throw new IOException(entity.topic() + ": " + errors);',
          '    }',
          '    return JSON.writeValueAsBytes(node);',
          '  }',
          '',
          '  public Map<String, Object> decode(Catalog.Entity entity, byte[] payload) throws DecodeException {',
          ...plainJson,
          '    JsonNode node;',
          '    try {',
          '      node = JSON.readTree(payload);',
          '    } catch (IOException error) {',
          '      throw new DecodeException(entity.topic() + ": not JSON: " + error.getMessage(), error);',
          '    }',
          '    Set<ValidationMessage> errors = schemas.get(entity.name()).validate(node);',
          '    if (!errors.isEmpty()) {',
          '      throw new DecodeException(entity.topic() + ": " + errors);',
          '    }',
          '    return Values.canonicalRow(entity, JSON.convertValue(node, MAP));',
          '  }',
        ];
        break;
    }
  }
  const description = plan.isKafkaApi
    ? `Confluent Schema Registry wire format (${serialization}), subjects <topic>-value.`
    : {
        avro: 'Avro single-object encoding.',
        protobuf: 'Protobuf binary messages.',
        'json-schema': 'JSON validated against the JSON Schema.',
      }[serialization];
  return lines(
    `package ${pkg};`,
    '',
    [...imports].sort().map((item) => `import ${item};`),
    '',
    '/**',
    ` * Event (de)serialization: ${description}`,
    ' *',
    ' * <p>encode() takes a canonical row (see {@link Values}) and returns the payload; decode() does the',
    ' * reverse and throws {@link DecodeException} for payloads that do not match the schema (poison',
    ' * records). Other errors (the registry is down…) propagate: the loader stops without committing.',
    ' */',
    'public final class Codec {',
    needsJson && [
      '  private static final ObjectMapper JSON = new ObjectMapper();',
      '  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};',
      '',
    ],
    body,
    '}',
  );
}
