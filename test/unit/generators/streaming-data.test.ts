import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { streamingDataGenerator } from '../../../generators/streaming-data/index.js';
import { loaderStatements } from '../../../generators/streaming-data/loader-sql.js';
import { minInsyncReplicas, planStreaming } from '../../../generators/streaming-data/plan.js';
import { canonicalRows, canonicalValue } from '../../../generators/streaming-data/samples.js';
import type { Column } from '../../../source/engine/model/types.js';
import type { AnswerValue } from '../../../source/engine/skills/types.js';
import {
  checkConsumerProperties,
  checkProducerProperties,
  checkTopics,
  parseProperties,
} from '../../../source/engine/validate/domain/streaming.js';
import { buildProject } from '../../support/project.js';

/** Unit tests of the streaming-data generator: its rules, and the files each answer produces. */

const SKILLS = ['architecting-data', 'streaming-data'];

async function streaming(set: Record<string, AnswerValue> = {}) {
  const project = await buildProject({
    goal: 'stream order events into the warehouse',
    set,
    skills: SKILLS,
  });
  const files = new Map([...project.files].filter(([path]) => path.startsWith('streaming/')));
  const read = (path: string): string => {
    const text = files.get(path);
    if (text === undefined)
      throw new Error(`${path} was not generated (have: ${[...files.keys()].join(', ')})`);
    return text;
  };
  return { ...project, streamingFiles: files, read };
}

const column = (type: Column['type'], isNullable = false): Column =>
  ({ name: 'value', type, isNullable, description: 'a value' }) as Column;

describe('minInsyncReplicas', () => {
  it('is 2 for replication 3, 1 for replication 1, and always below the replication factor', () => {
    expect([1, 2, 3, 4, 5].map(minInsyncReplicas)).toEqual([1, 1, 2, 2, 3]);
    for (const factor of [2, 3, 4, 5, 7]) expect(minInsyncReplicas(factor)).toBeLessThan(factor);
  });
});

describe('canonicalValue', () => {
  it('writes timestamps as RFC 3339 UTC, decimals as exact strings, numbers as numbers', () => {
    expect(canonicalValue(column('timestamp'), '2026-01-05 08:04:12')).toBe('2026-01-05T08:04:12Z');
    expect(canonicalValue(column('decimal'), '1234567890123.45')).toBe('1234567890123.45');
    expect(canonicalValue(column('bigint'), '42')).toBe(42);
    expect(canonicalValue(column('double'), '0.5')).toBe(0.5);
    expect(canonicalValue(column('boolean'), 'false')).toBe(false);
    expect(canonicalValue(column('date'), '2026-01-05')).toBe('2026-01-05');
  });

  it('turns missing values into null, but keeps an empty required string', () => {
    expect(canonicalValue(column('string', true), '')).toBeNull();
    expect(canonicalValue(column('integer'), '')).toBeNull();
    expect(canonicalValue(column('string'), undefined)).toBeNull();
    expect(canonicalValue(column('string'), '')).toBe('');
  });
});

describe('the plan', () => {
  it('names everything from the model: namespace, topics, subjects, the consumer group', async () => {
    const { model } = await streaming();
    const plan = planStreaming(model);
    expect(plan.namespace).toBe(`${model.domain}.events.v1`);
    expect(plan.consumerGroup).toMatch(/-raw-loader$/);
    expect(plan.entities.map((item) => item.topic.name)).toEqual(
      model.topics.map((topic) => topic.name),
    );
    for (const item of plan.entities) expect(item.subject).toBe(`${item.topic.name}-value`);
  });

  it('captures every entity table with CDC, the transactional ones (facts) included', async () => {
    const project = await streaming({ 'streaming-data.cdc': 'debezium-postgres' });
    const { model, read } = project;
    const plan = planStreaming(model);
    expect(plan.cdcEntities.map((item) => item.entity.name)).toEqual(
      model.entities.map((entity) => entity.name),
    );
    expect(plan.cdcEntities.some((item) => item.entity.kind === 'fact')).toBe(true);
    expect(plan.producerEntities).toEqual([]);
    const connector = JSON.parse(read('streaming/cdc/postgres-source.json')) as Record<
      string,
      string
    >;
    expect(connector['table.include.list']?.split(',').sort()).toEqual(
      model.entities.map((entity) => `public.${entity.name}`).sort(),
    );
    // The raw DDL says every topic-fed table comes from Debezium: the connector agrees.
    for (const entity of model.entities)
      expect(read('streaming/cdc/source-db/01-schema.sql')).toContain(
        `CREATE TABLE IF NOT EXISTS ${entity.name} (`,
      );
    // Nothing is left for the producers to publish: no make target points at them.
    expect(project.files.get('Makefile')).not.toContain('send-events');
  });

  it('runs Kafka Streams on Flink when the broker is not Kafka, and says why', async () => {
    // The conflict rule kafka-streams-needs-kafka settles this before generation (its recommended
    // resolution is Flink); the generator still copes when a hand-edited answers file gets here.
    const { model } = await streaming({
      'streaming-data.broker': 'kinesis',
      'streaming-data.language': 'java',
      'streaming-data.processor': 'kafka-streams',
    });
    expect(model.streaming.processor).toBe('flink');
    expect(model.decisions.map((decision) => decision.findingId)).toContain(
      'kafka-streams-needs-kafka',
    );
    const plan = planStreaming({
      ...model,
      streaming: { ...model.streaming, processor: 'kafka-streams' },
    });
    expect(plan.processorEngine).toBe('flink-datastream');
    expect(plan.processorNote).toMatch(/Kafka Streams/);
  });
});

describe('topics', () => {
  it('Kafka: facts delete with explicit retention, dimensions compact with tombstone settings, min.insync.replicas 2 of 3', async () => {
    const { model, read } = await streaming({ 'streaming-data.broker': 'kafka' });
    const text = read('streaming/topics.yaml');
    expect(checkTopics(text)).toEqual([]);
    const topics = (
      parse(text) as {
        topics: {
          name: string;
          replication_factor: number;
          config: Record<string, string>;
          dead_letter_topic?: string;
        }[];
      }
    ).topics;
    const byName = new Map(topics.map((topic) => [topic.name, topic]));
    for (const topic of model.topics) {
      const declared = byName.get(topic.name);
      expect(declared?.dead_letter_topic, topic.name).toBe(topic.dlq);
      expect(byName.has(topic.dlq), topic.dlq).toBe(true);
      expect(declared?.replication_factor).toBe(3);
      expect(declared?.config['min.insync.replicas']).toBe('2');
      if (topic.isCompacted) {
        expect(declared?.config['cleanup.policy']).toBe('compact');
        expect(Number(declared?.config['delete.retention.ms'])).toBeGreaterThan(0);
        expect(Number(declared?.config['min.compaction.lag.ms'])).toBeGreaterThan(0);
      } else {
        expect(declared?.config).toMatchObject({
          'cleanup.policy': 'delete',
          'retention.ms': String(topic.retentionMs),
        });
      }
    }
    expect(read('streaming/scripts/create-topics.sh')).toMatch(/^set -euo pipefail$/m);
  });

  it('replication factor 1: min.insync.replicas 1', async () => {
    const { read } = await streaming({
      'streaming-data.broker': 'kafka',
      'streaming-data.replication_factor': 1,
    });
    const topics = (
      parse(read('streaming/topics.yaml')) as { topics: { config: Record<string, string> }[] }
    ).topics;
    expect(new Set(topics.map((topic) => topic.config['min.insync.replicas']))).toEqual(
      new Set(['1']),
    );
  });

  it('Kinesis: streams with shard counts, retention and a dead-letter stream', async () => {
    const { read } = await streaming({ 'streaming-data.broker': 'kinesis' });
    const text = read('streaming/topics.yaml');
    expect(checkTopics(text)).toEqual([]);
    const streams = (
      parse(text) as {
        streams: {
          name: string;
          shard_count: number;
          retention_period_hours: number;
          dead_letter_stream?: string;
        }[];
      }
    ).streams;
    expect(
      streams.every((stream) => stream.shard_count >= 1 && stream.retention_period_hours >= 24),
    ).toBe(true);
    expect(streams.filter((stream) => stream.dead_letter_stream).length).toBeGreaterThan(0);
    expect(read('streaming/scripts/create-topics.sh')).toContain('kinesis');
  });

  it('Pub/Sub: subscriptions with ack deadline, retry policy and dead-letter policy', async () => {
    const { read } = await streaming({ 'streaming-data.broker': 'pubsub' });
    const text = read('streaming/topics.yaml');
    expect(checkTopics(text)).toEqual([]);
    const subscriptions = (parse(text) as { subscriptions: Record<string, unknown>[] })
      .subscriptions;
    const loaders = subscriptions.filter(
      (subscription) => !String(subscription.topic).endsWith('.dlq'),
    );
    expect(loaders.length).toBeGreaterThan(0);
    for (const subscription of loaders)
      expect(Object.keys(subscription)).toEqual(
        expect.arrayContaining(['ack_deadline_seconds', 'retry_policy', 'dead_letter_policy']),
      );
    // Each dead-letter topic gets an inspection subscription that keeps acknowledged messages.
    const inspection = subscriptions.filter((subscription) =>
      String(subscription.topic).endsWith('.dlq'),
    );
    expect(inspection.length).toBe(loaders.length);
    for (const subscription of inspection) {
      expect(subscription.retain_acked_messages).toBe(true);
      expect(subscription.dead_letter_policy).toBeUndefined();
    }
  });

  it('Pulsar: namespace policies with retention and quorums, dead-letter policy on the subscriptions', async () => {
    const { read } = await streaming({ 'streaming-data.broker': 'pulsar' });
    const text = read('streaming/topics.yaml');
    expect(checkTopics(text)).toEqual([]);
    const data = parse(text) as {
      namespace_policies: { retention: object; persistence: Record<string, number> };
    };
    expect(data.namespace_policies.retention).toBeDefined();
    expect(data.namespace_policies.persistence.bookkeeper_ack_quorum).toBeLessThanOrEqual(
      data.namespace_policies.persistence.bookkeeper_write_quorum ?? 0,
    );
    expect(text).toContain('dead_letter');
  });
});

describe('client properties', () => {
  it('at-least-once: safe producer, manual commits, read_committed, no transactional.id', async () => {
    const { read } = await streaming({
      'streaming-data.broker': 'kafka',
      'streaming-data.delivery': 'at-least-once',
    });
    const producer = read('streaming/config/producer.properties');
    const consumer = read('streaming/config/consumer.properties');
    expect(checkProducerProperties(producer, false)).toEqual([]);
    expect(checkConsumerProperties(consumer, false)).toEqual([]);
    expect(parseProperties(producer).values.has('transactional.id')).toBe(false);
    expect(parseProperties(consumer).values.get('enable.auto.commit')).toBe('false');
  });

  it('exactly-once: transactional.id on the producer, read_committed on the consumer', async () => {
    const { read } = await streaming({
      'streaming-data.broker': 'kafka',
      'streaming-data.delivery': 'exactly-once',
    });
    const producer = parseProperties(read('streaming/config/producer.properties')).values;
    const consumer = parseProperties(read('streaming/config/consumer.properties')).values;
    expect(producer.get('transactional.id')).toBeTruthy();
    expect(producer.get('acks')).toBe('all');
    expect(consumer.get('isolation.level')).toBe('read_committed');
  });

  it('non-Kafka brokers have no Kafka client properties', async () => {
    const { streamingFiles } = await streaming({ 'streaming-data.broker': 'pulsar' });
    expect(
      [...streamingFiles.keys()].filter((path) => path.startsWith('streaming/config/')),
    ).toEqual([]);
  });
});

describe('files per answer', () => {
  it.each([
    ['avro', '.avsc'],
    ['protobuf', '.proto'],
    ['json-schema', '.schema.json'],
  ])('serialization %s: one %s schema per entity', async (serialization, extension) => {
    const { model, streamingFiles } = await streaming({
      'streaming-data.serialization': serialization,
    });
    for (const entity of model.entities)
      expect(streamingFiles.has(`streaming/schemas/${entity.name}${extension}`), entity.name).toBe(
        true,
      );
  });

  it.each([
    ['python', 'streaming/consumers/load_events.py', 'streaming/producers/produce_events.py'],
    ['typescript', 'streaming/consumers/load-events.ts', 'streaming/package.json'],
    ['java', 'streaming/pom.xml', 'streaming/clients/src/main/java'],
    ['go', 'streaming/go.mod', 'streaming/consumers/load-events/main.go'],
  ])('language %s: its loader, producer and manifest', async (language, first, second) => {
    const { streamingFiles, model } = await streaming({ 'streaming-data.language': language });
    const paths = [...streamingFiles.keys()];
    expect(
      paths.some((path) => path.startsWith(first)),
      first,
    ).toBe(true);
    expect(
      paths.some((path) => path.startsWith(second)),
      second,
    ).toBe(true);
    const requirements = streamingDataGenerator.contributions?.(model).pythonRequirements ?? [];
    if (language === 'python')
      expect(
        requirements.some(
          (line) =>
            /^confluent-kafka\[.*\]?[=<>~]=/.test(line) || line.startsWith('confluent-kafka'),
        ),
      ).toBe(true);
    else expect(requirements).toEqual([]);
  });

  it.each([
    ['none', []],
    [
      'debezium-postgres',
      ['streaming/cdc/postgres-source.json', 'streaming/cdc/production-setup.sql'],
    ],
    ['debezium-mysql', ['streaming/cdc/mysql-source.json']],
  ] as const)('cdc %s', async (cdc, expected) => {
    const { streamingFiles, model } = await streaming({
      'streaming-data.broker': 'kafka',
      'streaming-data.cdc': cdc,
    });
    const paths = [...streamingFiles.keys()].filter(
      (path) => path.startsWith('streaming/cdc/') && !path.includes('/source-db/'),
    );
    if (expected.length === 0) expect(paths).toEqual([]);
    else expect(paths).toEqual(expect.arrayContaining([...expected]));
    if (cdc === 'debezium-postgres') {
      const connector = JSON.parse(
        streamingFiles.get('streaming/cdc/postgres-source.json') ?? '{}',
      ) as Record<string, string>;
      expect(connector).toMatchObject({
        'plugin.name': 'pgoutput',
        'publication.autocreate.mode': 'filtered',
      });
      expect(connector['database.password']).toMatch(/^\$\{env:[A-Z_]+\}$/);
      const variable = /^\$\{env:([A-Z_]+)\}$/.exec(connector['database.password'] ?? '')?.[1];
      expect(model.env.map((item) => item.name)).toContain(variable);
    }
    if (cdc === 'debezium-mysql') {
      const connector = JSON.parse(
        streamingFiles.get('streaming/cdc/mysql-source.json') ?? '{}',
      ) as Record<string, string>;
      expect(connector['database.server.id']).toMatch(/^\d+$/);
      expect(streamingFiles.get('streaming/topics.yaml')).toContain(
        connector['schema.history.internal.kafka.topic'],
      );
    }
  });

  it.each([
    ['none', null],
    ['flink', 'streaming/processors/flink/'],
    ['spark-structured-streaming', 'streaming/processors/spark/'],
    ['kafka-streams', 'streaming/processors/kafka-streams/'],
    ['ksqldb', 'streaming/processors/ksqldb/'],
  ])('processor %s', async (processor, folder) => {
    const { streamingFiles, model } = await streaming({
      'streaming-data.broker': 'kafka',
      'streaming-data.language': 'java',
      'streaming-data.processor': processor,
    });
    expect(model.streaming.processor).toBe(processor);
    const paths = [...streamingFiles.keys()].filter((path) =>
      path.startsWith('streaming/processors/'),
    );
    if (folder === null) expect(paths).toEqual([]);
    else expect(paths.length > 0 && paths.every((path) => path.startsWith(folder))).toBe(true);
    const all = paths.map((path) => streamingFiles.get(path) ?? '').join('\n');
    if (processor === 'kafka-streams') expect(all).toContain('exactly_once_v2');
    if (processor === 'ksqldb') expect(all).toMatch(/WINDOW TUMBLING/);
    if (processor === 'spark-structured-streaming')
      expect(all).toMatch(/withWatermark[\s\S]*checkpointLocation/);
  });

  it('a Kafka Connect sink for warehouses with one, with its dead-letter topic declared; none for DuckDB', async () => {
    const snowflake = await streaming({
      'streaming-data.broker': 'kafka',
      'architecting-data.warehouse': 'snowflake',
    });
    const sink = JSON.parse(snowflake.read('streaming/connect/snowflake-sink.json')) as Record<
      string,
      string
    >;
    const deadLetter = sink['errors.deadletterqueue.topic.name'] ?? '';
    expect(deadLetter).not.toBe('');
    expect(
      (parse(snowflake.read('streaming/topics.yaml')) as { topics: { name: string }[] }).topics.map(
        (topic) => topic.name,
      ),
    ).toContain(deadLetter);
    expect(snowflake.read('streaming/scripts/create-topics.sh')).toContain(deadLetter);

    const duckdb = await streaming({
      'streaming-data.broker': 'kafka',
      'architecting-data.warehouse': 'duckdb',
    });
    expect([...duckdb.streamingFiles.keys()].filter((path) => path.endsWith('-sink.json'))).toEqual(
      [],
    );
    expect(duckdb.read('streaming/README.md')).toMatch(
      /no sink connector for it, the raw loader is the sink/,
    );
  });
});

describe('determinism', () => {
  it('the same answers give byte-identical streaming files', async () => {
    const set = {
      'streaming-data.broker': 'redpanda',
      'streaming-data.language': 'go',
      'streaming-data.cdc': 'debezium-mysql',
      'streaming-data.processor': 'flink',
      'project.maturity': 'advanced',
    };
    const first = await streaming(set);
    const second = await streaming(set);
    expect(first.streamingFiles.size).toBeGreaterThan(20);
    expect([...second.streamingFiles]).toEqual([...first.streamingFiles]);
  });
});

describe('the raw loader SQL on DuckDB', () => {
  async function withLoader(
    set: Record<string, AnswerValue>,
    run: (
      connection: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>,
      plan: ReturnType<typeof planStreaming>,
    ) => Promise<void>,
  ) {
    const { model } = await streaming(set);
    const plan = planStreaming(model);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run('CREATE SCHEMA raw');
      await run(connection, plan);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }

  /** Binds a canonical row and the loader metadata in the statement's order. */
  function parameters(
    plan: ReturnType<typeof planStreaming>,
    item: (typeof plan.entities)[number],
    row: Record<string, unknown>,
    offset: number,
  ) {
    const metadata: Record<string, unknown> = {
      source_topic: item.topic.name,
      source_partition: 0,
      source_offset: offset,
      cdc_operation: 'u',
      cdc_committed_at: '2026-01-05T09:00:00Z',
    };
    const statements = loaderStatements(plan, item);
    return [
      ...item.entity.columns.map((column) => row[column.name] ?? null),
      ...statements.metadataParameters.map((name) => metadata[name] ?? null),
    ] as (string | number | boolean | null)[];
  }

  const CDC = { 'streaming-data.cdc': 'debezium-postgres' };

  it('facts from producers: a redelivered event with the same key is ignored', async () => {
    await withLoader({}, async (connection, plan) => {
      const fact = plan.entities.find((item) => item.entity.kind === 'fact');
      if (!fact) throw new Error('no fact');
      const statements = loaderStatements(plan, fact);
      await connection.run(statements.createTable);
      const [row] = canonicalRows(fact.entity);
      if (!row) throw new Error('no sample');
      await connection.run(statements.upsert, parameters(plan, fact, row, 1));
      await connection.run(statements.upsert, parameters(plan, fact, row, 2));
      const reader = await connection.runAndReadAll(
        `SELECT count(*) AS n, max(_source_offset) AS last FROM raw.${fact.entity.name}`,
      );
      expect(reader.getRowObjects()[0]).toMatchObject({ n: 1n, last: 1n });
    });
  });

  it('facts captured by CDC: a later change of the row replaces it, an older one never rolls it back', async () => {
    await withLoader(CDC, async (connection, plan) => {
      const fact = plan.entities.find((item) => item.entity.kind === 'fact');
      if (!fact) throw new Error('no fact');
      expect(fact.source).toBe('cdc');
      const statements = loaderStatements(plan, fact);
      await connection.run(statements.createTable);
      const [row] = canonicalRows(fact.entity);
      if (!row) throw new Error('no sample');
      const eventTime = fact.entity.eventTime.name;
      await connection.run(statements.upsert, parameters(plan, fact, row, 1));
      // Debezium publishes the update of the same row (its event time unchanged): it wins.
      await connection.run(statements.upsert, parameters(plan, fact, row, 2));
      const older = { ...row, [eventTime]: '2020-01-01T00:00:00Z' };
      await connection.run(statements.upsert, parameters(plan, fact, older, 3));
      const reader = await connection.runAndReadAll(
        `SELECT count(*) AS n, max(_source_offset) AS last FROM raw.${fact.entity.name}`,
      );
      expect(reader.getRowObjects()[0]).toMatchObject({ n: 1n, last: 2n });
    });
  });

  it('dimensions: a newer version replaces the row, an older one never rolls it back, a tombstone marks it deleted', async () => {
    await withLoader(CDC, async (connection, plan) => {
      const dimension = plan.entities.find(
        (item) => item.entity.kind === 'dimension' && item.source === 'cdc',
      );
      if (!dimension) throw new Error('no CDC dimension');
      const statements = loaderStatements(plan, dimension);
      await connection.run(statements.createTable);
      const [row] = canonicalRows(dimension.entity);
      if (!row) throw new Error('no sample');
      const eventTime = dimension.entity.eventTime.name;
      const at = (text: string) => ({ ...row, [eventTime]: text });
      const read = async () => {
        const reader = await connection.runAndReadAll(
          `SELECT ${eventTime} = TIMESTAMPTZ '2026-01-05 11:00:00+00' AS isNewest, _source_offset AS offset, _cdc_operation AS op FROM raw.${dimension.entity.name}`,
        );
        return reader.getRowObjects();
      };
      await connection.run(
        statements.upsert,
        parameters(plan, dimension, at('2026-01-05T10:00:00Z'), 1),
      );
      await connection.run(
        statements.upsert,
        parameters(plan, dimension, at('2026-01-05T11:00:00Z'), 2),
      );
      await connection.run(
        statements.upsert,
        parameters(plan, dimension, at('2026-01-05T09:00:00Z'), 3),
      );
      expect(await read()).toEqual([{ isNewest: true, offset: 2n, op: 'u' }]);
      if (!statements.tombstone) throw new Error('a CDC dimension must accept tombstones');
      await connection.run(statements.tombstone, [
        '2026-01-05T12:00:00Z',
        row[dimension.entity.key.name] ?? null,
      ]);
      expect(await read()).toEqual([{ isNewest: true, offset: 2n, op: 'd' }]);
    });
  });
});
