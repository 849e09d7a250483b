import { createHash } from 'node:crypto';
import { CONFLUENT_IMAGES } from '../../shared/confluent.js';
import type { StreamPlan } from '../plan.js';
import { clientRuntime, loaderImage } from '../runtime.js';
import { sinkConnector } from '../connect/sinks.js';
import { processorServices } from './processors.js';

/**
 * Pinned images of the local stack. Development only: one broker, replication factor 1.
 */
export const IMAGES = {
  kafka: 'apache/kafka:4.1.0',
  schemaRegistry: CONFLUENT_IMAGES.schemaRegistry,
  redpanda: 'docker.redpanda.com/redpandadata/redpanda:v25.1.1',
  localstack: 'localstack/localstack:4.4.0',
  pubsubEmulator: 'gcr.io/google.com/cloudsdktool/google-cloud-cli:520.0.0-emulators',
  pulsar: 'apachepulsar/pulsar:4.0.4',
  debeziumConnect: 'quay.io/debezium/connect:3.2.0.Final',
  debeziumServer: 'quay.io/debezium/server:3.2.0.Final',
  postgres: 'postgres:17.6',
  mysql: 'mysql:8.4.6',
} as const;

/** Where the broker is reached from inside the compose network. */
export function internalEndpoints(plan: StreamPlan): Record<string, string> {
  switch (plan.streaming.broker) {
    case 'kafka':
      return {
        KAFKA_BOOTSTRAP_SERVERS: 'kafka:19092',
        SCHEMA_REGISTRY_URL: 'http://schema-registry:8081',
      };
    case 'redpanda':
      return {
        KAFKA_BOOTSTRAP_SERVERS: 'redpanda:29092',
        SCHEMA_REGISTRY_URL: 'http://redpanda:8081',
      };
    case 'kinesis':
      // LocalStack accepts any credentials; these are its documented dummies, not secrets.
      return {
        KINESIS_ENDPOINT_URL: 'http://localstack:4566',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      };
    case 'pubsub':
      return { PUBSUB_EMULATOR_HOST: 'pubsub-emulator:8085' };
    case 'pulsar':
      return { PULSAR_SERVICE_URL: 'pulsar://pulsar:6650' };
  }
}

/** The compose service name of the broker (and of its schema registry). */
export function brokerService(plan: StreamPlan): string {
  return {
    kafka: 'kafka',
    redpanda: 'redpanda',
    kinesis: 'localstack',
    pubsub: 'pubsub-emulator',
    pulsar: 'pulsar',
  }[plan.streaming.broker];
}

export function usesConnect(plan: StreamPlan): boolean {
  return plan.isKafkaApi && (plan.cdcEntities.length > 0 || sinkConnector(plan) !== null);
}

/** A fixed KRaft cluster id per project (22 characters of base64url), so restarts reuse the log dirs. */
export function kraftClusterId(plan: StreamPlan): string {
  return createHash('sha256')
    .update(plan.model.name)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

const healthy = { condition: 'service_healthy' } as const;

export function composeServices(plan: StreamPlan): {
  services: Record<string, Record<string, unknown>>;
  volumes: string[];
} {
  const services: Record<string, Record<string, unknown>> = {};
  const volumes: string[] = [];
  const broker = brokerService(plan);
  switch (plan.streaming.broker) {
    case 'kafka':
      services.kafka = kafkaService(plan);
      services['schema-registry'] = schemaRegistryService();
      volumes.push('kafka-data');
      break;
    case 'redpanda':
      services.redpanda = redpandaService();
      volumes.push('redpanda-data');
      break;
    case 'kinesis':
      services.localstack = {
        image: IMAGES.localstack,
        ports: ['4566:4566'],
        environment: { SERVICES: 'kinesis', PERSISTENCE: '1' },
        volumes: ['localstack-data:/var/lib/localstack'],
        healthcheck: {
          test: [
            'CMD-SHELL',
            'curl -fsS http://localhost:4566/_localstack/health | grep -Eq \'"kinesis": "(available|running)"\'',
          ],
          interval: '10s',
          timeout: '5s',
          retries: 12,
          start_period: '20s',
        },
      };
      volumes.push('localstack-data');
      break;
    case 'pubsub':
      services['pubsub-emulator'] = {
        image: IMAGES.pubsubEmulator,
        command: [
          'gcloud',
          'beta',
          'emulators',
          'pubsub',
          'start',
          '--host-port=0.0.0.0:8085',
          '--data-dir=/data',
          '--project=${GCP_PROJECT_ID:?set GCP_PROJECT_ID in .env}',
        ],
        ports: ['8085:8085'],
        volumes: ['pubsub-data:/data'],
        healthcheck: {
          test: ['CMD-SHELL', 'curl -fsS http://localhost:8085 > /dev/null'],
          interval: '10s',
          timeout: '5s',
          retries: 12,
          start_period: '20s',
        },
      };
      volumes.push('pubsub-data');
      break;
    case 'pulsar':
      services.pulsar = {
        image: IMAGES.pulsar,
        // Topics are created by create-topics.sh only: auto-creation would make non-partitioned ones.
        command: [
          'sh',
          '-c',
          'bin/apply-config-from-env.py conf/standalone.conf && exec bin/pulsar standalone --no-functions-worker',
        ],
        environment: {
          PULSAR_PREFIX_allowAutoTopicCreation: 'false',
          PULSAR_PREFIX_brokerDeduplicationEnabled: plan.isExactlyOnce ? 'true' : 'false',
        },
        ports: ['6650:6650', '8080:8080'],
        volumes: ['pulsar-data:/pulsar/data'],
        healthcheck: {
          test: ['CMD-SHELL', 'bin/pulsar-admin brokers healthcheck'],
          interval: '15s',
          timeout: '10s',
          retries: 12,
          start_period: '60s',
        },
      };
      volumes.push('pulsar-data');
      break;
  }
  if (plan.cdcEntities.length > 0) {
    services['source-db'] = sourceDatabaseService(plan);
    volumes.push('source-db-data');
    if (!plan.isKafkaApi) volumes.push('debezium-server-data');
  }
  if (usesConnect(plan)) services['kafka-connect'] = connectService(plan);
  if (plan.cdcEntities.length > 0 && !plan.isKafkaApi)
    services['debezium-server'] = debeziumServerService(plan, broker);
  services['stream-loader'] = loaderService(plan, broker);
  const processors = processorServices(plan);
  Object.assign(services, processors.services);
  volumes.push(...processors.volumes);
  return { services, volumes };
}

function kafkaService(plan: StreamPlan): Record<string, unknown> {
  return {
    image: IMAGES.kafka,
    hostname: 'kafka',
    ports: ['9092:9092'],
    environment: {
      // KRaft: this one node is broker and controller; no ZooKeeper.
      KAFKA_NODE_ID: 1,
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka:9093',
      CLUSTER_ID: kraftClusterId(plan),
      // Two client listeners: INTERNAL for containers (kafka:19092), HOST for this machine (localhost:9092).
      KAFKA_LISTENERS: 'INTERNAL://0.0.0.0:19092,HOST://0.0.0.0:9092,CONTROLLER://0.0.0.0:9093',
      KAFKA_ADVERTISED_LISTENERS: 'INTERNAL://kafka:19092,HOST://localhost:9092',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP:
        'INTERNAL:PLAINTEXT,HOST:PLAINTEXT,CONTROLLER:PLAINTEXT',
      KAFKA_INTER_BROKER_LISTENER_NAME: 'INTERNAL',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      // One broker: internal topics cannot have more replicas (development only).
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: 1,
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: 1,
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: 1,
      KAFKA_DEFAULT_REPLICATION_FACTOR: 1,
      KAFKA_MIN_INSYNC_REPLICAS: 1,
      // Topics come from streaming/scripts/create-topics.sh only, as in production.
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE: 'false',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: 0,
      KAFKA_LOG_DIRS: '/var/lib/kafka/data',
    },
    volumes: ['kafka-data:/var/lib/kafka/data'],
    healthcheck: {
      test: [
        'CMD-SHELL',
        '/opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092 > /dev/null 2>&1',
      ],
      interval: '10s',
      timeout: '10s',
      retries: 12,
      start_period: '30s',
    },
  };
}

function schemaRegistryService(): Record<string, unknown> {
  return {
    image: IMAGES.schemaRegistry,
    hostname: 'schema-registry',
    depends_on: { kafka: healthy },
    ports: ['8081:8081'],
    environment: {
      SCHEMA_REGISTRY_HOST_NAME: 'schema-registry',
      SCHEMA_REGISTRY_LISTENERS: 'http://0.0.0.0:8081',
      SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS: 'PLAINTEXT://kafka:19092',
      SCHEMA_REGISTRY_KAFKASTORE_TOPIC_REPLICATION_FACTOR: 1,
      // New subjects default to BACKWARD: consumers upgrade first, fields are added with defaults.
      SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL: 'backward',
    },
    healthcheck: {
      test: ['CMD-SHELL', 'curl -fsS http://localhost:8081/subjects > /dev/null'],
      interval: '10s',
      timeout: '5s',
      retries: 12,
      start_period: '20s',
    },
  };
}

function redpandaService(): Record<string, unknown> {
  return {
    image: IMAGES.redpanda,
    hostname: 'redpanda',
    command: [
      'redpanda',
      'start',
      // Development mode: relaxed fsync and resource checks. Never in production.
      '--mode',
      'dev-container',
      '--smp',
      '1',
      '--memory',
      '1G',
      // internal: containers (redpanda:29092); external: this machine (localhost:9092).
      '--kafka-addr',
      'internal://0.0.0.0:29092,external://0.0.0.0:9092',
      '--advertise-kafka-addr',
      'internal://redpanda:29092,external://localhost:9092',
      '--schema-registry-addr',
      '0.0.0.0:8081',
      '--rpc-addr',
      'redpanda:33145',
      '--advertise-rpc-addr',
      'redpanda:33145',
      // dev-container turns auto-creation on; topics come from create-topics.sh only.
      '--set',
      'redpanda.auto_create_topics_enabled=false',
    ],
    ports: ['9092:9092', '8081:8081', '9644:9644'],
    volumes: ['redpanda-data:/var/lib/redpanda/data'],
    healthcheck: {
      test: ['CMD-SHELL', "rpk cluster health | grep -Eq 'Healthy:.+true'"],
      interval: '10s',
      timeout: '5s',
      retries: 12,
      start_period: '20s',
    },
  };
}

function sourceDatabaseService(plan: StreamPlan): Record<string, unknown> {
  const message = (name: string) => `\${${name}:?set ${name} in .env (make env)}`;
  if (plan.streaming.cdc === 'debezium-mysql') {
    return {
      image: IMAGES.mysql,
      hostname: 'source-db',
      // Row-based binlog with full row images and GTIDs: what Debezium reads.
      command: [
        '--server-id=1',
        '--log-bin=mysql-bin',
        '--binlog-format=ROW',
        '--binlog-row-image=FULL',
        '--gtid-mode=ON',
        '--enforce-gtid-consistency=ON',
        '--binlog-expire-logs-seconds=604800',
      ],
      environment: {
        MYSQL_ROOT_PASSWORD: message('CDC_DATABASE_PASSWORD'),
        MYSQL_DATABASE: message('CDC_DATABASE_NAME'),
        MYSQL_USER: message('CDC_DATABASE_USER'),
        MYSQL_PASSWORD: message('CDC_DATABASE_PASSWORD'),
      },
      volumes: [
        'source-db-data:/var/lib/mysql',
        './streaming/cdc/source-db:/docker-entrypoint-initdb.d:ro',
      ],
      healthcheck: {
        test: [
          'CMD-SHELL',
          'mysqladmin ping -h 127.0.0.1 -u root -p"$$MYSQL_ROOT_PASSWORD" --silent',
        ],
        interval: '10s',
        timeout: '5s',
        retries: 12,
        start_period: '30s',
      },
    };
  }
  return {
    image: IMAGES.postgres,
    hostname: 'source-db',
    // Logical decoding for pgoutput; the slot may hold at most 2 GB of WAL before it is invalidated.
    command: [
      'postgres',
      '-c',
      'wal_level=logical',
      '-c',
      'max_wal_senders=10',
      '-c',
      'max_replication_slots=10',
      '-c',
      'max_slot_wal_keep_size=2GB',
    ],
    environment: {
      POSTGRES_DB: message('CDC_DATABASE_NAME'),
      POSTGRES_USER: message('CDC_DATABASE_USER'),
      POSTGRES_PASSWORD: message('CDC_DATABASE_PASSWORD'),
    },
    volumes: [
      'source-db-data:/var/lib/postgresql/data',
      './streaming/cdc/source-db:/docker-entrypoint-initdb.d:ro',
    ],
    healthcheck: {
      test: ['CMD-SHELL', 'pg_isready -U "$$POSTGRES_USER" -d "$$POSTGRES_DB"'],
      interval: '10s',
      timeout: '5s',
      retries: 12,
      start_period: '20s',
    },
  };
}

function connectService(plan: StreamPlan): Record<string, unknown> {
  const broker = brokerService(plan);
  const internal = internalEndpoints(plan);
  const secrets = (names: readonly string[]) =>
    Object.fromEntries(names.map((name) => [name, `\${${name}:?set ${name} in .env (make env)}`]));
  const dependsOn: Record<string, unknown> = { [broker]: healthy };
  if (plan.streaming.broker === 'kafka') dependsOn['schema-registry'] = healthy;
  if (plan.cdcEntities.length > 0) dependsOn['source-db'] = healthy;
  const sink = sinkConnector(plan);
  return {
    build: { context: './streaming/connect', dockerfile: 'Dockerfile' },
    image: `${plan.model.name}-connect:local`,
    hostname: 'kafka-connect',
    depends_on: dependsOn,
    ports: ['8083:8083'],
    environment: {
      BOOTSTRAP_SERVERS: internal.KAFKA_BOOTSTRAP_SERVERS,
      GROUP_ID: `${plan.model.domain}-connect`,
      CONFIG_STORAGE_TOPIC: '_connect-configs',
      OFFSET_STORAGE_TOPIC: '_connect-offsets',
      STATUS_STORAGE_TOPIC: '_connect-status',
      CONFIG_STORAGE_REPLICATION_FACTOR: 1,
      OFFSET_STORAGE_REPLICATION_FACTOR: 1,
      STATUS_STORAGE_REPLICATION_FACTOR: 1,
      KEY_CONVERTER: 'org.apache.kafka.connect.storage.StringConverter',
      VALUE_CONVERTER: 'org.apache.kafka.connect.json.JsonConverter',
      // Connector configs reference ${env:VAR} (and ${dir:…} for key files): secrets never appear in
      // the REST API or the config topic.
      CONNECT_CONFIG_PROVIDERS:
        sink?.mounts.length && plan.model.architecture.warehouse === 'snowflake'
          ? 'env,dir'
          : 'env',
      CONNECT_CONFIG_PROVIDERS_ENV_CLASS:
        'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
      ...(plan.model.architecture.warehouse === 'snowflake' && sink
        ? {
            CONNECT_CONFIG_PROVIDERS_DIR_CLASS:
              'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
          }
        : {}),
      // Read by the connectors (schema history, converters) through the env provider.
      KAFKA_BOOTSTRAP_SERVERS: internal.KAFKA_BOOTSTRAP_SERVERS,
      SCHEMA_REGISTRY_URL: internal.SCHEMA_REGISTRY_URL,
      ...(plan.cdcEntities.length > 0
        ? {
            CDC_DATABASE_HOST: 'source-db',
            CDC_DATABASE_PORT: plan.streaming.cdc === 'debezium-mysql' ? '3306' : '5432',
            ...secrets(['CDC_DATABASE_NAME', 'CDC_DATABASE_USER', 'CDC_DATABASE_PASSWORD']),
          }
        : {}),
      ...(sink ? secrets(sink.environment) : {}),
    },
    ...(sink?.mounts.length ? { volumes: sink.mounts } : {}),
    healthcheck: {
      test: ['CMD-SHELL', 'curl -fsS http://localhost:8083/connectors > /dev/null'],
      interval: '10s',
      timeout: '5s',
      retries: 18,
      start_period: '40s',
    },
  };
}

/** Debezium Server: the CDC connector for brokers without Kafka Connect (Kinesis, Pub/Sub, Pulsar). */
function debeziumServerService(plan: StreamPlan, broker: string): Record<string, unknown> {
  const secret = (name: string) => `\${${name}:?set ${name} in .env (make env)}`;
  return {
    image: IMAGES.debeziumServer,
    depends_on: { [broker]: healthy, 'source-db': healthy },
    env_file: [{ path: '.env', required: false }],
    environment: {
      ...internalEndpoints(plan),
      CDC_DATABASE_HOST: 'source-db',
      CDC_DATABASE_PORT: plan.streaming.cdc === 'debezium-mysql' ? '3306' : '5432',
      CDC_DATABASE_NAME: secret('CDC_DATABASE_NAME'),
      CDC_DATABASE_USER: secret('CDC_DATABASE_USER'),
      CDC_DATABASE_PASSWORD: secret('CDC_DATABASE_PASSWORD'),
    },
    volumes: [
      './streaming/cdc/debezium-server:/debezium/config:ro',
      'debezium-server-data:/debezium/data',
    ],
    healthcheck: {
      test: ['CMD-SHELL', 'curl -fsS http://localhost:8080/q/health > /dev/null'],
      interval: '10s',
      timeout: '5s',
      retries: 18,
      start_period: '30s',
    },
  };
}

function loaderService(plan: StreamPlan, broker: string): Record<string, unknown> {
  const runtime = clientRuntime(plan);
  const dependsOn: Record<string, unknown> = { [broker]: healthy };
  if (plan.streaming.broker === 'kafka') dependsOn['schema-registry'] = healthy;
  const heartbeat =
    plan.streaming.language === 'python'
      ? [
          'CMD',
          'python',
          '-c',
          "import os, sys, time; sys.exit(0 if time.time() - os.path.getmtime('/tmp/stream-loader-heartbeat') < 120 else 1)",
        ]
      : [
          'CMD-SHELL',
          'test $$(( $$(date +%s) - $$(stat -c %Y /tmp/stream-loader-heartbeat) )) -lt 120',
        ];
  return {
    build: runtime.build,
    image: loaderImage(plan),
    command: runtime.loaderCommand,
    // Runs as the owner of the project folder (`make env` writes LOCAL_UID/LOCAL_GID), like the
    // workbench: the DuckDB file it writes under ./data stays yours, and the image's own non-root
    // user (which does not own ./data on this machine) is not needed.
    user: '${LOCAL_UID:-1000}:${LOCAL_GID:-1000}',
    ...(runtime.workingDir ? { working_dir: runtime.workingDir } : {}),
    volumes: runtime.volumes,
    env_file: [{ path: '.env', required: false }],
    // Inside the network the broker has other addresses than from this machine (.env).
    environment: { DUCKDB_PATH: runtime.duckdbPath, ...internalEndpoints(plan) },
    depends_on: dependsOn,
    restart: 'unless-stopped',
    // The loader touches the heartbeat file every loop, also while it waits for its topics.
    healthcheck: {
      test: heartbeat,
      interval: '30s',
      timeout: '5s',
      retries: 3,
      start_period: '60s',
    },
  };
}
