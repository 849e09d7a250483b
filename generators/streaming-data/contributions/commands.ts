import { shellWord } from '../../shared/text.js';
import { connectorFile, connectorName } from '../cdc/index.js';
import { databricksWorkspacePath } from '../connect/databricks.js';
import { BIGQUERY_KEY_FILE, sinkConnector } from '../connect/sinks.js';
import type { StreamPlan } from '../plan.js';
import { ksqldbPath } from '../processors/index.js';
import { jobClass } from '../processors/aggregate.js';
import { SPARK_VERSIONS, sparkJobPath, sparkPackages } from '../processors/spark.js';
import { JAVA_VERSIONS } from '../clients/java/build.js';
import { clientRuntime } from '../runtime.js';
import { internalEndpoints } from './compose.js';

/** The exact commands of the streaming make targets (the README and next steps quote them). */
export interface StreamingCommands {
  topics: string[];
  sendEvents: string[];
  consume: string[];
  cdcRegister: string[] | null;
  connectSink: string[] | null;
  schemasCheck: string[] | null;
  processor: string[] | null;
}

const quote = (argv: readonly string[]): string => argv.map(shellWord).join(' ');

export function streamingCommands(plan: StreamPlan): StreamingCommands {
  const runtime = clientRuntime(plan);
  const topics = ['./streaming/scripts/create-topics.sh --dev'];
  if (plan.isKafkaApi) topics.push('./streaming/scripts/register-schemas.sh');
  return {
    topics,
    sendEvents: [`docker compose run --rm stream-loader ${quote(runtime.producerCommand)}`],
    consume: [
      'docker compose up -d --wait stream-loader',
      'docker compose logs --tail=50 stream-loader',
    ],
    cdcRegister:
      plan.cdcEntities.length > 0 && plan.isKafkaApi
        ? [
            `curl -fsS -X PUT -H 'Content-Type: application/json' --data @streaming/cdc/${connectorFile(plan)} "$(KAFKA_CONNECT_URL)/connectors/${connectorName(plan)}/config"`,
            `curl -fsS "$(KAFKA_CONNECT_URL)/connectors/${connectorName(plan)}/status"`,
          ]
        : null,
    connectSink: connectSinkCommands(plan),
    schemasCheck:
      plan.isKafkaApi && plan.model.maturity === 'advanced'
        ? ['./streaming/scripts/check-compatibility.sh']
        : null,
    processor: processorCommands(plan),
  };
}

function connectSinkCommands(plan: StreamPlan): string[] | null {
  if (!plan.isKafkaApi) return null;
  if (plan.model.architecture.warehouse === 'databricks') {
    return [
      `databricks workspace mkdirs ${shellWord(databricksWorkspacePath(plan).replace(/\/[^/]+$/, ''))}`,
      `databricks workspace import ${shellWord(databricksWorkspacePath(plan))} --file streaming/connect/databricks_ingest.py --format SOURCE --language PYTHON --overwrite`,
      'databricks jobs create --json @streaming/connect/databricks-sink.json',
    ];
  }
  const sink = sinkConnector(plan);
  if (!sink) return null;
  const warehouse = plan.model.architecture.warehouse;
  const prepare =
    warehouse === 'snowflake'
      ? [
          '@mkdir -p data/connect-secrets && umask 077 && grep -v -- "-----" "$(SNOWFLAKE_PRIVATE_KEY_PATH)" | tr -d \'\\n\' > data/connect-secrets/snowflake.private.key',
        ]
      : warehouse === 'bigquery'
        ? [
            // Only the sink needs the service-account key: copied where Kafka Connect mounts it.
            `@test -f "$(GOOGLE_APPLICATION_CREDENTIALS)" || { echo 'GOOGLE_APPLICATION_CREDENTIALS in .env must name your service-account key file (see streaming/README.md)' >&2; exit 1; }`,
            `@mkdir -p data/connect-secrets && umask 077 && cp "$(GOOGLE_APPLICATION_CREDENTIALS)" data/connect-secrets/${BIGQUERY_KEY_FILE}`,
          ]
        : [];
  return [
    ...prepare,
    `curl -fsS -X PUT -H 'Content-Type: application/json' --data @streaming/connect/${sink.file} "$(KAFKA_CONNECT_URL)/connectors/${sink.name}/config"`,
    `curl -fsS "$(KAFKA_CONNECT_URL)/connectors/${sink.name}/status"`,
  ];
}

function processorCommands(plan: StreamPlan): string[] | null {
  const aggregate = plan.aggregate;
  if (!aggregate || !plan.processorEngine) return null;
  switch (plan.processorEngine) {
    case 'flink-datastream':
      return [
        `docker run --rm -v "$$PWD/streaming":/build -w /build maven:${JAVA_VERSIONS.maven} mvn -q -B -f processors/flink/pom.xml package`,
        'docker compose up -d --wait flink-jobmanager flink-taskmanager',
        'docker compose exec -T flink-jobmanager flink run -d /opt/flink/usrlib/stream-processor.jar',
      ];
    case 'spark': {
      const environment = Object.entries(internalEndpoints(plan))
        .map(([name, value]) => `-e ${name}=${shellWord(value)}`)
        .join(' ');
      const descriptor =
        plan.streaming.serialization === 'protobuf'
          ? [
              'docker run --rm -v "$$PWD/streaming":/workspace -w /workspace bufbuild/buf:1.47.2 build schemas --as-file-descriptor-set -o processors/spark/events.desc',
            ]
          : [];
      return [
        ...descriptor,
        `docker run --rm --network ${plan.model.name}_default --env-file .env ${environment} -v "$$PWD/streaming":/opt/streaming:ro -v ${plan.model.name}-spark-checkpoints:/checkpoints apache/spark:${SPARK_VERSIONS.image} /opt/spark/bin/spark-submit --packages ${sparkPackages(plan).join(',')} /opt/streaming/${sparkJobPath(plan).replace('streaming/', '')} --checkpoint-location /checkpoints/${aggregate.jobName}`,
      ];
    }
    case 'kafka-streams':
      return [
        'docker compose up -d --build --wait stream-processor',
        'docker compose logs --tail=50 stream-processor',
      ];
    case 'ksqldb':
      return [
        'docker compose up -d --wait ksqldb-server',
        'docker compose logs --tail=50 ksqldb-server',
      ];
  }
}

/** The Flink job's main class, for the compose jobmanager and the README. */
export function flinkMainClass(plan: StreamPlan): string {
  return plan.aggregate ? `${plan.javaPackage}.processors.${jobClass(plan.aggregate)}` : '';
}

export function ksqldbFile(plan: StreamPlan): string {
  return ksqldbPath(plan);
}
