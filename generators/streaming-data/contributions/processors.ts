import { CONFLUENT_IMAGES } from '../../shared/confluent.js';
import type { StreamPlan } from '../plan.js';
import { FLINK_VERSIONS } from '../processors/flink.js';
import { ksqldbPath } from '../processors/index.js';
import { brokerService, internalEndpoints } from './compose.js';

const healthy = { condition: 'service_healthy' } as const;

/** Compose services that run the stream processor locally (Flink, Kafka Streams, ksqlDB). */
export function processorServices(plan: StreamPlan): {
  services: Record<string, Record<string, unknown>>;
  volumes: string[];
} {
  const services: Record<string, Record<string, unknown>> = {};
  const volumes: string[] = [];
  const broker = brokerService(plan);
  const dependsOn: Record<string, unknown> = { [broker]: healthy };
  if (plan.streaming.broker === 'kafka') dependsOn['schema-registry'] = healthy;
  const environment: Record<string, string> = {
    ...internalEndpoints(plan),
    ...(plan.streaming.broker === 'pulsar' ? { PULSAR_ADMIN_URL: 'http://pulsar:8080' } : {}),
  };
  switch (plan.processorEngine) {
    case 'flink-datastream': {
      const properties = [
        'jobmanager.rpc.address: flink-jobmanager',
        'taskmanager.rpc.port: 6122',
        `taskmanager.numberOfTaskSlots: ${Math.min(plan.streaming.partitions, 4)}`,
        'state.backend.type: rocksdb',
        'execution.checkpointing.dir: file:///opt/flink/checkpoints',
        'execution.checkpointing.interval: 30 s',
        'execution.checkpointing.mode: EXACTLY_ONCE',
      ].join('\n');
      const common = {
        image: `flink:${FLINK_VERSIONS.image}`,
        env_file: [{ path: '.env', required: false }],
        environment: { FLINK_PROPERTIES: properties, ...environment },
        volumes: [
          './streaming/processors/flink/target:/opt/flink/usrlib:ro',
          'flink-checkpoints:/opt/flink/checkpoints',
        ],
      };
      services['flink-jobmanager'] = {
        ...common,
        command: 'jobmanager',
        // 8081 is the schema registry's on this machine: the Flink UI is on 18081.
        ports: ['18081:8081'],
        depends_on: dependsOn,
        healthcheck: {
          test: ['CMD-SHELL', "bash -c '</dev/tcp/localhost/8081'"],
          interval: '10s',
          timeout: '5s',
          retries: 12,
          start_period: '30s',
        },
      };
      services['flink-taskmanager'] = {
        ...common,
        command: 'taskmanager',
        depends_on: { 'flink-jobmanager': healthy },
        healthcheck: {
          test: ['CMD-SHELL', "bash -c '</dev/tcp/localhost/6122'"],
          interval: '10s',
          timeout: '5s',
          retries: 12,
          start_period: '30s',
        },
      };
      volumes.push('flink-checkpoints');
      break;
    }
    case 'kafka-streams':
      services['stream-processor'] = {
        build: { context: './streaming', dockerfile: 'processors/kafka-streams/Dockerfile' },
        image: `${plan.model.name}-stream-processor:local`,
        env_file: [{ path: '.env', required: false }],
        environment,
        volumes: ['kafka-streams-state:/var/lib/kafka-streams'],
        depends_on: dependsOn,
        restart: 'unless-stopped',
        // The JVM is PID 1: the container is healthy while the application runs.
        healthcheck: {
          test: ['CMD-SHELL', 'kill -0 1'],
          interval: '30s',
          timeout: '5s',
          retries: 3,
          start_period: '60s',
        },
      };
      volumes.push('kafka-streams-state');
      break;
    case 'ksqldb': {
      const file = ksqldbPath(plan).split('/').pop() ?? 'queries.sql';
      services['ksqldb-server'] = {
        image: CONFLUENT_IMAGES.ksqldbServer,
        hostname: 'ksqldb-server',
        depends_on: dependsOn,
        ports: ['8088:8088'],
        environment: {
          KSQL_BOOTSTRAP_SERVERS: environment.KAFKA_BOOTSTRAP_SERVERS ?? '',
          KSQL_KSQL_SCHEMA_REGISTRY_URL: environment.SCHEMA_REGISTRY_URL ?? '',
          KSQL_LISTENERS: 'http://0.0.0.0:8088',
          KSQL_KSQL_SERVICE_ID: `${plan.model.domain}_ksql_`,
          // Headless: the server runs the queries of the mounted file and accepts no interactive ones.
          KSQL_KSQL_QUERIES_FILE: `/etc/ksqldb/queries/${file}`,
          KSQL_KSQL_INTERNAL_TOPIC_REPLICAS: 1,
          KSQL_KSQL_STREAMS_REPLICATION_FACTOR: 1,
          KSQL_KSQL_LOGGING_PROCESSING_STREAM_AUTO_CREATE: 'false',
        },
        volumes: ['./streaming/processors/ksqldb:/etc/ksqldb/queries:ro'],
        healthcheck: {
          test: ['CMD-SHELL', 'curl -fsS http://localhost:8088/info > /dev/null'],
          interval: '10s',
          timeout: '5s',
          retries: 18,
          start_period: '40s',
        },
      };
      break;
    }
    case 'spark':
    case null:
      break;
  }
  return { services, volumes };
}
