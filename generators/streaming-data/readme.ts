import { lines, markdownCell } from '../shared/text.js';
import { connectorFile } from './cdc/index.js';
import { LOADER } from './clients/shared.js';
import { sinkConnector, sinkDeadLetterTopic } from './connect/sinks.js';
import { streamingCommands } from './contributions/commands.js';
import type { StreamPlan } from './plan.js';
import { brokerTitle, minInsyncReplicas, serializationTitle } from './plan.js';
import { aggregateColumns } from './processors/aggregate.js';
import { clientRuntime } from './runtime.js';
import { evolutionRules } from './schemas/index.js';
import { DEV_NOTES, payloadEncoding } from './topics/topics-file.js';
import { brokerCompacts, topicSpecs } from './topics/catalog.js';

const LANGUAGE_TITLES = {
  python: 'Python',
  typescript: 'TypeScript',
  java: 'Java',
  go: 'Go',
} as const;
const CLIENT_LIBRARIES = {
  python: {
    kafka: 'confluent-kafka (librdkafka) with its schema-registry serializers',
    kinesis: 'boto3',
    pubsub: 'google-cloud-pubsub',
    pulsar: 'pulsar-client',
  },
  typescript: {
    kafka:
      '@confluentinc/kafka-javascript (KafkaJS-compatible API) and @confluentinc/schemaregistry',
    kinesis: '@aws-sdk/client-kinesis',
    pubsub: '@google-cloud/pubsub',
    pulsar: 'pulsar-client',
  },
  java: {
    kafka: 'kafka-clients with the Confluent serializers',
    kinesis: 'the AWS SDK for Java v2',
    pubsub: 'google-cloud-pubsub',
    pulsar: 'pulsar-client',
  },
  go: {
    kafka: 'confluent-kafka-go with its schema-registry serdes',
    kinesis: 'aws-sdk-go-v2',
    pubsub: 'cloud.google.com/go/pubsub',
    pulsar: 'pulsar-client-go',
  },
} as const;

const CLIENT_LAYOUT = {
  python: '`clients/`: the Python package `streaming` (run with `python -m`)',
  typescript: '`clients/`: the Node.js package (`package.json`, `tsconfig.json`, `Dockerfile`)',
  java: '`clients/`: one Maven module with three source roots (`pom.xml`, `Dockerfile`)',
  go: '`internal/clients/`: the Go module (`go.mod`, `Dockerfile`)',
} as const;

function days(ms: number): string {
  if (ms < 0) return 'forever';
  const value = ms / 86_400_000;
  return `${Number.isInteger(value) ? value : value.toFixed(1)} d`;
}

/** streaming/README.md: the design and how to run it. */
export function streamingReadme(plan: StreamPlan): string {
  const { streaming, model } = plan;
  const specs = topicSpecs(plan);
  const commands = streamingCommands(plan);
  const runtime = clientRuntime(plan);
  const broker = brokerTitle(streaming.broker);
  const sink = sinkConnector(plan);
  const library =
    CLIENT_LIBRARIES[streaming.language][
      plan.isKafkaApi ? 'kafka' : (streaming.broker as 'kinesis' | 'pubsub' | 'pulsar')
    ];
  const rf = streaming.replicationFactor;
  return lines(
    `# Streaming: ${model.title}`,
    '',
    `Events of ${model.entities.length} entities flow through **${broker}** as **${serializationTitle(streaming.serialization)}**, with **${streaming.delivery}** delivery.`,
    `Producers and the raw loader are written in ${LANGUAGE_TITLES[streaming.language]} (${library}).`,
    plan.cdcEntities.length > 0 &&
      `Debezium captures ${plan.cdcEntities.map((item) => `\`${item.entity.name}\``).join(', ')} from the operational database (change data capture).`,
    plan.processorEngine &&
      `A stream-processing job aggregates \`${plan.aggregate?.fact.entity.name ?? ''}\` per minute (${plan.processorEngine === 'flink-datastream' ? 'Apache Flink' : plan.processorEngine === 'spark' ? 'Spark Structured Streaming' : plan.processorEngine === 'kafka-streams' ? 'Kafka Streams' : 'ksqlDB'}).`,
    plan.processorNote && ['', `> ${plan.processorNote}`],
    '',
    '```mermaid',
    'flowchart LR',
    plan.producerEntities.length > 0 && '  producers["producers"] --> topics',
    plan.cdcEntities.length > 0 && '  sourcedb[("source database")] -->|Debezium| topics',
    `  topics[["${broker} topics"]] --> loader["raw loader"]`,
    '  loader --> raw[("raw tables")]',
    '  loader -. poison records .-> dlq[["dead-letter topics"]]',
    sink && '  topics --> sink["sink connector"] --> warehouse[("warehouse raw tables")]',
    plan.processorEngine &&
      '  topics --> job["stream processor"] --> aggregates[["per-minute aggregates"]]',
    '```',
    '',
    '## Topics',
    '',
    'Declared in [`topics.yaml`](topics.yaml), created by [`scripts/create-topics.sh`](scripts/create-topics.sh). Names follow',
    `\`<domain>.<entity>.v<major>\`: a breaking change gets a new topic (\`.v2\`), never a silent rewrite.`,
    '',
    `| topic | role | key | ${streaming.broker === 'kinesis' ? 'shards' : 'partitions'} | retention | dead-letter topic |`,
    '| --- | --- | --- | --- | --- | --- |',
    specs.map(
      (spec) =>
        `| \`${markdownCell(spec.name)}\` | ${spec.role} | ${spec.key ? `\`${spec.key}\`` : '—'} | ${streaming.broker === 'pubsub' ? '—' : spec.partitions} | ${spec.role === 'changelog' && brokerCompacts(streaming.broker) ? 'compacted' : days(spec.retentionMs)} | ${spec.deadLetterTopic ? `\`${spec.deadLetterTopic}\`` : '—'} |`,
    ),
    '',
    plan.isKafkaApi
      ? [
          `- Replication factor ${rf}${streaming.broker === 'kafka' ? ` with \`min.insync.replicas=${minInsyncReplicas(rf)}\`` : ' (Raft: acks=all waits for a majority)'}: producers use \`acks=all\`, so a write survives ${rf > 1 ? 'the loss of a broker' : 'nothing (one replica: development only)'}.`,
          '- Event streams (facts) use `cleanup.policy=delete` with explicit retention; changelogs (dimensions) are',
          '  compacted and keyed, with `delete.retention.ms` (tombstones stay a day) and `min.compaction.lag.ms`.',
          '- Compression `zstd`; unclean leader election off; brokers must not auto-create topics.',
        ]
      : [`- Values are encoded as ${payloadEncoding(plan)}.`],
    streaming.broker === 'pubsub'
      ? '- Pub/Sub has no partitions: a subscription scales out on its own, and ordering keys keep each key in order.'
      : [
          `- ${streaming.broker === 'kinesis' ? 'Shards' : 'Partitions'} (${streaming.partitions}) are the unit of parallelism: at most that many loader instances do work.`,
          `  Size for peak throughput; adding ${streaming.broker === 'kinesis' ? 'shards' : 'partitions'} later remaps keys (and breaks per-key order once).`,
        ],
    '',
    '## Keys and ordering',
    '',
    `Every event is keyed by its entity key, so all versions of one key ${{ kafka: 'land on one partition', redpanda: 'land on one partition', pulsar: 'land on one partition', kinesis: 'land on one shard', pubsub: 'share one ordering key' }[streaming.broker]} and arrive in`,
    'order. Changelog consumers keep the latest version by key; the loader never lets an older version',
    'overwrite a newer one (it compares the event time).',
    '',
    '| entity | topic | key | event time |',
    '| --- | --- | --- | --- |',
    plan.entities.map(
      (item) =>
        `| ${item.entity.name} | \`${item.topic.name}\` | \`${item.topic.keyColumn}\` | \`${item.entity.eventTime.name}\` |`,
    ),
    '',
    '## Schemas',
    '',
    `One ${serializationTitle(streaming.serialization)} schema per entity in [\`schemas/\`](schemas/), generated from the same entity definitions as the`,
    'raw tables and the dbt models.',
    plan.isKafkaApi
      ? [
          `The schema registry holds them under the subject \`<topic>-value\` (TopicNameStrategy) with **BACKWARD**`,
          'compatibility: a new version must read data written with the previous one, so consumers upgrade',
          'first. Clients never register schemas (`auto.register.schemas=false`, `use.latest.version=true`):',
          '`scripts/register-schemas.sh` does, after review, and refuses an incompatible change.',
          plan.model.maturity === 'advanced' &&
            '`scripts/check-compatibility.sh` runs the same check in CI without registering (`make schemas-check`).',
        ]
      : [
          `${broker} has no schema registry: the schema files are the contract, evolved BACKWARD (consumers first).`,
          streaming.serialization === 'avro' &&
            'Each payload carries the CRC-64-AVRO fingerprint of its writer schema; a payload written with a schema the consumer does not know is dead-lettered instead of misread.',
        ],
    '',
    evolutionRules(plan).trimEnd(),
    '',
    '## Delivery guarantee',
    '',
    plan.isExactlyOnce
      ? plan.isKafkaApi
        ? [
            'Exactly-once: producers are transactional (`transactional.id`, one transaction per batch) and idempotent;',
            "consumers read with `isolation.level=read_committed`, so aborted writes are never seen. The loader's",
            'sink is idempotent on the entity key, so a redelivery after a crash cannot duplicate a row: together',
            'this is exactly-once from producer to raw table.',
          ]
        : [
            'Effectively-once: the namespace deduplicates producer retries by sequence id (`deduplication: true`),',
            "and the loader's sink is idempotent on the entity key, so a redelivery cannot duplicate a row.",
          ]
      : [
          'At-least-once: producers retry until acknowledged (`acks=all`, idempotent producers where the broker',
          'supports it), and the loader acknowledges only after the rows are in the warehouse. A crash can',
          'therefore redeliver a batch; loading is idempotent on the entity key (facts: `ON CONFLICT DO NOTHING`;',
          'dimensions: the newer version wins), so redeliveries never duplicate rows.',
        ],
    '',
    '## Dead-letter policy',
    '',
    'Every consumed topic has a dead-letter topic. The raw loader sends a record there when:',
    '',
    '- it does not decode with its schema (a poison record): immediately, no retries;',
    `- loading it keeps failing for a data reason after ${LOADER.maxAttempts} attempts (the batch is then loaded record by record, so only`,
    '  the bad records leave).',
    '',
    'Transient failures (the warehouse file is locked, the registry is briefly down) are retried with bounded',
    `exponential backoff and full jitter (${LOADER.baseDelaySeconds}s base, ${LOADER.maxDelaySeconds}s cap, ${LOADER.maxAttempts} attempts); if they persist the loader stops`,
    'without acknowledging, rather than dead-lettering good records.',
    '',
    'The dead letter keeps the original key and value untouched; the error travels beside it',
    streaming.broker === 'kinesis'
      ? '(Kinesis records have no headers: a JSON envelope with `dlq.error.*`, `dlq.original.*` and the base64 payload).'
      : '(headers/attributes `dlq.error.class`, `dlq.error.message`, `dlq.error.attempts`, `dlq.failed.at`, `dlq.original.*`).',
    'Dead letters are kept at least 14 days. Replay after the fix by republishing key and value to the',
    'source topic: loading is idempotent. See `docs/runbook.md` (dead-letter topic is filling).',
    sink &&
      `The sink connector parks the records it cannot write in \`${sinkDeadLetterTopic(plan)}\` (\`errors.tolerance=all\`, Connect's \`__connect.errors.*\` headers), declared in \`topics.yaml\` like the others.`,
    '',
    '## Raw loader',
    '',
    `[\`consumers/\`](consumers/) reads every entity topic${streaming.broker === 'pubsub' ? ' (one subscription each)' : ''} and lands the events in the raw tables \`raw.<entity>\``,
    'with their ingestion metadata (`_loaded_at`, `_source_topic`, `_source_partition`, `_source_offset`).',
    `Batches of up to ${LOADER.batchSize} records load in one transaction, then the position is committed.`,
    streaming.broker === 'kinesis' &&
      "Kinesis has no consumer groups without the KCL: the loader stores each shard's position in `streaming_state.kinesis_checkpoints`, in the same transaction as the rows, so a restart resumes exactly there. Run one loader per stream set (use the KCL or enhanced fan-out to scale out).",
    `It touches \`${LOADER.heartbeatFile}\` on every loop; the container and Kubernetes probes treat a stale file as a stuck loader.`,
    '',
    sink
      ? `In production the warehouse (${model.architecture.warehouse}) is loaded by the sink connector [\`connect/${sink.file}\`](connect/${sink.file}) (\`make connect-sink\`); the raw loader feeds the local DuckDB copy.${sinkCredentials(model.architecture.warehouse)}`
      : model.architecture.warehouse === 'databricks'
        ? 'In production Databricks reads the topics itself: [`connect/databricks-sink.json`](connect/databricks-sink.json) is the Jobs API definition of [`connect/databricks_ingest.py`](connect/databricks_ingest.py) (Structured Streaming into the raw Delta tables, `make connect-sink`); the raw loader feeds the local DuckDB copy.'
        : plan.isKafkaApi
          ? 'The warehouse is DuckDB: there is no sink connector for it, the raw loader is the sink.'
          : `${broker} has no Kafka Connect: the raw loader is the sink (into DuckDB locally; point it at the warehouse's loader in production).`,
    plan.cdcEntities.length > 0 && [
      '',
      '## Change data capture',
      '',
      `[\`cdc/${connectorFile(plan)}\`](cdc/${connectorFile(plan)}) captures ${plan.cdcEntities.map((item) => `\`${item.entity.name}\``).join(', ')} into their topics; [\`cdc/README.md\`](cdc/README.md)`,
      'explains how its values match the contract and what the database needs (replication user, slot or binlog, heartbeat).',
    ],
    plan.aggregate &&
      plan.processorEngine && [
        '',
        '## Stream processing',
        '',
        `The job counts \`${plan.aggregate.fact.entity.name}\` per ${plan.aggregate.windowMinutes}-minute tumbling window of event time${plan.aggregate.groupBy ? `, per \`${plan.aggregate.groupBy.name}\`` : ''}, with a 30-second`,
        `allowance for late events, and writes one JSON result per window to \`${plan.aggregate.topic}\`:`,
        '',
        aggregateColumns(plan.aggregate).map(
          (column) => `- \`${column.name}\`: ${column.description}`,
        ),
        '',
        `Checkpoints (state and input positions) make a restart resume where it stopped. Start it with \`make processor\`.`,
      ],
    '',
    '## Run it locally',
    '',
    '```bash',
    'make up            # the broker, its registry and the raw loader (docker compose)',
    commands.topics.map((command) => `${command.padEnd(45)} # make topics`),
    plan.producerEntities.length > 0 && 'make send-events   # publish the sample events',
    'make consume       # start the raw loader and show its log',
    commands.cdcRegister && 'make cdc-register  # start change data capture',
    commands.processor && 'make processor     # start the stream-processing job',
    '```',
    '',
    `\`make topics\` runs \`create-topics.sh --dev\`: ${DEV_NOTES[streaming.broker]} (development only).`,
    'The loader writes `data/warehouse.duckdb`; DuckDB allows one writing process, so',
    'stop the loader (`docker compose stop stream-loader`) before a long dbt run on the same file.',
    runtime.localSetup && [
      '',
      `Outside docker, prepare the clients once with \`${runtime.localSetup}\`, then run \`${runtime.localProducer}\` and \`${runtime.localLoader}\` (with the variables of \`.env\`).`,
    ],
    plan.model.maturity === 'advanced' && [
      '',
      '## Disaster recovery',
      '',
      plan.isKafkaApi
        ? [
            '- Topics and schemas are code: `topics.yaml`, `schemas/` and the scripts recreate them in a new cluster.',
            '- Replicate the topics to a second cluster (MirrorMaker 2 or Cluster Linking) including the',
            "  `_schemas` topic (or the registry's own export); consumer offsets translate with MirrorMaker's checkpoints.",
            '- The warehouse is the long-term copy: after a total loss, replay what the brokers still retain;',
            '  loading is idempotent.',
          ]
        : [
            `- Streams and subscriptions are code: \`topics.yaml\` and \`create-topics.sh\` recreate them in another region.`,
            `- ${broker} keeps data for the configured retention only: the warehouse is the long-term copy; replay`,
            '  what the broker retains after an outage, loading is idempotent.',
          ],
    ],
    '',
    '## Files',
    '',
    `- \`topics.yaml\`, \`scripts/\`: topics and how they are created${plan.isKafkaApi ? '; schema registration' : ''}.`,
    plan.isKafkaApi &&
      '- `config/`: producer and consumer properties, each setting with the reason for it.',
    '- `schemas/`: event schemas; `samples/`: sample events the producers publish.',
    `- \`producers/\`, \`consumers/\`, ${CLIENT_LAYOUT[streaming.language]}.`,
    plan.cdcEntities.length > 0 &&
      '- `cdc/`: Debezium connector, database setup, the demo source database.',
    (sink || model.architecture.warehouse === 'databricks') &&
      '- `connect/`: the sink into the warehouse and the Connect image.',
    plan.processorEngine && '- `processors/`: the stream-processing job.',
  );
}

/** How the sink's key file reaches Kafka Connect, for the sinks that need one. */
function sinkCredentials(warehouse: string): string {
  const variable =
    warehouse === 'bigquery'
      ? '`GOOGLE_APPLICATION_CREDENTIALS` (the path of a service-account JSON key on your machine)'
      : warehouse === 'snowflake'
        ? '`SNOWFLAKE_PRIVATE_KEY_PATH` (the path of the PEM private key of the key-pair user)'
        : undefined;
  if (!variable) return '';
  return ` The sink authenticates with a key file: set ${variable} in \`.env\`; \`make connect-sink\` copies it into \`data/connect-secrets/\` (git-ignored), which Kafka Connect mounts read-only. Nothing else in the local stack needs it: \`make up\` starts without cloud credentials, and an empty folder is mounted until then.`;
}
