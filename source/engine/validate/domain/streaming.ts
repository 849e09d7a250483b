import { Ajv2020 } from 'ajv/dist/2020.js';
import avro from 'avsc';
import { parseDocument } from 'yaml';
import type { ProjectModel } from '../../model/types.js';
import type { DomainCheck, DomainProblem, ProjectFiles } from './types.js';

/**
 * Layer-3 checks of the streaming files (generators/streaming-data/): the topics are sane (and
 * every consumed one has a dead-letter topic), the schemas parse and compile, the connector and
 * client configurations carry what they must. No external program: they run inside `validate`.
 */

const SKILL = 'streaming-data';
const TOPICS_FILE = 'streaming/topics.yaml';

const appliesToStreaming = (model: ProjectModel) => model.flags.hasStreaming;

type Problems = DomainProblem[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, or null. */
function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return null;
}

function lineOf(text: string, needle: string): number | undefined {
  const index = text.indexOf(needle);
  return index < 0 ? undefined : text.slice(0, index).split('\n').length;
}

/** The topics of topics.yaml in one shape, whatever the broker. */
export interface NormalizedTopic {
  name: string;
  role: string;
  key: string | null;
  partitions: number | null;
  replicationFactor: number | null;
  minInsyncReplicas: number | null;
  compacted: boolean;
  retentionDeclared: boolean;
  consumed: boolean;
  deadLetter: string | null;
}

export function normalizeTopics(data: Record<string, unknown>): {
  broker: string;
  topics: NormalizedTopic[];
  problems: string[];
} {
  const broker = typeof data.broker === 'string' ? data.broker : '';
  const problems: string[] = [];
  const list = (key: string): Record<string, unknown>[] => {
    const value = data[key];
    if (!Array.isArray(value)) {
      problems.push(`"${key}" must be a list`);
      return [];
    }
    return value.filter(isRecord);
  };
  const groups = (item: Record<string, unknown>) =>
    Array.isArray(item.consumer_groups) ? item.consumer_groups.length > 0 : false;
  switch (broker) {
    case 'kafka':
    case 'redpanda':
      return {
        broker,
        problems,
        topics: list('topics').map((item) => {
          const config = isRecord(item.config) ? item.config : {};
          const policy =
            typeof config['cleanup.policy'] === 'string' ? config['cleanup.policy'] : '';
          return {
            name: text(item.name) ?? '',
            role: text(item.role) ?? '',
            key: text(item.key),
            partitions: asNumber(item.partitions),
            replicationFactor: asNumber(item.replication_factor),
            minInsyncReplicas: asNumber(config['min.insync.replicas'] ?? item.min_insync_replicas),
            compacted: policy.includes('compact'),
            retentionDeclared: policy.includes('compact') || config['retention.ms'] !== undefined,
            consumed: groups(item),
            deadLetter: text(item.dead_letter_topic),
          };
        }),
      };
    case 'kinesis':
      return {
        broker,
        problems,
        topics: list('streams').map((item) => ({
          name: text(item.name) ?? '',
          role: text(item.role) ?? '',
          key: text(item.partition_key),
          partitions: asNumber(item.shard_count),
          replicationFactor: null,
          minInsyncReplicas: null,
          compacted: false,
          retentionDeclared: asNumber(item.retention_period_hours) !== null,
          consumed: groups(item),
          deadLetter: text(item.dead_letter_stream),
        })),
      };
    case 'pubsub':
      return {
        broker,
        problems,
        topics: list('topics').map((item) => ({
          name: text(item.name) ?? '',
          role: text(item.role) ?? '',
          key: text(item.ordering_key),
          partitions: 1,
          replicationFactor: null,
          minInsyncReplicas: null,
          compacted: false,
          retentionDeclared: typeof item.message_retention_duration === 'string',
          consumed: groups(item),
          deadLetter: text(item.dead_letter_topic),
        })),
      };
    case 'pulsar':
      return {
        broker,
        problems,
        topics: list('topics').map((item) => ({
          name: text(item.name) ?? '',
          role: text(item.role) ?? '',
          key: text(item.key),
          partitions: asNumber(item.partitions),
          replicationFactor: asNumber(item.replication_factor),
          minInsyncReplicas: null,
          compacted: item.compacted === true,
          retentionDeclared: true,
          consumed: groups(item),
          deadLetter: text(item.dead_letter_topic),
        })),
      };
    default:
      problems.push(`unknown broker "${broker}"`);
      return { broker, topics: [], problems };
  }
}

/** Topic rules that hold on every broker. */
export function checkTopics(text: string): string[] {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) return document.errors.map((error) => error.message);
  const data: unknown = document.toJS();
  if (!isRecord(data)) return ['topics.yaml is not a mapping'];
  const { broker, topics, problems } = normalizeTopics(data);
  const names = new Set(topics.map((topic) => topic.name));
  if (topics.length === 0) problems.push('no topics declared');
  for (const topic of topics) {
    const where = `topic ${topic.name || '(unnamed)'}`;
    if (!topic.name) problems.push('a topic has no name');
    if (topic.partitions === null || !Number.isInteger(topic.partitions) || topic.partitions < 1) {
      problems.push(`${where}: partitions (or shards) must be a whole number ≥ 1`);
    }
    if (topic.replicationFactor !== null) {
      if (topic.replicationFactor < 1) problems.push(`${where}: replication factor must be ≥ 1`);
      const isr = topic.minInsyncReplicas;
      if (isr !== null) {
        if (isr < 1) problems.push(`${where}: min.insync.replicas must be ≥ 1`);
        else if (topic.replicationFactor === 1 ? isr !== 1 : isr >= topic.replicationFactor) {
          problems.push(
            `${where}: min.insync.replicas (${isr}) must be below the replication factor (${topic.replicationFactor}), or 1 when it is 1, or one lost replica stops all writes`,
          );
        }
      } else if (broker === 'kafka') {
        problems.push(`${where}: min.insync.replicas is not set`);
      }
    }
    if (topic.compacted && !topic.key)
      problems.push(
        `${where}: a compacted topic must be keyed (compaction keeps the latest value per key)`,
      );
    if (!topic.retentionDeclared) problems.push(`${where}: retention is not explicit`);
    if (topic.consumed && topic.role !== 'dead-letter') {
      if (!topic.deadLetter) problems.push(`${where}: consumed but has no dead-letter topic`);
      else if (!names.has(topic.deadLetter))
        problems.push(`${where}: dead-letter topic ${topic.deadLetter} is not declared`);
    }
  }
  if (broker === 'pubsub') problems.push(...checkPubsubSubscriptions(data, names));
  if (broker === 'pulsar') problems.push(...checkPulsarPolicies(data));
  return problems;
}

function checkPubsubSubscriptions(data: Record<string, unknown>, topics: Set<string>): string[] {
  const problems: string[] = [];
  const subscriptions = Array.isArray(data.subscriptions)
    ? data.subscriptions.filter(isRecord)
    : [];
  for (const subscription of subscriptions) {
    const name = text(subscription.name) ?? '(unnamed)';
    if (!topics.has(String(subscription.topic)))
      problems.push(`subscription ${name}: topic ${String(subscription.topic)} is not declared`);
    const ack = asNumber(subscription.ack_deadline_seconds);
    if (ack === null || ack < 10 || ack > 600)
      problems.push(`subscription ${name}: ack_deadline_seconds must be 10–600`);
    const policy = subscription.dead_letter_policy;
    if (isRecord(policy)) {
      if (!topics.has(String(policy.dead_letter_topic)))
        problems.push(
          `subscription ${name}: dead-letter topic ${String(policy.dead_letter_topic)} is not declared`,
        );
      const attempts = asNumber(policy.max_delivery_attempts);
      if (attempts === null || attempts < 5 || attempts > 100)
        problems.push(
          `subscription ${name}: max_delivery_attempts must be 5–100 (Pub/Sub's range)`,
        );
    }
  }
  return problems;
}

function checkPulsarPolicies(data: Record<string, unknown>): string[] {
  const policies = isRecord(data.namespace_policies) ? data.namespace_policies : {};
  const persistence = isRecord(policies.persistence) ? policies.persistence : {};
  const ensemble = asNumber(persistence.bookkeeper_ensemble);
  const write = asNumber(persistence.bookkeeper_write_quorum);
  const ack = asNumber(persistence.bookkeeper_ack_quorum);
  if (ensemble === null || write === null || ack === null)
    return ['namespace_policies.persistence needs ensemble, write and ack quorums'];
  const problems: string[] = [];
  if (!(ack <= write && write <= ensemble))
    problems.push('persistence: ack quorum ≤ write quorum ≤ ensemble is required');
  if (write > 1 && ack >= write)
    problems.push(
      `persistence: ack quorum (${ack}) must stay below the write quorum (${write}) so one bookie may fail`,
    );
  if (!isRecord(policies.retention)) problems.push('namespace_policies.retention is not set');
  return problems;
}

/** Avro schemas parse with avsc (names, types, defaults) and carry a namespace and docs. */
export function checkAvroSchema(text: string): string[] {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`];
  }
  try {
    avro.Type.forSchema(schema as avro.Schema);
  } catch (error) {
    return [`avsc rejects it: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  if (!isRecord(schema) || schema.type !== 'record') return ['the value schema must be a record'];
  if (typeof schema.namespace !== 'string' || schema.namespace === '')
    problems.push('the record has no namespace');
  if (typeof schema.doc !== 'string' || schema.doc === '') problems.push('the record has no doc');
  for (const field of Array.isArray(schema.fields) ? schema.fields.filter(isRecord) : []) {
    const name = String(field.name);
    if (typeof field.doc !== 'string' || field.doc === '')
      problems.push(`field ${name} has no doc`);
    if (Array.isArray(field.type) && field.type[0] === 'null' && !('default' in field)) {
      problems.push(`nullable field ${name} has no default (new readers could not read old data)`);
    }
  }
  return problems;
}

/** JSON Schemas compile under draft 2020-12 in strict mode (unknown keywords are errors). */
export function checkJsonSchema(text: string): string[] {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`];
  }
  if (!isRecord(schema)) return ['the schema must be an object'];
  const problems: string[] = [];
  if (schema.$schema !== 'https://json-schema.org/draft/2020-12/schema')
    problems.push('$schema must be draft 2020-12');
  if (typeof schema.$id !== 'string' || schema.$id === '') problems.push('$id is missing');
  // Formats are annotations for compilation; strict mode rejects unknown keywords and formats.
  const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
  try {
    ajv.compile(schema);
  } catch (error) {
    problems.push(`ajv (draft 2020-12, strict) rejects it: ${(error as Error).message}`);
  }
  if (!Array.isArray(schema.required)) problems.push('"required" is missing');
  return problems;
}

const PROTO_SCALARS = new Set([
  'double',
  'float',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'sint32',
  'sint64',
  'fixed32',
  'fixed64',
  'sfixed32',
  'sfixed64',
  'bool',
  'string',
  'bytes',
]);

/**
 * A structural check of a proto3 file: syntax and package lines, balanced braces, messages whose
 * fields have known types, unique positive numbers outside the reserved range, and an import for
 * every google.protobuf type used. (The verification suite also compiles them with protoc.)
 */
export function checkProtobufSchema(text: string): string[] {
  const problems: string[] = [];
  const code = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
  if (!/^\s*syntax\s*=\s*"proto3"\s*;/m.test(code)) problems.push('syntax = "proto3"; is missing');
  if (!/^\s*package\s+[A-Za-z_][\w.]*\s*;/m.test(code)) problems.push('package is missing');
  let depth = 0;
  for (const character of code) {
    if (character === '{') depth++;
    if (character === '}') depth--;
    if (depth < 0) break;
  }
  if (depth !== 0) problems.push('unbalanced braces');
  const messages = [...code.matchAll(/\bmessage\s+([A-Za-z_]\w*)\s*\{([^{}]*)\}/g)];
  if (messages.length === 0) problems.push('no message is defined');
  const declared = new Set(messages.map((match) => match[1]));
  const imports = new Set(
    [...code.matchAll(/^\s*import\s+"([^"]+)"\s*;/gm)].map((match) => match[1]),
  );
  for (const [, name, body = ''] of messages) {
    const numbers = new Set<number>();
    for (const statement of body
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)) {
      if (/^(reserved|option)\b/.test(statement)) continue;
      const field =
        /^(?:(optional|repeated)\s+)?([A-Za-z_][\w.]*)\s+([A-Za-z_]\w*)\s*=\s*(\d+)(\s*\[[^\]]*\])?$/.exec(
          statement,
        );
      if (!field) {
        problems.push(`message ${name}: cannot read "${statement.replace(/\s+/g, ' ')}"`);
        continue;
      }
      const [, , type = '', fieldName = '', rawNumber = '0'] = field;
      const number = Number(rawNumber);
      if (number < 1 || number > 536_870_911 || (number >= 19_000 && number <= 19_999))
        problems.push(`message ${name}: field ${fieldName} has an invalid number ${number}`);
      if (numbers.has(number))
        problems.push(`message ${name}: field number ${number} is used twice`);
      numbers.add(number);
      if (type.startsWith('google.protobuf.')) {
        const file = `google/protobuf/${type.slice('google.protobuf.'.length).toLowerCase()}.proto`;
        if (!imports.has(file)) problems.push(`message ${name}: ${type} needs import "${file}"`);
      } else if (!PROTO_SCALARS.has(type) && !declared.has(type)) {
        problems.push(`message ${name}: unknown type ${type} of field ${fieldName}`);
      }
    }
  }
  return problems;
}

/** Java-style .properties: key=value lines, no duplicates. */
export function parseProperties(text: string): { values: Map<string, string>; problems: string[] } {
  const values = new Map<string, string>();
  const problems: string[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('!')) return;
    const separator = line.indexOf('=');
    if (separator <= 0) {
      problems.push(`line ${index + 1}: expected key=value, got "${line}"`);
      return;
    }
    const key = line.slice(0, separator).trim();
    if (values.has(key)) problems.push(`line ${index + 1}: ${key} is set twice`);
    values.set(key, line.slice(separator + 1).trim());
  });
  return { values, problems };
}

export function checkProducerProperties(text: string, isExactlyOnce: boolean): string[] {
  const { values, problems } = parseProperties(text);
  const expect = (key: string, value: string, why: string) => {
    if (values.get(key) !== value) problems.push(`${key} must be ${value} (${why})`);
  };
  expect('acks', 'all', 'no loss when a leader fails');
  expect('enable.idempotence', 'true', 'retries must not duplicate');
  if (!values.has('compression.type')) problems.push('compression.type is not set');
  if (isExactlyOnce && !values.get('transactional.id'))
    problems.push('transactional.id is required for exactly-once');
  return problems;
}

export function checkConsumerProperties(text: string, isExactlyOnce: boolean): string[] {
  const { values, problems } = parseProperties(text);
  if (!values.get('group.id')) problems.push('group.id is not set');
  if (values.get('enable.auto.commit') !== 'false')
    problems.push('enable.auto.commit must be false (commit after loading)');
  if (!['earliest', 'latest'].includes(values.get('auto.offset.reset') ?? ''))
    problems.push('auto.offset.reset must be earliest or latest');
  if (isExactlyOnce && values.get('isolation.level') !== 'read_committed')
    problems.push('isolation.level must be read_committed for exactly-once');
  return problems;
}

const SECRET_KEYS = /(password|secret|token|private\.key)$/i;

/** Keys every connector of a class needs. */
const CONNECTOR_KEYS: Record<string, string[]> = {
  'io.debezium.connector.postgresql.PostgresConnector': [
    'topic.prefix',
    'plugin.name',
    'slot.name',
    'publication.name',
    'publication.autocreate.mode',
    'table.include.list',
    'heartbeat.interval.ms',
    'database.hostname',
    'database.dbname',
    'database.user',
    'database.password',
  ],
  'io.debezium.connector.mysql.MySqlConnector': [
    'topic.prefix',
    'database.server.id',
    'table.include.list',
    'schema.history.internal.kafka.topic',
    'schema.history.internal.kafka.bootstrap.servers',
    'database.hostname',
    'database.user',
    'database.password',
  ],
  'com.snowflake.kafka.connector.SnowflakeSinkConnector': [
    'topics',
    'snowflake.url.name',
    'snowflake.user.name',
    'snowflake.private.key',
    'snowflake.database.name',
    'snowflake.schema.name',
    'snowflake.topic2table.map',
  ],
  'com.wepay.kafka.connect.bigquery.BigQuerySinkConnector': [
    'topics',
    'project',
    'defaultDataset',
    'keyfile',
    'topic2TableMap',
  ],
  'io.debezium.connector.jdbc.JdbcSinkConnector': [
    'topics',
    'connection.url',
    'connection.username',
    'connection.password',
    'insert.mode',
    'primary.key.mode',
  ],
  'io.confluent.connect.jdbc.JdbcSinkConnector': [
    'topics',
    'connection.url',
    'connection.user',
    'connection.password',
    'insert.mode',
    'table.name.format',
  ],
};

/** Kafka Connect connector configurations (flat config maps for PUT /connectors/<name>/config). */
export function checkConnector(text: string): string[] {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`];
  }
  if (!isRecord(config)) return ['a connector config must be an object'];
  const problems: string[] = [];
  if (typeof config.name !== 'string' || config.name === '') problems.push('name is missing');
  const connectorClass = config['connector.class'];
  if (typeof connectorClass !== 'string') return [...problems, 'connector.class is missing'];
  for (const key of CONNECTOR_KEYS[connectorClass] ?? []) {
    if (typeof config[key] !== 'string' || config[key] === '') problems.push(`${key} is missing`);
  }
  for (const [key, value] of Object.entries(config)) {
    if (typeof value !== 'string') problems.push(`${key}: Connect configs are strings`);
    else if (SECRET_KEYS.test(key) && !/^\$\{[a-z]+:[^}]+\}$/.test(value))
      problems.push(`${key} must come from a config provider (\${env:…}), not a literal`);
  }
  if (typeof config.transforms === 'string') {
    for (const name of config.transforms.split(',').map((part) => part.trim())) {
      if (typeof config[`transforms.${name}.type`] !== 'string')
        problems.push(`transform ${name} has no type`);
    }
  }
  return problems;
}

/** The topic names of topics.yaml, or null when it is missing or unreadable (reported by streaming.topics). */
function declaredTopics(text: string | undefined): Set<string> | null {
  if (text === undefined) return null;
  const document = parseDocument(text);
  const data: unknown = document.errors.length > 0 ? null : document.toJS();
  return isRecord(data) ? new Set(normalizeTopics(data).topics.map((topic) => topic.name)) : null;
}

/** A sink reads declared topics and parks failures in a declared dead-letter topic (not one Connect invents). */
export function checkSinkTopics(text: string, declared: ReadonlySet<string>): string[] {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    return [];
  }
  if (!isRecord(config)) return [];
  const problems: string[] = [];
  const read =
    typeof config.topics === 'string' ? config.topics.split(',').map((name) => name.trim()) : [];
  for (const name of read)
    if (!declared.has(name))
      problems.push(`reads topic ${name}, which topics.yaml does not declare`);
  const deadLetter = config['errors.deadletterqueue.topic.name'];
  if (config['errors.tolerance'] === 'all' && typeof deadLetter !== 'string')
    problems.push(
      'errors.tolerance=all without errors.deadletterqueue.topic.name drops failed records silently',
    );
  if (typeof deadLetter === 'string' && !declared.has(deadLetter))
    problems.push(`dead-letter topic ${deadLetter} is not declared in topics.yaml`);
  return problems;
}

/** The Databricks job that lands the topics (Jobs API 2.1 payload). */
function checkDatabricksJob(text: string): string[] {
  let job: unknown;
  try {
    job = JSON.parse(text);
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`];
  }
  if (!isRecord(job)) return ['the job must be an object'];
  const problems: string[] = [];
  if (typeof job.name !== 'string') problems.push('name is missing');
  if (!Array.isArray(job.tasks) || job.tasks.length === 0) problems.push('tasks are missing');
  return problems;
}

function collect(
  files: ProjectFiles,
  filter: (path: string) => boolean,
  check: (text: string, path: string) => string[],
): Problems {
  const problems: Problems = [];
  for (const path of files.paths().filter(filter)) {
    for (const message of check(files.read(path) ?? '', path)) problems.push({ path, message });
  }
  return problems;
}

const topicsCheck: DomainCheck = {
  id: 'streaming.topics',
  title:
    'Topics are sane: partitions, replication, min.insync.replicas, retention, dead-letter topics',
  skill: SKILL,
  appliesTo: appliesToStreaming,
  run(files, model) {
    const text = files.read(TOPICS_FILE);
    if (text === undefined) return [{ path: TOPICS_FILE, message: 'missing' }];
    const problems: Problems = checkTopics(text).map((message) => ({
      path: TOPICS_FILE,
      message,
      line: lineOf(text, message.split(':')[0]?.replace(/^topic /, '') ?? ''),
    }));
    // Integration: every topic of the model is declared.
    for (const topic of model.topics) {
      if (!text.includes(topic.name))
        problems.push({
          path: TOPICS_FILE,
          message: `the topic of ${topic.entity} (${topic.name}) is not declared`,
        });
      if (!text.includes(topic.dlq))
        problems.push({
          path: TOPICS_FILE,
          message: `the dead-letter topic ${topic.dlq} is not declared`,
        });
    }
    const script = files.read('streaming/scripts/create-topics.sh');
    if (script !== undefined) {
      for (const topic of model.topics) {
        for (const name of [topic.name, topic.dlq]) {
          if (!script.includes(name))
            problems.push({
              path: 'streaming/scripts/create-topics.sh',
              message: `does not create ${name}`,
            });
        }
      }
    }
    return problems;
  },
};

const schemasCheck: DomainCheck = {
  id: 'streaming.schemas',
  title: 'Event schemas parse: Avro with avsc, JSON Schema with ajv (2020-12), Protobuf structure',
  skill: SKILL,
  appliesTo: appliesToStreaming,
  run(files, model) {
    const inSchemas = (path: string) => /^streaming\/schemas\/[^/]+$/.test(path);
    const problems: Problems = [
      ...collect(files, (path) => inSchemas(path) && path.endsWith('.avsc'), checkAvroSchema),
      ...collect(
        files,
        (path) => inSchemas(path) && path.endsWith('.schema.json'),
        checkJsonSchema,
      ),
      ...collect(files, (path) => inSchemas(path) && path.endsWith('.proto'), checkProtobufSchema),
    ];
    const extension = { avro: '.avsc', protobuf: '.proto', 'json-schema': '.schema.json' }[
      model.streaming.serialization
    ];
    for (const entity of model.entities) {
      const path = `streaming/schemas/${entity.name}${extension}`;
      if (files.read(path) === undefined)
        problems.push({ path, message: `no schema for ${entity.name}` });
    }
    // Registry payloads must carry exactly the schema files.
    for (const path of files
      .paths()
      .filter((candidate) => candidate.startsWith('streaming/schemas/registry/'))) {
      try {
        const payload = JSON.parse(files.read(path) ?? '') as { schema?: unknown };
        if (typeof payload.schema !== 'string')
          problems.push({ path, message: 'no "schema" string' });
      } catch (error) {
        problems.push({ path, message: `not JSON: ${(error as Error).message}` });
      }
    }
    return problems;
  },
};

const connectorsCheck: DomainCheck = {
  id: 'streaming.connectors',
  title:
    'Connector configurations have their required keys and take secrets from a config provider',
  skill: SKILL,
  appliesTo: (model) =>
    model.flags.hasStreaming && (model.streaming.cdc !== 'none' || model.flags.usesKafkaApi),
  run(files) {
    const declared = declaredTopics(files.read(TOPICS_FILE));
    return [
      ...collect(files, (path) => /^streaming\/cdc\/[^/]+\.json$/.test(path), checkConnector),
      ...collect(
        files,
        (path) => /^streaming\/connect\/[^/]+-sink\.json$/.test(path),
        (text, path) =>
          path.endsWith('databricks-sink.json')
            ? checkDatabricksJob(text)
            : [...checkConnector(text), ...(declared ? checkSinkTopics(text, declared) : [])],
      ),
    ];
  },
};

const clientPropertiesCheck: DomainCheck = {
  id: 'streaming.client-properties',
  title:
    'Producer and consumer properties are well-formed and safe (acks=all, idempotence, manual commits)',
  skill: SKILL,
  appliesTo: (model) => model.flags.hasStreaming && model.flags.usesKafkaApi,
  run(files, model) {
    const isExactlyOnce = model.streaming.delivery === 'exactly-once';
    const problems: Problems = [];
    for (const [path, check] of [
      ['streaming/config/producer.properties', checkProducerProperties],
      ['streaming/config/consumer.properties', checkConsumerProperties],
    ] as const) {
      const text = files.read(path);
      if (text === undefined) problems.push({ path, message: 'missing' });
      else problems.push(...check(text, isExactlyOnce).map((message) => ({ path, message })));
    }
    return problems;
  },
};

export const streamingChecks: DomainCheck[] = [
  topicsCheck,
  schemasCheck,
  connectorsCheck,
  clientPropertiesCheck,
];
