import { dedent, jsString, lines } from '../../../shared/text.js';
import {
  LOADER_STATE_SCHEMA,
  loaderMetadataParameters,
  loaderStatements,
} from '../../loader-sql.js';
import type { StreamPlan } from '../../plan.js';
import { chunks, clientEntities, LOADER } from '../shared.js';

function tsLong(value: string, indent: number): string {
  const parts = chunks(value, 84);
  if (parts.length === 1) return jsString(value);
  return parts
    .map((part, index) => `${index === 0 ? '' : `${' '.repeat(indent)}+ `}${jsString(part)}`)
    .join('\n');
}

/** TypeScript module name of an entity's generated Protobuf code (protoc-gen-es). */
export function tsProtoModule(entityName: string): string {
  return `${entityName}_pb`;
}

export function tsCatalog(plan: StreamPlan): string {
  const entities = clientEntities(plan);
  const metadata = loaderMetadataParameters(plan);
  return lines(
    '/**',
    ` * Entities, topics and loader statements of ${plan.model.title}, generated from the project model with`,
    ' * the schemas next to it: producers, the raw loader and the schema files read their names from here,',
    ' * so they cannot drift apart. Regenerate rather than edit.',
    ' */',
    "import { join } from 'node:path';",
    '',
    `export const CONSUMER_GROUP = ${jsString(plan.consumerGroup)};`,
    "/** Metadata parameters the loader binds after the entity's columns, in order. */",
    `export const METADATA_PARAMETERS = [${metadata.map((name) => jsString(name)).join(', ')}] as const;`,
    'export type MetadataParameter = (typeof METADATA_PARAMETERS)[number];',
    '',
    "export type FieldType = 'string' | 'integer' | 'bigint' | 'decimal' | 'double' | 'boolean' | 'timestamp' | 'date';",
    '',
    'export interface Field {',
    '  name: string;',
    '  type: FieldType;',
    '  nullable: boolean;',
    '}',
    '',
    'export interface Entity {',
    '  name: string;',
    '  record: string;',
    '  topic: string;',
    '  deadLetterTopic: string;',
    '  subscription: string;',
    '  key: string;',
    '  eventTime: string;',
    '  isChangelog: boolean;',
    "  /** 'producer': published by the producers; 'cdc': captured by Debezium from the source database. */",
    "  source: 'producer' | 'cdc';",
    '  /** Value format on the wire; json for Debezium Server on a broker without a registry. */',
    "  wireFormat: 'avro' | 'protobuf' | 'json-schema' | 'json';",
    '  schemaFile: string;',
    '  fields: Field[];',
    '  createTable: string;',
    '  upsert: string;',
    '  tombstone: string | null;',
    '}',
    '',
    '/** schemas/, samples/ and config/ are read relative to the streaming folder (the working directory). */',
    "export const schemaPath = (entity: Entity): string => join('schemas', entity.schemaFile);",
    "export const samplePath = (entity: Entity): string => join('samples', `${entity.name}.jsonl`);",
    '',
    'export const ENTITIES: readonly Entity[] = [',
    entities.map((client) => {
      const statements = loaderStatements(plan, client.item);
      const entity = client.item.entity;
      return [
        '  {',
        `    name: ${jsString(entity.name)},`,
        `    record: ${jsString(client.item.record)},`,
        `    topic: ${jsString(client.topic)},`,
        `    deadLetterTopic: ${jsString(client.deadLetterTopic)},`,
        `    subscription: ${jsString(client.subscription)},`,
        `    key: ${jsString(entity.key.name)},`,
        `    eventTime: ${jsString(entity.eventTime.name)},`,
        `    isChangelog: ${client.item.topic.isCompacted ? 'true' : 'false'},`,
        `    source: ${jsString(client.item.source)},`,
        `    wireFormat: ${jsString(client.wireFormat)},`,
        `    schemaFile: ${jsString(client.item.schemaFile)},`,
        '    fields: [',
        entity.columns.map(
          (column) =>
            `      { name: ${jsString(column.name)}, type: ${jsString(column.type)}, nullable: ${column.isNullable ? 'true' : 'false'} },`,
        ),
        '    ],',
        `    createTable:\n      ${tsLong(statements.createTable, 6)},`,
        `    upsert:\n      ${tsLong(statements.upsert, 6)},`,
        `    tombstone: ${statements.tombstone ? `\n      ${tsLong(statements.tombstone, 6)}` : 'null'},`,
        '  },',
      ];
    }),
    '];',
    '',
    'export const BY_NAME = new Map(ENTITIES.map((entity) => [entity.name, entity]));',
    'export const BY_TOPIC = new Map(ENTITIES.map((entity) => [entity.topic, entity]));',
  );
}

export function tsValues(): string {
  return dedent`
    /**
     * The canonical form of event values, shared by the codecs and the loader: strings for text, numbers
     * for integers and doubles, decimals as strings (exact), timestamps as RFC 3339 UTC strings, dates as
     * ISO dates, null when missing. It is the JSON Schema wire format, the Protobuf JSON mapping, and
     * what the DuckDB statements cast from.
     */
    import type { Entity, FieldType } from './catalog.js';

    export type Value = string | number | boolean | null;
    export type Row = Record<string, Value>;

    const MICROS_PER_MILLI = 1000n;

    /** Epoch microseconds of a canonical timestamp (keeps the microseconds a Date would drop). */
    export function toMicros(text: string): bigint {
      const match = /\\.(\\d{1,6})/.exec(text);
      const fraction = match?.[1] ? BigInt(match[1].padEnd(6, '0')) % MICROS_PER_MILLI : 0n;
      return BigInt(Date.parse(text)) * MICROS_PER_MILLI + fraction;
    }

    const MICROS_PER_SECOND = 1_000_000n;

    /**
     * RFC 3339 UTC with the fraction only as long as it needs to be (…:12Z, …:12.5Z, …:12.000123Z):
     * the form every client language writes, so decoded events equal the sample files.
     */
    export function fromMicros(micros: bigint): string {
      let seconds = micros / MICROS_PER_SECOND;
      let fraction = micros % MICROS_PER_SECOND;
      if (fraction < 0n) {
        seconds -= 1n;
        fraction += MICROS_PER_SECOND;
      }
      const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
      const digits = fraction === 0n ? '' : \`.\${String(fraction).padStart(6, '0').replace(/0+$/, '')}\`;
      return \`\${base}\${digits}Z\`;
    }

    /** Unscaled two's-complement big-endian bytes of a decimal(18,2), as Avro's decimal wants them. */
    export function decimalToBytes(text: string): Buffer {
      const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
      let unscaled = BigInt(whole + fraction.padEnd(2, '0').slice(0, 2));
      if (text.startsWith('-')) unscaled = -unscaled;
      const bytes: number[] = [];
      let value = unscaled;
      do {
        bytes.unshift(Number(value & 0xffn));
        value >>= 8n;
      } while (value !== 0n && value !== -1n);
      if (unscaled >= 0n && (bytes[0] ?? 0) & 0x80) bytes.unshift(0);
      if (unscaled < 0n && !((bytes[0] ?? 0) & 0x80)) bytes.unshift(0xff);
      return Buffer.from(bytes);
    }

    export function decimalFromBytes(bytes: Uint8Array): string {
      let value = 0n;
      for (const byte of bytes) value = (value << 8n) | BigInt(byte);
      if (bytes.length > 0 && (bytes[0] ?? 0) & 0x80) value -= 1n << BigInt(bytes.length * 8);
      const negative = value < 0n;
      const digits = (negative ? -value : value).toString().padStart(3, '0');
      return \`\${negative ? '-' : ''}\${digits.slice(0, -2)}.\${digits.slice(-2)}\`;
    }

    const DAY_MS = 86_400_000;

    /** Any decoded representation (Date, epoch micros, decimal bytes…) to the canonical one. */
    export function toCanonical(type: FieldType, value: unknown): Value {
      if (value === null || value === undefined) return null;
      switch (type) {
        case 'timestamp':
          if (value instanceof Date) return fromMicros(BigInt(value.getTime()) * MICROS_PER_MILLI);
          if (typeof value === 'bigint') return fromMicros(value);
          if (typeof value === 'number') return fromMicros(BigInt(value));
          return fromMicros(toMicros(String(value)));
        case 'date':
          if (value instanceof Date) return value.toISOString().slice(0, 10);
          if (typeof value === 'number') return new Date(value * DAY_MS).toISOString().slice(0, 10);
          return String(value);
        case 'decimal':
          if (value instanceof Uint8Array) return decimalFromBytes(value);
          // Through the unscaled form: normalizes to scale 2 ("12.5" → "12.50") without float rounding.
          return decimalFromBytes(decimalToBytes(String(value)));
        case 'integer':
        case 'bigint':
          return Number(value);
        case 'double':
          return Number(value);
        case 'boolean':
          return typeof value === 'string' ? value === 'true' : Boolean(value);
        case 'string':
          return typeof value === 'string' ? value : JSON.stringify(value);
      }
    }

    export function canonicalRow(entity: Entity, data: Record<string, unknown>): Row {
      return Object.fromEntries(entity.fields.map((field) => [field.name, toCanonical(field.type, data[field.name])]));
    }

    /** The canonical value as the Avro types expect it (micros, decimal bytes, epoch days). */
    export function toAvro(type: FieldType, value: Value): unknown {
      if (value === null) return null;
      switch (type) {
        case 'timestamp':
          return Number(toMicros(String(value)));
        case 'date':
          return Math.round(Date.parse(String(value)) / DAY_MS);
        case 'decimal':
          return decimalToBytes(String(value));
        default:
          return value;
      }
    }

    /** Epoch milliseconds of a canonical timestamp: the broker record timestamp of an event. */
    export function eventTimeMillis(value: Value): number {
      return Date.parse(String(value));
    }
  `;
}

export function tsSettings(plan: StreamPlan): string {
  const broker = plan.streaming.broker;
  return lines(
    '/**',
    ' * Connection settings from the environment (see .env.example). Nothing has a default that could hide',
    ' * a missing variable: a client that cannot connect stops at start-up with the name of what is missing.',
    ' */',
    plan.isKafkaApi && [
      "import { readFileSync } from 'node:fs';",
      "import { join } from 'node:path';",
      '',
    ],
    broker === 'kinesis' && ["import { KinesisClient } from '@aws-sdk/client-kinesis';", ''],
    broker === 'pulsar' && [
      "import Pulsar from 'pulsar-client';",
      "import type { Client } from 'pulsar-client';",
      '',
    ],
    '/** Touched on every loop of the loader; probes treat a stale file as a stuck process. */',
    `export const HEARTBEAT_FILE = ${jsString(LOADER.heartbeatFile)};`,
    '',
    'export function required(name: string): string {',
    '  const value = process.env[name]?.trim();',
    '  if (!value) throw new Error(`${name} is not set: run \\`make env\\` and fill in .env (see .env.example)`);',
    '  return value;',
    '}',
    '',
    'export function optional(name: string): string | undefined {',
    '  const value = process.env[name]?.trim();',
    '  return value ? value : undefined;',
    '}',
    '',
    "export const duckdbPath = (): string => required('DUCKDB_PATH');",
    plan.isKafkaApi && [
      '',
      '/** A Java-style .properties file (key=value, # comments). */',
      'export function loadProperties(path: string): Record<string, string> {',
      '  const properties: Record<string, string> = {};',
      "  readFileSync(path, 'utf8')",
      "    .split('\\n')",
      '    .forEach((raw, index) => {',
      '      const line = raw.trim();',
      "      if (!line || line.startsWith('#') || line.startsWith('!')) return;",
      "      const separator = line.indexOf('=');",
      '      if (separator < 0) throw new Error(`${path}:${index + 1}: expected key=value`);',
      '      properties[line.slice(0, separator).trim()] = line.slice(separator + 1).trim();',
      '    });',
      '  return properties;',
      '}',
      '',
      '/** librdkafka settings: config/<kind>.properties plus the connection from the environment. */',
      "export function kafkaConfig(kind: 'producer' | 'consumer'): Record<string, string> {",
      "  const config = loadProperties(join('config', `${kind}.properties`));",
      "  config['bootstrap.servers'] = required('KAFKA_BOOTSTRAP_SERVERS');",
      "  const protocol = optional('KAFKA_SECURITY_PROTOCOL') ?? 'PLAINTEXT';",
      "  config['security.protocol'] = protocol;",
      "  if (protocol.startsWith('SASL')) {",
      '    // SCRAM over TLS in production; the credentials come from the secret store via the environment.',
      `    config['sasl.mechanisms'] = ${jsString(LOADER.saslMechanism)};`,
      "    config['sasl.username'] = required('KAFKA_SASL_USERNAME');",
      "    config['sasl.password'] = required('KAFKA_SASL_PASSWORD');",
      '  }',
      '  return config;',
      '}',
      '',
      "export const schemaRegistryUrl = (): string => required('SCHEMA_REGISTRY_URL');",
    ],
    broker === 'kinesis' && [
      '',
      '/** A Kinesis client; KINESIS_ENDPOINT_URL points it at LocalStack in development. */',
      'export function kinesisClient(): KinesisClient {',
      "  const endpoint = optional('KINESIS_ENDPOINT_URL');",
      "  return new KinesisClient({ region: required('AWS_REGION'), ...(endpoint ? { endpoint } : {}) });",
      '}',
    ],
    broker === 'pubsub' && [
      '',
      '// The Pub/Sub client reads PUBSUB_EMULATOR_HOST itself and then talks to the local emulator.',
      "export const gcpProject = (): string => required('GCP_PROJECT_ID');",
    ],
    broker === 'pulsar' && [
      '',
      '/** A Pulsar client; PULSAR_TOKEN authenticates in production (the standalone broker ignores it). */',
      'export function pulsarClient(): Client {',
      "  const token = optional('PULSAR_TOKEN');",
      '  return new Pulsar.Client({',
      "    serviceUrl: required('PULSAR_SERVICE_URL'),",
      '    operationTimeoutSeconds: 30,',
      '    ...(token ? { authentication: new Pulsar.AuthenticationToken({ token }) } : {}),',
      '  });',
      '}',
    ],
  );
}

export function tsRetry(): string {
  return dedent`
    /**
     * Bounded exponential backoff with full jitter: attempt n waits a random time in
     * [0, min(cap, base * 2^(n-1))], so many loaders retrying a recovering warehouse spread out, and the
     * bound keeps a poison record from blocking its partition (it goes to the dead-letter topic).
     */
    export const MAX_ATTEMPTS = ${LOADER.maxAttempts};
    const BASE_DELAY_MS = ${LOADER.baseDelaySeconds * 1000};
    const MAX_DELAY_MS = ${LOADER.maxDelaySeconds * 1000};

    export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

    export async function withRetries<T>(description: string, isTransient: (error: unknown) => boolean, operation: () => Promise<T>): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        try {
          return await operation();
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS || !isTransient(error)) throw error;
          const delay = Math.random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
          console.warn(\`\${description} failed (attempt \${attempt}/\${MAX_ATTEMPTS}): \${String(error)}; retrying in \${Math.round(delay)} ms\`);
          await sleep(delay);
        }
      }
    }
  `;
}

export function tsWarehouse(plan: StreamPlan): string {
  const isKinesis = plan.streaming.broker === 'kinesis';
  return lines(
    '/**',
    ' * Loads decoded events into the raw tables of the local DuckDB warehouse, idempotently: facts insert',
    ' * with ON CONFLICT DO NOTHING, dimensions upsert only when the incoming version is at least as new.',
    ' * One transaction per batch; the database is opened per batch because DuckDB allows one writing',
    ' * process per file, so dbt and other tools can open it between batches.',
    ' */',
    "import { mkdirSync } from 'node:fs';",
    "import { dirname } from 'node:path';",
    "import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';",
    "import { ENTITIES, METADATA_PARAMETERS, type Entity } from './catalog.js';",
    "import type { Row, Value } from './values.js';",
    '',
    '/** One decoded event (or a tombstone when row is null) and where it came from. */',
    'export interface LoadItem {',
    '  entity: Entity;',
    '  row: Row | null;',
    '  key: string;',
    '  metadata: Partial<Record<string, Value>>;',
    '}',
    isKinesis && [
      '',
      '/** The last Kinesis record of a shard that is safely in the warehouse. */',
      'export interface Checkpoint {',
      '  stream: string;',
      '  shardId: string;',
      '  sequenceNumber: string;',
      '}',
    ],
    '',
    'function statement(item: LoadItem): { sql: string; parameters: DuckDBValue[] } {',
    '  if (item.row === null) {',
    '    if (!item.entity.tombstone) throw new Error(`${item.entity.topic} does not accept tombstones`);',
    "    return { sql: item.entity.tombstone, parameters: [item.metadata['cdc_committed_at'] ?? null, item.key] };",
    '  }',
    '  const row = item.row;',
    '  return {',
    '    sql: item.entity.upsert,',
    '    parameters: [...item.entity.fields.map((field) => row[field.name] ?? null), ...METADATA_PARAMETERS.map((name) => item.metadata[name] ?? null)],',
    '  };',
    '}',
    '',
    '/** Loading errors worth retrying: the file is locked by another process or I/O failed. */',
    'export function isTransient(error: unknown): boolean {',
    '  const message = String(error);',
    "  return message.includes('IO Error') || message.includes('Could not set lock') || message.includes('TransactionContext');",
    '}',
    '',
    'export class RawLoader {',
    '  constructor(private readonly path: string) {}',
    '',
    '  private async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {',
    '    mkdirSync(dirname(this.path), { recursive: true });',
    '    const instance = await DuckDBInstance.create(this.path);',
    '    const connection = await instance.connect();',
    '    try {',
    '      return await work(connection);',
    '    } finally {',
    '      connection.closeSync();',
    '      instance.closeSync();',
    '    }',
    '  }',
    '',
    '  /** Creates the raw tables when architecture/ddl has not (same definition: a no-op then). */',
    '  async ensureTables(): Promise<void> {',
    '    await this.withConnection(async (connection) => {',
    "      await connection.run('CREATE SCHEMA IF NOT EXISTS raw');",
    '      for (const entity of ENTITIES) await connection.run(entity.createTable);',
    isKinesis && [
      `      await connection.run('CREATE SCHEMA IF NOT EXISTS ${LOADER_STATE_SCHEMA}');`,
      '      await connection.run(',
      `        'CREATE TABLE IF NOT EXISTS ${LOADER_STATE_SCHEMA}.kinesis_checkpoints (stream VARCHAR NOT NULL, shard_id VARCHAR NOT NULL, ' +`,
      "          'sequence_number VARCHAR NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, PRIMARY KEY (stream, shard_id))',",
      '      );',
    ],
    '    });',
    '  }',
    isKinesis && [
      '',
      '  async checkpoint(stream: string, shardId: string): Promise<string | undefined> {',
      '    return this.withConnection(async (connection) => {',
      `      const reader = await connection.runAndReadAll('SELECT sequence_number FROM ${LOADER_STATE_SCHEMA}.kinesis_checkpoints WHERE stream = ? AND shard_id = ?', [stream, shardId]);`,
      '      const value = reader.getRows()[0]?.[0];',
      '      return value === undefined || value === null ? undefined : String(value);',
      '    });',
      '  }',
    ],
    '',
    '  /** Writes the items in one transaction: all of them land, or none. */',
    `  async load(items: readonly LoadItem[]${isKinesis ? ', checkpoint?: Checkpoint' : ''}): Promise<void> {`,
    `    if (items.length === 0${isKinesis ? ' && !checkpoint' : ''}) return;`,
    '    await this.withConnection(async (connection) => {',
    "      await connection.run('BEGIN TRANSACTION');",
    '      try {',
    '        for (const item of items) {',
    '          const { sql, parameters } = statement(item);',
    '          await connection.run(sql, parameters);',
    '        }',
    isKinesis && [
      '        if (checkpoint) {',
      '          // The position commits with the rows: a crash can never skip or double-load a record.',
      '          await connection.run(',
      `            'INSERT INTO ${LOADER_STATE_SCHEMA}.kinesis_checkpoints (stream, shard_id, sequence_number) VALUES (?, ?, ?) ' +`,
      "              'ON CONFLICT (stream, shard_id) DO UPDATE SET sequence_number = EXCLUDED.sequence_number, updated_at = current_timestamp',",
      '            [checkpoint.stream, checkpoint.shardId, checkpoint.sequenceNumber],',
      '          );',
      '        }',
    ],
    "        await connection.run('COMMIT');",
    '      } catch (error) {',
    "        await connection.run('ROLLBACK');",
    '        throw error;',
    '      }',
    '    });',
    '  }',
    '}',
  );
}

/** support.ts: heartbeat, dead-letter details and batch loading with isolation of bad records. */
export function tsSupport(plan: StreamPlan): string {
  const isKinesis = plan.streaming.broker === 'kinesis';
  return lines(
    "import { closeSync, openSync, utimesSync } from 'node:fs';",
    `import { isTransient, type LoadItem, type RawLoader${isKinesis ? ', type Checkpoint' : ''} } from './warehouse.js';`,
    "import { MAX_ATTEMPTS, withRetries } from './retry.js';",
    "import { HEARTBEAT_FILE } from './settings.js';",
    '',
    `export const BATCH_SIZE = ${LOADER.batchSize};`,
    '',
    '/** Sends a record that could not be decoded or loaded to its dead-letter topic. */',
    'export type DeadLetter<R> = (record: R, error: unknown, attempts: number) => Promise<void>;',
    '',
    '/** Touches the heartbeat file that the container and Kubernetes probes check. */',
    'export function heartbeat(): void {',
    "  closeSync(openSync(HEARTBEAT_FILE, 'a'));",
    '  const now = new Date();',
    '  utimesSync(HEARTBEAT_FILE, now, now);',
    '}',
    '',
    '/** What the dead-letter record carries about its failure (the Kafka Connect header convention). */',
    'export function errorDetails(error: unknown, attempts: number): Record<string, string> {',
    '  return {',
    "    'dlq.error.class': error instanceof Error ? error.name : typeof error,",
    "    'dlq.error.message': String(error instanceof Error ? error.message : error).slice(0, 1000),",
    "    'dlq.error.attempts': String(attempts),",
    "    'dlq.failed.at': new Date().toISOString(),",
    '  };',
    '}',
    '',
    '/**',
    ' * Loads the batch in one transaction with bounded retries of transient errors; when the batch is',
    ' * rejected (bad data), loads record by record so only the bad records are dead-lettered.',
    ' */',
    `export async function loadBatch<R>(loader: RawLoader, batch: readonly { record: R; item: LoadItem }[], deadLetter: DeadLetter<R>${isKinesis ? ', checkpoint?: Checkpoint' : ''}): Promise<void> {`,
    '  const items = batch.map((pending) => pending.item);',
    '  try {',
    `    await withRetries(\`loading \${items.length} rows\`, isTransient, () => loader.load(items${isKinesis ? ', checkpoint' : ''}));`,
    '    return;',
    '  } catch (error) {',
    '    if (isTransient(error)) throw error;',
    '    console.warn(`batch rejected (${String(error)}); loading record by record to isolate the bad ones`);',
    '  }',
    isKinesis
      ? '  for (const [index, pending] of batch.entries()) {'
      : '  for (const pending of batch) {',
    isKinesis && '    const position = index === batch.length - 1 ? checkpoint : undefined;',
    '    try {',
    `      await withRetries(\`loading \${pending.item.entity.name} \${pending.item.key}\`, isTransient, () => loader.load([pending.item]${isKinesis ? ', position' : ''}));`,
    '    } catch (error) {',
    '      if (isTransient(error)) throw error;',
    '      await deadLetter(pending.record, error, MAX_ATTEMPTS);',
    isKinesis && '      if (position) await loader.load([], position);',
    '    }',
    '  }',
    isKinesis && '  if (batch.length === 0 && checkpoint) await loader.load([], checkpoint);',
    '}',
  );
}

export function tsSamples(): string {
  return dedent`
    import { readFileSync } from 'node:fs';
    import { parseArgs } from 'node:util';
    import { BY_NAME, ENTITIES, samplePath, type Entity } from './catalog.js';
    import type { Row } from './values.js';

    /** The sample events of samples/<entity>.jsonl, one canonical row per line. */
    export function readSamples(entity: Entity): Row[] {
      return readFileSync(samplePath(entity), 'utf8')
        .split('\\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Row);
    }

    /** The entities named with --entity NAME (repeatable), or all of them; CDC-owned ones are skipped. */
    export function selectedEntities(argv: string[]): Entity[] {
      const { values } = parseArgs({ args: argv, options: { entity: { type: 'string', multiple: true } } });
      const names = values.entity ?? [];
      for (const name of names) {
        if (!BY_NAME.has(name)) throw new Error(\`unknown entity \${name} (known: \${[...BY_NAME.keys()].join(', ')})\`);
      }
      return ENTITIES.filter((entity) => (names.length === 0 || names.includes(entity.name)) && entity.source === 'producer');
    }
  `;
}
