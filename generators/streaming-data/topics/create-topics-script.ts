import { lines, shellWord, type Line } from '../../shared/text.js';
import type { FileSpec } from '../../types.js';
import type { StreamPlan } from '../plan.js';
import {
  brokerTitle,
  kinesisRetentionHours,
  processorSubscription,
  pubsubArchiveBucket,
  pubsubRetentionSeconds,
  pubsubSubscription,
  pulsarNamespace,
  pulsarTopic,
} from '../plan.js';
import { kafkaTopicConfig, topicSpecs, type TopicSpec } from './catalog.js';
import { MAX_DELIVERY_ATTEMPTS, pulsarAckQuorum } from './topics-file.js';

/**
 * streaming/scripts/create-topics.sh: creates the topics of topics.yaml idempotently (existing
 * topics are left alone, their configs converge), with the broker's own tooling.
 */
export function createTopicsScript(plan: StreamPlan): FileSpec {
  return {
    path: 'streaming/scripts/create-topics.sh',
    kind: 'text',
    isExecutable: true,
    render: () => render(plan),
  };
}

const DEV_USAGE: Record<StreamPlan['streaming']['broker'], string> = {
  kafka: 'the local compose stack: one broker, so replication drops to 1 (development only).',
  redpanda: 'the local compose stack: one node, so replication drops to 1 (development only).',
  kinesis:
    'the local compose stack: LocalStack instead of AWS, no KMS encryption (development only).',
  pubsub:
    'the local compose stack: the Pub/Sub emulator instead of Google Cloud (development only).',
  pulsar: 'the local compose stack: one standalone broker, quorums of 1 (development only).',
};

function render(plan: StreamPlan): string {
  const specs = topicSpecs(plan);
  return lines(
    '#!/usr/bin/env bash',
    `# Creates the ${plan.streaming.broker === 'kinesis' ? 'streams' : 'topics'} of streaming/topics.yaml on ${brokerTitle(plan.streaming.broker)}, idempotently: existing`,
    `# ${plan.streaming.broker === 'kinesis' ? 'streams' : 'topics'} are kept and their settings converge, so the script is safe to re-run after any change.`,
    '#',
    '# Usage: streaming/scripts/create-topics.sh [--dev]',
    `#   --dev  ${DEV_USAGE[plan.streaming.broker]}`,
    'set -euo pipefail',
    '',
    'dev=false',
    'if [[ "${1:-}" == "--dev" ]]; then',
    '  dev=true',
    'fi',
    '',
    body(plan, specs),
  );
}

function body(plan: StreamPlan, specs: readonly TopicSpec[]): Line[] {
  switch (plan.streaming.broker) {
    case 'kafka':
      return kafkaBody(plan, specs);
    case 'redpanda':
      return redpandaBody(plan, specs);
    case 'kinesis':
      return kinesisBody(specs);
    case 'pubsub':
      return pubsubBody(plan, specs);
    case 'pulsar':
      return pulsarBody(plan, specs);
  }
}

function configArguments(plan: StreamPlan, spec: TopicSpec): string {
  const config = {
    ...kafkaTopicConfig(plan, spec),
    ...(spec.role === 'schema-history' ? { 'retention.ms': '-1' } : {}),
  };
  return Object.entries(config)
    .map(([key, value]) => shellWord(`${key}=${value}`))
    .join(' ');
}

function kafkaBody(plan: StreamPlan, specs: readonly TopicSpec[]): Line[] {
  return [
    'bootstrap="${KAFKA_BOOTSTRAP_SERVERS:?set KAFKA_BOOTSTRAP_SERVERS (see .env.example)}"',
    '',
    '# The Kafka CLI from PATH, or the one inside the compose broker (where localhost:9092 is the broker too).',
    'if command -v kafka-topics.sh >/dev/null 2>&1; then',
    '  bin=""',
    '  run=()',
    'else',
    '  bin="/opt/kafka/bin/"',
    '  run=(docker compose exec -T kafka)',
    'fi',
    '',
    '# SASL in production: a client config file with the credentials, removed on exit.',
    'client_config=()',
    'if [[ "${KAFKA_SECURITY_PROTOCOL:-PLAINTEXT}" != "PLAINTEXT" ]]; then',
    '  config_file="$(mktemp)"',
    '  trap \'rm -f "${config_file}"\' EXIT',
    '  {',
    '    echo "security.protocol=${KAFKA_SECURITY_PROTOCOL}"',
    '    echo "sasl.mechanism=SCRAM-SHA-512"',
    '    echo "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\\"${KAFKA_SASL_USERNAME:?}\\" password=\\"${KAFKA_SASL_PASSWORD:?}\\";"',
    '  } >"${config_file}"',
    '  client_config=(--command-config "${config_file}")',
    'fi',
    '',
    '# create_topic NAME PARTITIONS REPLICATION CONFIG...',
    'create_topic() {',
    '  local name="$1" partitions="$2" replication="$3"',
    '  shift 3',
    '  local configs=() config',
    '  for config in "$@"; do',
    '    if [[ "${dev}" == true && "${config}" == min.insync.replicas=* ]]; then',
    '      config="min.insync.replicas=1"',
    '    fi',
    '    configs+=("${config}")',
    '  done',
    '  if [[ "${dev}" == true ]]; then',
    '    replication=1',
    '  fi',
    '  local create_args=()',
    '  for config in "${configs[@]}"; do',
    '    create_args+=(--config "${config}")',
    '  done',
    '  ${run[@]+"${run[@]}"} "${bin}kafka-topics.sh" --bootstrap-server "${bootstrap}" ${client_config[@]+"${client_config[@]}"} \\',
    '    --create --if-not-exists --topic "${name}" \\',
    '    --partitions "${partitions}" --replication-factor "${replication}" ${create_args[@]+"${create_args[@]}"}',
    '  # --if-not-exists leaves an existing topic as it was: converge its settings too.',
    '  local joined',
    '  joined="$(IFS=,; echo "${configs[*]}")"',
    '  ${run[@]+"${run[@]}"} "${bin}kafka-configs.sh" --bootstrap-server "${bootstrap}" ${client_config[@]+"${client_config[@]}"} \\',
    '    --alter --entity-type topics --entity-name "${name}" --add-config "${joined}" >/dev/null',
    '  echo "topic ${name}: ${partitions} partitions, replication ${replication}"',
    '}',
    '',
    specs.map((spec) => [
      `# ${spec.description}`,
      `create_topic ${shellWord(spec.name)} ${spec.partitions} ${spec.replicationFactor} ${configArguments(plan, spec)}`,
    ]),
  ];
}

function redpandaBody(plan: StreamPlan, specs: readonly TopicSpec[]): Line[] {
  return [
    'brokers="${KAFKA_BOOTSTRAP_SERVERS:?set KAFKA_BOOTSTRAP_SERVERS (see .env.example)}"',
    '',
    '# rpk from PATH, or the one inside the compose broker (where localhost:9092 is the broker too).',
    'if command -v rpk >/dev/null 2>&1; then',
    '  rpk=(rpk -X "brokers=${brokers}")',
    'else',
    '  rpk=(docker compose exec -T redpanda rpk -X "brokers=${brokers}")',
    'fi',
    'if [[ "${KAFKA_SECURITY_PROTOCOL:-PLAINTEXT}" != "PLAINTEXT" ]]; then',
    '  rpk+=(-X tls.enabled=true -X sasl.mechanism=SCRAM-SHA-512 -X "user=${KAFKA_SASL_USERNAME:?}" -X "pass=${KAFKA_SASL_PASSWORD:?}")',
    'fi',
    '',
    '# create_topic NAME PARTITIONS REPLICATION CONFIG...',
    'create_topic() {',
    '  local name="$1" partitions="$2" replication="$3"',
    '  shift 3',
    '  if [[ "${dev}" == true ]]; then',
    '    replication=1',
    '  fi',
    '  local set_args=() config',
    '  for config in "$@"; do',
    '    set_args+=(--set "${config}")',
    '  done',
    '  if "${rpk[@]}" topic describe "${name}" >/dev/null 2>&1; then',
    '    # Already there: converge its settings.',
    '    "${rpk[@]}" topic alter-config "${name}" ${set_args[@]+"${set_args[@]}"} >/dev/null',
    '  else',
    '    local create_args=()',
    '    for config in "$@"; do',
    '      create_args+=(-c "${config}")',
    '    done',
    '    "${rpk[@]}" topic create "${name}" -p "${partitions}" -r "${replication}" ${create_args[@]+"${create_args[@]}"}',
    '  fi',
    '  echo "topic ${name}: ${partitions} partitions, replication ${replication}"',
    '}',
    '',
    specs.map((spec) => [
      `# ${spec.description}`,
      `create_topic ${shellWord(spec.name)} ${spec.partitions} ${spec.replicationFactor} ${configArguments(plan, spec)}`,
    ]),
  ];
}

function kinesisBody(specs: readonly TopicSpec[]): Line[] {
  return [
    'region="${AWS_REGION:?set AWS_REGION (see .env.example)}"',
    '',
    '# --dev talks to LocalStack through its bundled awslocal; otherwise the AWS CLI with your credentials.',
    'if [[ "${dev}" == true ]]; then',
    '  aws_cli=(docker compose exec -T localstack awslocal --region "${region}")',
    'else',
    '  aws_cli=(aws --region "${region}")',
    '  if [[ -n "${KINESIS_ENDPOINT_URL:-}" ]]; then',
    '    aws_cli+=(--endpoint-url "${KINESIS_ENDPOINT_URL}")',
    '  fi',
    'fi',
    '',
    '# create_stream NAME SHARDS RETENTION_HOURS',
    'create_stream() {',
    '  local name="$1" shards="$2" hours="$3"',
    '  if ! "${aws_cli[@]}" kinesis describe-stream-summary --stream-name "${name}" >/dev/null 2>&1; then',
    '    "${aws_cli[@]}" kinesis create-stream --stream-name "${name}" --shard-count "${shards}" \\',
    '      --stream-mode-details StreamMode=PROVISIONED',
    '    "${aws_cli[@]}" kinesis wait stream-exists --stream-name "${name}"',
    '  fi',
    '  local current',
    '  current="$("${aws_cli[@]}" kinesis describe-stream-summary --stream-name "${name}" \\',
    '    --query StreamDescriptionSummary.RetentionPeriodHours --output text)"',
    '  if ((current < hours)); then',
    '    "${aws_cli[@]}" kinesis increase-stream-retention-period --stream-name "${name}" --retention-period-hours "${hours}"',
    '  elif ((current > hours)); then',
    '    "${aws_cli[@]}" kinesis decrease-stream-retention-period --stream-name "${name}" --retention-period-hours "${hours}"',
    '  fi',
    '  if [[ "${dev}" != true ]]; then',
    '    # Encryption at rest with the AWS-managed key (idempotent: re-enabling is a no-op).',
    '    "${aws_cli[@]}" kinesis start-stream-encryption --stream-name "${name}" \\',
    '      --encryption-type KMS --key-id alias/aws/kinesis >/dev/null 2>&1 || true',
    '  fi',
    '  echo "stream ${name}: ${shards} shards, retention ${hours} h"',
    '}',
    '',
    specs.map((spec) => [
      `# ${spec.description}`,
      `create_stream ${shellWord(spec.name)} ${spec.role === 'dead-letter' ? 1 : spec.partitions} ${kinesisRetentionHours(Math.ceil(spec.retentionMs / 86_400_000))}`,
    ]),
  ];
}

function pubsubBody(plan: StreamPlan, specs: readonly TopicSpec[]): Line[] {
  const seconds = (spec: TopicSpec) =>
    pubsubRetentionSeconds(Math.ceil(spec.retentionMs / 86_400_000));
  const consumed = specs.filter((spec) => spec.consumerGroups.length > 0);
  const deadLetters = specs.filter((spec) => spec.role === 'dead-letter');
  return [
    'project="${GCP_PROJECT_ID:?set GCP_PROJECT_ID (see .env.example)}"',
    '',
    'if [[ "${dev}" == true ]]; then',
    '  # The emulator speaks the REST API; gcloud does not talk to it. A 409 means it already exists.',
    '  emulator="http://${PUBSUB_EMULATOR_HOST:?set PUBSUB_EMULATOR_HOST for --dev}/v1/projects/${project}"',
    '  put() {',
    '    local path="$1" body="$2" status',
    '    status="$(curl -sS -o /dev/null -w "%{http_code}" -X PUT -H "Content-Type: application/json" \\',
    '      --data "${body}" "${emulator}/${path}")"',
    '    if [[ "${status}" != 200 && "${status}" != 409 ]]; then',
    '      echo "PUT ${path} failed with HTTP ${status}" >&2',
    '      return 1',
    '    fi',
    '  }',
    '  create_topic() {',
    '    put "topics/$1" "{\\"messageRetentionDuration\\": \\"$2s\\"}"',
    '    echo "topic $1"',
    '  }',
    '  create_subscription() {',
    '    local name="$1" topic="$2" ack="$3" ordering="$4" retention="$5" dead_letter="${6:-}"',
    '    local body="{\\"topic\\": \\"projects/${project}/topics/${topic}\\", \\"ackDeadlineSeconds\\": ${ack}, \\"enableMessageOrdering\\": ${ordering}, \\"messageRetentionDuration\\": \\"${retention}s\\""',
    '    if [[ -n "${dead_letter}" ]]; then',
    `      body+=", \\"deadLetterPolicy\\": {\\"deadLetterTopic\\": \\"projects/\${project}/topics/\${dead_letter}\\", \\"maxDeliveryAttempts\\": ${MAX_DELIVERY_ATTEMPTS}}, \\"retryPolicy\\": {\\"minimumBackoff\\": \\"10s\\", \\"maximumBackoff\\": \\"600s\\"}"`,
    '    fi',
    '    put "subscriptions/${name}" "${body}}"',
    '    echo "subscription ${name} on ${topic}"',
    '  }',
    'else',
    '  gcloud_cli=(gcloud --project "${project}" --quiet)',
    '  project_number="$("${gcloud_cli[@]}" projects describe "${project}" --format="value(projectNumber)")"',
    '  # The Pub/Sub service agent moves dead letters: it needs to publish to them and to ack the source.',
    '  service_agent="serviceAccount:service-${project_number}@gcp-sa-pubsub.iam.gserviceaccount.com"',
    '  create_topic() {',
    '    if ! "${gcloud_cli[@]}" pubsub topics describe "$1" >/dev/null 2>&1; then',
    '      "${gcloud_cli[@]}" pubsub topics create "$1" --message-retention-duration "$2s"',
    '    else',
    '      "${gcloud_cli[@]}" pubsub topics update "$1" --message-retention-duration "$2s" >/dev/null',
    '    fi',
    '    echo "topic $1"',
    '  }',
    '  create_subscription() {',
    '    local name="$1" topic="$2" ack="$3" ordering="$4" retention="$5" dead_letter="${6:-}"',
    '    local args=(--topic "${topic}" --ack-deadline "${ack}" --message-retention-duration "${retention}s" --expiration-period never)',
    '    if [[ "${ordering}" == true ]]; then',
    '      args+=(--enable-message-ordering)',
    '    fi',
    '    if [[ -n "${dead_letter}" ]]; then',
    `      args+=(--dead-letter-topic "\${dead_letter}" --max-delivery-attempts ${MAX_DELIVERY_ATTEMPTS} --min-retry-delay 10s --max-retry-delay 600s)`,
    '    fi',
    '    if ! "${gcloud_cli[@]}" pubsub subscriptions describe "${name}" >/dev/null 2>&1; then',
    '      "${gcloud_cli[@]}" pubsub subscriptions create "${name}" "${args[@]}"',
    '    fi',
    '    if [[ -n "${dead_letter}" ]]; then',
    '      "${gcloud_cli[@]}" pubsub topics add-iam-policy-binding "${dead_letter}" \\',
    '        --member "${service_agent}" --role roles/pubsub.publisher >/dev/null',
    '      "${gcloud_cli[@]}" pubsub subscriptions add-iam-policy-binding "${name}" \\',
    '        --member "${service_agent}" --role roles/pubsub.subscriber >/dev/null',
    '    fi',
    '    echo "subscription ${name} on ${topic}"',
    '  }',
    'fi',
    '',
    '# Topics first: the subscriptions and dead-letter policies point at them.',
    specs.map((spec) => `create_topic ${shellWord(spec.name)} ${seconds(spec)}`),
    '',
    '# The raw loader reads each topic through its own subscription, with retries and a dead-letter topic.',
    consumed.map(
      (spec) =>
        `create_subscription ${shellWord(pubsubSubscription(spec.name))} ${shellWord(spec.name)} 60 true ${seconds(spec)} ${shellWord(spec.deadLetterTopic ?? '')}`,
    ),
    '',
    '# A subscription on each dead-letter topic keeps its messages for inspection.',
    deadLetters.map(
      (spec) =>
        `create_subscription ${shellWord(`${spec.name}.inspect`)} ${shellWord(spec.name)} 600 false ${seconds(spec)}`,
    ),
    plan.aggregate && processorSubscriptionLines(plan, seconds),
  ];
}

function processorSubscriptionLines(
  plan: StreamPlan,
  seconds: (spec: TopicSpec) => number,
): Line[] {
  const aggregate = plan.aggregate;
  if (!aggregate) return [];
  const spec = topicSpecs(plan).find((candidate) => candidate.name === aggregate.fact.topic.name);
  if (!spec) return [];
  const name = shellWord(processorSubscription(plan));
  const topic = shellWord(spec.name);
  if (plan.processorEngine !== 'spark') {
    return [
      '',
      '# The stream processor reads the fact through its own subscription.',
      `create_subscription ${name} ${topic} 60 false ${seconds(spec)}`,
    ];
  }
  return [
    '',
    '# Spark has no Pub/Sub source: a Cloud Storage subscription writes Avro files it reads as a stream.',
    'if [[ "${dev}" == true ]]; then',
    '  echo "the emulator has no Cloud Storage subscriptions: the Spark job runs against Google Cloud only"',
    'else',
    `  bucket="${pubsubArchiveBucket(plan).replace('${GCP_PROJECT_ID}', '${project}')}"`,
    '  if ! gcloud storage buckets describe "gs://${bucket}" >/dev/null 2>&1; then',
    '    gcloud storage buckets create "gs://${bucket}" --project "${project}" --uniform-bucket-level-access',
    '  fi',
    '  gcloud storage buckets add-iam-policy-binding "gs://${bucket}" --member "${service_agent}" --role roles/storage.objectCreator >/dev/null',
    `  if ! "\${gcloud_cli[@]}" pubsub subscriptions describe ${name} >/dev/null 2>&1; then`,
    `    "\${gcloud_cli[@]}" pubsub subscriptions create ${name} --topic ${topic} \\`,
    `      --cloud-storage-bucket "\${bucket}" --cloud-storage-file-prefix ${shellWord(`${spec.name}/`)} --cloud-storage-output-format avro \\`,
    '      --cloud-storage-write-metadata --cloud-storage-max-duration 60s',
    '  fi',
    '  echo "subscription ${bucket} archive"',
    'fi',
  ];
}

function pulsarBody(plan: StreamPlan, specs: readonly TopicSpec[]): Line[] {
  const { tenant, namespace } = pulsarNamespace(plan.model);
  const rf = plan.streaming.replicationFactor;
  const retentionMinutes = Math.ceil(Math.max(...specs.map((spec) => spec.retentionMs)) / 60_000);
  return [
    '# pulsar-admin from PATH (configured through its client.conf), or the one in the compose broker.',
    'if command -v pulsar-admin >/dev/null 2>&1; then',
    '  admin=(pulsar-admin)',
    'else',
    '  admin=(docker compose exec -T pulsar bin/pulsar-admin)',
    'fi',
    '',
    `tenant=${shellWord(tenant)}`,
    `namespace=${shellWord(namespace)}`,
    `ensemble=${rf}`,
    `write_quorum=${rf}`,
    `ack_quorum=${pulsarAckQuorum(rf)}`,
    'if [[ "${dev}" == true ]]; then',
    '  # One bookie in the standalone broker.',
    '  ensemble=1',
    '  write_quorum=1',
    '  ack_quorum=1',
    'fi',
    '',
    'if ! "${admin[@]}" tenants get "${tenant}" >/dev/null 2>&1; then',
    '  clusters="$("${admin[@]}" clusters list | paste -sd, -)"',
    '  "${admin[@]}" tenants create "${tenant}" --allowed-clusters "${clusters}"',
    'fi',
    'if ! "${admin[@]}" namespaces policies "${namespace}" >/dev/null 2>&1; then',
    '  "${admin[@]}" namespaces create "${namespace}"',
    'fi',
    '# Namespace policies converge on every run.',
    `"\${admin[@]}" namespaces set-retention "\${namespace}" --time ${retentionMinutes}m --size -1`,
    '"${admin[@]}" namespaces set-persistence "${namespace}" --bookkeeper-ensemble "${ensemble}" \\',
    '  --bookkeeper-write-quorum "${write_quorum}" --bookkeeper-ack-quorum "${ack_quorum}" --ml-mark-delete-max-rate 0',
    `"\${admin[@]}" namespaces set-deduplication "\${namespace}" ${plan.isExactlyOnce ? '--enable' : '--disable'}`,
    '"${admin[@]}" namespaces set-schema-compatibility-strategy "${namespace}" --compatibility BACKWARD',
    '"${admin[@]}" namespaces set-compaction-threshold "${namespace}" --threshold 100M',
    '',
    '# create_topic NAME PARTITIONS [SUBSCRIPTION]',
    'create_topic() {',
    '  local name="$1" partitions="$2" subscription="${3:-}"',
    '  if ! "${admin[@]}" topics list-partitioned-topics "${namespace}" | grep -qxF "${name}"; then',
    '    "${admin[@]}" topics create-partitioned-topic "${name}" --partitions "${partitions}"',
    '  fi',
    '  if [[ -n "${subscription}" ]]; then',
    '    # Created up front so messages published before the loader starts are retained for it.',
    '    "${admin[@]}" topics create-subscription "${name}" --subscription "${subscription}" >/dev/null 2>&1 || true',
    '  fi',
    '  echo "topic ${name}: ${partitions} partitions"',
    '}',
    '',
    specs.map((spec) => [
      `# ${spec.description}`,
      `create_topic ${shellWord(pulsarTopic(plan.model, spec.name))} ${spec.partitions}${spec.consumerGroups[0] ? ` ${shellWord(spec.consumerGroups[0])}` : ''}`,
    ]),
  ];
}
