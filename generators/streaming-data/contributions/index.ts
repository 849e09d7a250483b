import { dedent } from '../../shared/text.js';
import type { Contributions, MakeTarget } from '../../types.js';
import { pythonRequirements } from '../clients/python/index.js';
import { connectorName, slotName } from '../cdc/index.js';
import { sinkConnector } from '../connect/sinks.js';
import type { StreamPlan } from '../plan.js';
import { brokerTitle, pubsubSubscription, serializationTitle } from '../plan.js';
import { composeServices } from './compose.js';
import { streamingCommands } from './commands.js';

/** Services, make targets, next steps, key files and runbook entries of streaming-data. */
export function streamingContributions(plan: StreamPlan): Contributions {
  const { services, volumes } = composeServices(plan);
  const commands = streamingCommands(plan);
  const targets: MakeTarget[] = [
    {
      name: 'topics',
      help: 'Create the topics (and register the schemas) on the local broker',
      commands: commands.topics,
    },
    // With CDC capturing every table, the source database is the only producer.
    ...(plan.producerEntities.length > 0
      ? [
          {
            name: 'send-events',
            help: 'Publish the sample events of every entity',
            commands: commands.sendEvents,
          },
        ]
      : []),
    {
      name: 'consume',
      help: 'Start the raw loader (topics → DuckDB raw tables) and show its log',
      commands: commands.consume,
    },
  ];
  if (commands.cdcRegister)
    targets.push({
      name: 'cdc-register',
      help: 'Register the Debezium connector (idempotent) and show its status',
      commands: commands.cdcRegister,
    });
  if (commands.connectSink)
    targets.push({
      name: 'connect-sink',
      help: `Deploy the sink into ${plan.model.architecture.warehouse} (needs real credentials in .env)`,
      commands: commands.connectSink,
    });
  if (commands.schemasCheck)
    targets.push({
      name: 'schemas-check',
      help: 'Check every event schema is BACKWARD compatible with the registry (CI gate)',
      commands: commands.schemasCheck,
    });
  if (commands.processor)
    targets.push({
      name: 'processor',
      help: 'Build and start the stream-processing job',
      commands: commands.processor,
    });
  const nextSteps = [
    { title: 'Create the topics and register the schemas', command: 'make topics' },
    ...(plan.producerEntities.length > 0
      ? [{ title: 'Publish the sample events', command: 'make send-events' }]
      : []),
    { title: 'Load them into the raw tables', command: 'make consume' },
  ];
  if (commands.cdcRegister)
    nextSteps.push({
      title: 'Start change data capture from the source database',
      command: 'make cdc-register',
    });
  if (commands.processor)
    nextSteps.push({ title: 'Start the stream-processing job', command: 'make processor' });
  const gitignore = [
    'streaming/generated/',
    'streaming/node_modules/',
    'streaming/dist/',
    'streaming/gen/',
    'streaming/target/',
    'streaming/processors/*/target/',
    'streaming/processors/spark/events.desc',
    'data/connect-secrets/',
  ];
  return {
    composeServices: services,
    composeVolumes: volumes,
    makeTargets: targets,
    nextSteps,
    keyFiles: keyFiles(plan),
    gitignore,
    pythonRequirements: plan.streaming.language === 'python' ? pythonRequirements(plan) : [],
    readmeSections: [
      {
        title: 'Streaming',
        body: `Events flow through ${brokerTitle(plan.streaming.broker)} as ${serializationTitle(plan.streaming.serialization)} (${plan.streaming.delivery}), one topic per entity plus a dead-letter topic each. The raw loader (${plan.streaming.language}) lands them in the raw tables idempotently. Topics, schemas, delivery guarantee and the dead-letter policy: [streaming/README.md](streaming/README.md).`,
      },
    ],
    runbook: runbook(plan),
  };
}

function keyFiles(plan: StreamPlan): { path: string; description: string }[] {
  const files = [
    {
      path: 'streaming/README.md',
      description: 'streaming design: topics, keys, schemas, delivery, dead letters, how to run',
    },
    {
      path: 'streaming/topics.yaml',
      description: 'every topic with partitions, replication, retention and its dead-letter topic',
    },
    {
      path: 'streaming/schemas/',
      description: `${serializationTitle(plan.streaming.serialization)} event schemas, one per entity (BACKWARD evolution)`,
    },
    {
      path: 'streaming/producers/',
      description: 'publishes the sample events, keyed by the entity key',
    },
    {
      path: 'streaming/consumers/',
      description: 'the raw loader: retries, dead-letter topic, idempotent loads',
    },
  ];
  if (plan.isKafkaApi)
    files.splice(2, 0, {
      path: 'streaming/config/',
      description: 'producer and consumer properties (acks=all, idempotence, manual commits)',
    });
  if (plan.cdcEntities.length > 0)
    files.push({
      path: 'streaming/cdc/',
      description: 'Debezium connector and database-side setup',
    });
  if (sinkConnector(plan) || plan.model.architecture.warehouse === 'databricks')
    files.push({
      path: 'streaming/connect/',
      description: `the sink that loads the topics into ${plan.model.architecture.warehouse}`,
    });
  if (plan.processorEngine)
    files.push({
      path: 'streaming/processors/',
      description: 'the windowed stream-processing job',
    });
  return files;
}

function lagCommand(plan: StreamPlan): string {
  switch (plan.streaming.broker) {
    case 'kafka':
      return `docker compose exec -T kafka /opt/kafka/bin/kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group ${plan.consumerGroup}`;
    case 'redpanda':
      return `docker compose exec -T redpanda rpk group describe ${plan.consumerGroup}`;
    case 'kinesis':
      return 'aws cloudwatch get-metric-statistics --namespace AWS/Kinesis --metric-name GetRecords.IteratorAgeMilliseconds --dimensions Name=StreamName,Value=<stream> --statistics Maximum --period 60 --start-time <ISO time> --end-time <ISO time>';
    case 'pubsub':
      return `gcloud monitoring time-series list --filter 'metric.type="pubsub.googleapis.com/subscription/num_undelivered_messages" AND resource.labels.subscription_id="${pubsubSubscription(plan.entities[0]?.topic.name ?? '')}"'`;
    case 'pulsar':
      return `docker compose exec -T pulsar bin/pulsar-admin topics partitioned-stats ${plan.entities[0] ? `persistent://<tenant>/<namespace>/${plan.entities[0].topic.name}` : '<topic>'}`;
  }
}

function runbook(plan: StreamPlan): { title: string; body: string }[] {
  const entries = [
    {
      title: 'Streaming consumer lag is growing',
      body: dedent`
        The raw loader (\`${plan.consumerGroup}\`) falls behind the producers.

        1. Confirm: \`${lagCommand(plan)}\` shows the lag per partition; \`docker compose ps stream-loader\`
           (or the Deployment) shows whether the loader runs at all.
        2. Crash-looping loader: \`docker compose logs stream-loader\`. A missing variable or an unreachable
           registry stops it at start-up on purpose; fix the configuration and it resumes from the last
           committed position.
        3. Slow loads: the DuckDB file is locked by another process (one writer per file) or the warehouse
           is slow. Batches retry with bounded backoff; stop the other writer, or add loader instances
           (up to the number of partitions; more instances stay idle).
        4. A hot partition: one key dominates. Check the key distribution before adding partitions
           (adding partitions remaps keys).
        5. Verify: the lag shrinks and the raw tables' \`_loaded_at\` advances.
      `,
    },
    {
      title: 'Streaming dead-letter topic is filling',
      body: dedent`
        Records that could not be decoded or loaded go to \`<topic>.dlq\` with the error attached
        (headers or attributes \`dlq.error.class\`, \`dlq.error.message\`, \`dlq.error.attempts\`, and the original
        position \`dlq.original.*\`; Kinesis wraps the record in a JSON envelope).

        1. Look at the errors: read a few dead letters with their headers (\`kcat -C -b <broker> -t <topic>.dlq -f '%h %k\\n'\`,
           \`rpk topic consume\`, \`pulsar-client consume\` or the \`.inspect\` subscription on Pub/Sub).
        2. Schema errors (\`DecodeError\`, unknown fingerprint or schema id): a producer writes a schema the
           consumers do not know. Deploy the consumers with the new schema (BACKWARD evolution), or fix
           the producer.
        3. Data errors (constraint or conversion): fix the producer or the raw table definition.
        4. Replay after the fix: republish the dead letters' original key and value to the source topic;
           loading is idempotent, so replaying a record that did land is harmless.
        5. Dead letters are kept 14 days or the topic retention, whichever is longer.
      `,
    },
  ];
  if (plan.cdcEntities.length > 0) {
    const isMysql = plan.streaming.cdc === 'debezium-mysql';
    entries.push({
      title: isMysql ? 'CDC binlog position lag' : 'CDC replication slot lag',
      body: isMysql
        ? dedent`
            The Debezium MySQL connector (\`${connectorName(plan)}\`) reads the binary log behind the server.

            1. Connector state: \`curl -fsS "$KAFKA_CONNECT_URL/connectors/${connectorName(plan)}/status"\`.
            2. Lag: compare \`SHOW BINARY LOG STATUS\` on the source with the connector's offset (MilliSecondsBehindSource metric).
            3. If the binlog the connector needs was purged (\`binlog_expire_logs_seconds\` too short), the
               connector fails: re-snapshot with \`snapshot.mode=when_needed\` after raising the retention.
          `
        : dedent`
            The replication slot \`${slotName(plan)}\` holds WAL the connector has not confirmed yet; the source
            database keeps it on disk until then.

            1. Measure: \`SELECT slot_name, active, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)) FROM pg_replication_slots;\`
            2. Inactive slot: the connector is stopped or failing; check \`curl -fsS "$KAFKA_CONNECT_URL/connectors/${connectorName(plan)}/status"\`
               and restart the task (\`POST /connectors/${connectorName(plan)}/tasks/0/restart\`).
            3. Active but lagging on a quiet database: the heartbeat (\`heartbeat.interval.ms\` and
               \`heartbeat.action.query\`) moves the slot; confirm the heartbeat table is written.
            4. Last resort when the disk is at risk: \`max_slot_wal_keep_size\` invalidates the slot; the
               connector then needs a new snapshot (delete its offsets or use a new slot name).
          `,
    });
  }
  return entries;
}
