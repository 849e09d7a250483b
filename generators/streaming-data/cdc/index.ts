import { createHash } from 'node:crypto';
import type { Column } from '../../../source/engine/model/types.js';
import { lines, sqlIdentifier, sqlString } from '../../shared/text.js';
import type { FileSpec } from '../../types.js';
import { converterClass, escapeRegex } from '../connect/sinks.js';
import type { StreamEntity, StreamPlan } from '../plan.js';
import { brokerTitle, pulsarTopic } from '../plan.js';
import { canonicalRows } from '../samples.js';
import { schemaHistoryTopic } from '../topics/catalog.js';

/**
 * Change data capture with Debezium: the connector configuration (flat config map for
 * `PUT /connectors/<name>/config`, secrets through the env config provider), the database-side
 * setup notes, and a demo source database seeded with the sample rows for the local stack.
 *
 * Debezium writes into the entity topics of the model (a RegexRouter maps its table topics to
 * them), with the entity key as a plain string key and the row state as the value, serialized with
 * the registered contract of streaming/schemas/ — so the raw loader and the sinks read CDC and
 * producer topics the same way.
 */
export function cdcFiles(plan: StreamPlan): FileSpec[] {
  if (plan.cdcEntities.length === 0) return [];
  const isMysql = plan.streaming.cdc === 'debezium-mysql';
  const files: FileSpec[] = [
    {
      path: `streaming/cdc/${connectorFile(plan)}`,
      kind: 'json',
      data: () => connectorConfig(plan),
    },
    { path: 'streaming/cdc/README.md', kind: 'text', render: () => cdcReadme(plan) },
    {
      path: 'streaming/cdc/source-db/01-schema.sql',
      kind: 'text',
      render: () => sourceSchema(plan),
    },
  ];
  if (isMysql)
    files.push({
      path: 'streaming/cdc/source-db/02-replication-grants.sh',
      kind: 'text',
      isExecutable: true,
      render: () => mysqlGrants(),
    });
  else
    files.push({
      path: 'streaming/cdc/production-setup.sql',
      kind: 'text',
      render: () => postgresProductionSetup(plan),
    });
  if (!plan.isKafkaApi)
    files.push({
      path: 'streaming/cdc/debezium-server/application.properties',
      kind: 'text',
      render: () => debeziumServer(plan),
    });
  return files;
}

export function connectorFile(plan: StreamPlan): string {
  return plan.streaming.cdc === 'debezium-mysql' ? 'mysql-source.json' : 'postgres-source.json';
}

export function connectorName(plan: StreamPlan): string {
  return `${plan.model.domain.replaceAll('_', '-')}-${plan.streaming.cdc === 'debezium-mysql' ? 'mysql' : 'postgres'}-cdc`;
}

/** Debezium's topic prefix (also names the heartbeat topic); the router renames table topics anyway. */
export function topicPrefix(plan: StreamPlan): string {
  return `${plan.model.domain}_cdc`;
}

export function slotName(plan: StreamPlan): string {
  return `${plan.model.domain}_cdc`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 63);
}

/** A stable MySQL server id for the connector (unique among the replicas of the source). */
function serverId(plan: StreamPlan): number {
  return 5400 + (createHash('sha256').update(plan.model.name).digest().readUInt16BE(0) % 10000);
}

/** How Debezium represents types so the values fit the registered contract (see README). */
function typeHandling(plan: StreamPlan): Record<string, string> {
  switch (plan.streaming.serialization) {
    case 'avro':
      // Microsecond longs and decimal bytes: what timestamp-micros and decimal(18,2) hold.
      return {
        'decimal.handling.mode': 'precise',
        'time.precision.mode': 'adaptive_time_microseconds',
      };
    case 'protobuf':
      // Connect timestamps become google.protobuf.Timestamp; decimals travel as strings like ours.
      return {
        'decimal.handling.mode': 'string',
        'time.precision.mode': 'connect',
        'value.converter.optional.for.nullables': 'true',
      };
    case 'json-schema':
      // timestamptz columns arrive as ISO-8601 strings (date-time); decimals as strings.
      return {
        'decimal.handling.mode': 'string',
        'time.precision.mode': 'adaptive_time_microseconds',
      };
  }
}

/** ExtractField per topic (scoped by predicates): Debezium's key struct → the plain string key. */
function keyExtraction(
  plan: StreamPlan,
  sourceTopic: (item: StreamEntity) => string,
): { names: string[]; config: Record<string, string> } {
  const names: string[] = [];
  const config: Record<string, string> = {};
  const predicates: string[] = [];
  for (const item of plan.cdcEntities) {
    const name = `key_${item.entity.name}`;
    const predicate = `is_${item.entity.name}`;
    names.push(name);
    predicates.push(predicate);
    config[`transforms.${name}.type`] = 'org.apache.kafka.connect.transforms.ExtractField$Key';
    config[`transforms.${name}.field`] = item.entity.key.name;
    config[`transforms.${name}.predicate`] = predicate;
    config[`predicates.${predicate}.type`] =
      'org.apache.kafka.connect.transforms.predicates.TopicNameMatches';
    config[`predicates.${predicate}.pattern`] = sourceTopic(item);
  }
  config.predicates = predicates.join(',');
  return { names, config };
}

export function connectorConfig(plan: StreamPlan): Record<string, string> {
  const isMysql = plan.streaming.cdc === 'debezium-mysql';
  const prefix = topicPrefix(plan);
  const tables = plan.cdcEntities.map((item) =>
    isMysql ? `\${env:CDC_DATABASE_NAME}\\.${item.entity.name}` : `public.${item.entity.name}`,
  );
  const sourceTopic = (item: StreamEntity) =>
    isMysql
      ? `^${escapeRegex(prefix)}\\.[^.]+\\.${item.entity.name}$`
      : `^${escapeRegex(prefix)}\\.public\\.${item.entity.name}$`;
  const keys = keyExtraction(plan, sourceTopic);
  const connection = {
    'database.hostname': '${env:CDC_DATABASE_HOST}',
    'database.port': '${env:CDC_DATABASE_PORT}',
    'database.user': '${env:CDC_DATABASE_USER}',
    // Resolved by the worker's EnvVarConfigProvider: the password never reaches the config topic.
    'database.password': '${env:CDC_DATABASE_PASSWORD}',
  };
  const source = isMysql
    ? {
        'connector.class': 'io.debezium.connector.mysql.MySqlConnector',
        ...connection,
        'database.server.id': String(serverId(plan)),
        'database.include.list': '${env:CDC_DATABASE_NAME}',
        'table.include.list': tables.join(','),
        // The DDL history the connector replays on restart: one partition, kept forever.
        'schema.history.internal.kafka.bootstrap.servers': '${env:KAFKA_BOOTSTRAP_SERVERS}',
        'schema.history.internal.kafka.topic': schemaHistoryTopic(plan),
        'include.schema.changes': 'false',
        'snapshot.locking.mode': 'minimal',
      }
    : {
        'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
        ...connection,
        'database.dbname': '${env:CDC_DATABASE_NAME}',
        // The built-in logical decoding plugin: nothing to install on the server.
        'plugin.name': 'pgoutput',
        'slot.name': slotName(plan),
        'publication.name': slotName(plan),
        // Debezium creates the publication for exactly the included tables.
        'publication.autocreate.mode': 'filtered',
        'table.include.list': tables.join(','),
        // Writes to the heartbeat table move the slot forward even when the captured tables are quiet.
        'heartbeat.action.query':
          'INSERT INTO public.debezium_heartbeat (id, beat_at) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET beat_at = EXCLUDED.beat_at',
      };
  return {
    name: connectorName(plan),
    ...source,
    'tasks.max': '1',
    'topic.prefix': prefix,
    'snapshot.mode': 'initial',
    // Without heartbeats a quiet database lets WAL/binlog pile up behind the connector's position.
    'heartbeat.interval.ms': '10000',
    'tombstones.on.delete': 'true',
    ...typeHandling(plan),
    transforms: ['unwrap', ...keys.names, 'route'].join(','),
    // The row state after the change; deletes become tombstones (compaction removes the key).
    'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState',
    'transforms.unwrap.delete.tombstone.handling.mode': 'tombstone',
    // The operation and commit time travel as headers: the value stays exactly the contract.
    'transforms.unwrap.add.headers': 'op,source.ts_ms',
    ...keys.config,
    // <prefix>.<schema>.<table> → the entity topic of the model.
    'transforms.route.type': 'org.apache.kafka.connect.transforms.RegexRouter',
    'transforms.route.regex': isMysql
      ? `${escapeRegex(prefix)}\\.[^.]+\\.(.*)`
      : `${escapeRegex(prefix)}\\.public\\.(.*)`,
    'transforms.route.replacement': `${plan.model.domain}.$1.v1`,
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': converterClass(plan),
    'value.converter.schema.registry.url': '${env:SCHEMA_REGISTRY_URL}',
    // Serialize with the registered contract (register-schemas.sh), never with an ad-hoc schema.
    'value.converter.auto.register.schemas': 'false',
    'value.converter.use.latest.version': 'true',
    'value.converter.latest.compatibility.strict': 'false',
    // Topics Connect creates itself (the heartbeat topic) take the broker defaults.
    'topic.creation.default.replication.factor': '-1',
    'topic.creation.default.partitions': '1',
    // A change that cannot be captured stops the connector: skipping it would lose data silently.
    'errors.tolerance': 'none',
  };
}

function columnType(plan: StreamPlan, column: Column, isMysql: boolean): string {
  const json = plan.streaming.serialization === 'json-schema';
  switch (column.type) {
    case 'string':
      return isMysql ? 'varchar(255)' : 'text';
    case 'integer':
      return isMysql ? 'int' : 'integer';
    case 'bigint':
      return 'bigint';
    case 'decimal':
      return isMysql ? 'decimal(18,2)' : 'numeric(18,2)';
    case 'double':
      return isMysql ? 'double' : 'double precision';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamp':
      // See the README: with JSON the zoned type yields ISO strings; Avro/Protobuf need plain microsecond timestamps (UTC).
      if (isMysql) return json ? 'timestamp(6)' : 'datetime(6)';
      return json ? 'timestamptz' : 'timestamp(6)';
  }
}

function literal(
  column: Column,
  value: string | number | boolean | null,
  isMysql: boolean,
): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (column.type === 'timestamp')
    return sqlString(
      isMysql
        ? value.replace('T', ' ').replace('Z', '')
        : value.replace('T', ' ').replace('Z', '+00'),
    );
  return sqlString(value);
}

function sourceSchema(plan: StreamPlan): string {
  const isMysql = plan.streaming.cdc === 'debezium-mysql';
  const quote = (name: string) =>
    isMysql ? `\`${name.replaceAll('`', '``')}\`` : sqlIdentifier(name);
  return lines(
    `-- Demo source database of ${plan.model.title} for the local CDC pipeline (docker compose service`,
    '-- source-db runs this once, on an empty volume). The operational tables Debezium captures, seeded',
    '-- with the sample rows: the connector snapshots them, then streams every change.',
    `-- Change a row to see it flow: ${isMysql ? 'docker compose exec source-db mysql …' : 'docker compose exec source-db psql -U "$CDC_DATABASE_USER" -d "$CDC_DATABASE_NAME"'}.`,
    '',
    plan.cdcEntities.map((item) => {
      const entity = item.entity;
      const rows = canonicalRows(entity);
      return [
        `-- ${entity.description}`,
        `CREATE TABLE IF NOT EXISTS ${quote(entity.name)} (`,
        entity.columns.map(
          (column) =>
            `    ${quote(column.name)} ${columnType(plan, column, isMysql)}${column.isNullable ? '' : ' NOT NULL'},`,
        ),
        `    PRIMARY KEY (${quote(entity.key.name)})`,
        ');',
        '',
        `INSERT INTO ${quote(entity.name)} (${entity.columns.map((column) => quote(column.name)).join(', ')}) VALUES`,
        rows.map(
          (row, index) =>
            `    (${entity.columns.map((column) => literal(column, row[column.name] ?? null, isMysql)).join(', ')})${index === rows.length - 1 ? ';' : ','}`,
        ),
        '',
      ];
    }),
    !isMysql && [
      "-- Debezium's heartbeat.action.query writes here so the replication slot advances on quiet days.",
      'CREATE TABLE IF NOT EXISTS debezium_heartbeat (',
      '    id integer PRIMARY KEY,',
      '    beat_at timestamptz NOT NULL',
      ');',
    ],
  );
}

function mysqlGrants(): string {
  return lines(
    '#!/usr/bin/env bash',
    '# The MySQL image creates MYSQL_USER with rights on MYSQL_DATABASE only; Debezium also needs to read',
    '# the binlog and take consistent snapshots. Runs once, when the source-db volume is initialised.',
    'set -euo pipefail',
    '',
    'mysql --protocol=socket -uroot -p"${MYSQL_ROOT_PASSWORD}" <<SQL',
    "GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '${MYSQL_USER}'@'%';",
    'FLUSH PRIVILEGES;',
    'SQL',
  );
}

function postgresProductionSetup(plan: StreamPlan): string {
  const role = `${slotName(plan)}_replication`;
  const tables = plan.cdcEntities.map((item) => `public.${sqlIdentifier(item.entity.name)}`);
  return lines(
    `-- Production setup of the PostgreSQL source for ${plan.model.title} (run by a DBA, once).`,
    '-- The local compose source-db is already configured; this is what a managed database needs.',
    '--',
    "-- Server parameters (postgresql.conf or the provider's parameter group; wal_level needs a restart):",
    '--   wal_level = logical',
    '--   max_replication_slots = 10        -- one per connector, plus headroom',
    '--   max_wal_senders = 10',
    '--   max_slot_wal_keep_size = 50GB     -- a stalled connector invalidates its slot instead of filling the disk',
    '',
    '-- A dedicated login with replication rights and nothing more. Its password lives in the secret store',
    "-- (CDC_DATABASE_PASSWORD), never here: set it with \\password or your provider's console.",
    `CREATE ROLE ${role} WITH LOGIN REPLICATION;`,
    `DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), ${sqlString(role)}); END $$;`,
    `GRANT USAGE ON SCHEMA public TO ${role};`,
    `GRANT SELECT ON ${tables.join(', ')} TO ${role};`,
    '',
    '-- The publication of the captured tables. Debezium can create it (publication.autocreate.mode =',
    "-- filtered) only when it owns the tables; creating it here keeps the connector's role minimal.",
    `CREATE PUBLICATION ${slotName(plan)} FOR TABLE ${tables.join(', ')};`,
    '',
    '-- The heartbeat table the connector writes to (heartbeat.action.query).',
    'CREATE TABLE IF NOT EXISTS public.debezium_heartbeat (id integer PRIMARY KEY, beat_at timestamptz NOT NULL);',
    `GRANT INSERT, UPDATE ON public.debezium_heartbeat TO ${role};`,
    '',
    '-- Watch the slot: the lag is WAL the database keeps for the connector. Alert when it grows.',
    '-- SELECT slot_name, active, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)) AS lag',
    `--   FROM pg_replication_slots WHERE slot_name = '${slotName(plan)}';`,
  );
}

function cdcReadme(plan: StreamPlan): string {
  const isMysql = plan.streaming.cdc === 'debezium-mysql';
  const entities = plan.cdcEntities.map((item) => `\`${item.entity.name}\``).join(', ');
  return lines(
    `# Change data capture: ${isMysql ? 'MySQL' : 'PostgreSQL'} → ${brokerTitle(plan.streaming.broker)}`,
    '',
    `Debezium captures ${entities} from the operational database and writes every change to the`,
    'entity topics the producers would use, keyed by the entity key, with the row state as the value.',
    plan.producerEntities.length === 0
      ? 'Every table the raw layer loads is captured, the transactional ones (the facts) as well as the dimensions: a row that changes after its insert (an order being paid, then shipped) reaches the warehouse in each state, and the loaders and staging keep its latest version. The producers publish nothing here (they skip captured entities); change a row in the source database instead.'
      : `The other entities (${plan.producerEntities.map((item) => `\`${item.entity.name}\``).join(', ')}) come from the producers.`,
    plan.isKafkaApi
      ? `The connector runs on Kafka Connect: \`${connectorFile(plan)}\` is its configuration, registered with \`make cdc-register\` (\`PUT /connectors/${connectorName(plan)}/config\`, idempotent).`
      : `${brokerTitle(plan.streaming.broker)} has no Kafka Connect: the connector runs on Debezium Server (\`debezium-server/application.properties\`); \`${connectorFile(plan)}\` documents the same source settings for a Kafka Connect deployment.`,
    '',
    '## How the values match the contract',
    '',
    '- `ExtractNewRecordState` keeps the row state; deletes become tombstones (a compacted topic drops',
    '  the key; the raw loader marks the row deleted). Operation and commit time travel as the headers',
    '  `__op` and `__source_ts_ms`, which the loader stores in `_cdc_operation` and `_cdc_committed_at`.',
    '- `ExtractField` (one per table, scoped by a topic predicate) turns the key struct into the plain',
    '  string key the producers use, so one key always lands on one partition.',
    plan.isKafkaApi
      ? [
          '- The converter serializes with the **registered** schema (`use.latest.version=true`,',
          "  `auto.register.schemas=false`): the subject's BACKWARD check stops a table change that would",
          "  break consumers. Debezium's type handling is chosen to fit the contract:",
          {
            avro: '  `time.precision.mode=adaptive_time_microseconds` (microsecond longs = `timestamp-micros`) and `decimal.handling.mode=precise` (decimal bytes); event times are `timestamp(6)` columns holding UTC.',
            protobuf:
              '  `time.precision.mode=connect` (Connect timestamps become `google.protobuf.Timestamp`) and `decimal.handling.mode=string`; event times are `timestamp(6)` columns holding UTC.',
            'json-schema':
              '  zoned timestamp columns arrive as ISO-8601 strings (`date-time`) and `decimal.handling.mode=string` keeps decimals exact.',
          }[plan.streaming.serialization],
          '- Columns keep the order of the schema fields: the registered schema is applied by position.',
        ]
      : [
          '- Debezium Server writes the row state as plain JSON; the loader decodes it with the same types.',
        ],
    '',
    '## Database-side setup',
    '',
    isMysql
      ? [
          '- Row-based binary log with full row images: `binlog_format=ROW`, `binlog_row_image=FULL`, GTIDs on',
          '  (`gtid_mode=ON`, `enforce_gtid_consistency=ON`), and a binlog retention longer than any connector',
          '  outage you want to survive (`binlog_expire_logs_seconds`).',
          '- A replication user: `GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT ON *.*`.',
          `- \`database.server.id\` (${serverId(plan)}) must be unique among the replicas of the source.`,
          `- The schema history topic \`${schemaHistoryTopic(plan)}\` (one partition, infinite retention) is part of the connector's state: never delete it.`,
        ]
      : [
          '- `wal_level=logical`, enough `max_replication_slots` / `max_wal_senders`, and `max_slot_wal_keep_size`',
          '  so a stalled connector invalidates its slot instead of filling the disk.',
          '- A replication user with `SELECT` on the captured tables (`production-setup.sql`).',
          `- Slot \`${slotName(plan)}\` and publication \`${slotName(plan)}\` (\`pgoutput\`, no server plugin to install).`,
          '- `heartbeat.interval.ms` plus `heartbeat.action.query` keep the slot moving on quiet databases.',
          '',
          'Alert on replication-slot lag (WAL retained for the connector):',
          '',
          '```sql',
          'SELECT slot_name, active, pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)) AS lag',
          `FROM pg_replication_slots WHERE slot_name = '${slotName(plan)}';`,
          '```',
        ],
    '',
    '## Local demo',
    '',
    '`docker compose` starts `source-db` seeded from `source-db/01-schema.sql`. After `make up` and',
    '`make topics`, `make cdc-register` starts the connector: it snapshots the seeded rows, then streams',
    'every insert, update and delete. The raw loader lands them in DuckDB like any other event.',
  );
}

function debeziumServer(plan: StreamPlan): string {
  const isMysql = plan.streaming.cdc === 'debezium-mysql';
  const prefix = topicPrefix(plan);
  const broker = plan.streaming.broker;
  const sink = {
    kinesis: [
      'debezium.sink.type=kinesis',
      'debezium.sink.kinesis.region=${AWS_REGION}',
      '# LocalStack in development; unset in AWS.',
      'debezium.sink.kinesis.endpoint=${KINESIS_ENDPOINT_URL:}',
    ],
    pubsub: [
      'debezium.sink.type=pubsub',
      'debezium.sink.pubsub.project.id=${GCP_PROJECT_ID}',
      '# Keeps the changes of one key in order (ordering key = record key).',
      'debezium.sink.pubsub.ordering.enabled=true',
    ],
    pulsar: [
      'debezium.sink.type=pulsar',
      'debezium.sink.pulsar.client.serviceUrl=${PULSAR_SERVICE_URL}',
    ],
    kafka: [],
    redpanda: [],
  }[broker];
  const target =
    broker === 'pulsar'
      ? pulsarTopic(plan.model, `${plan.model.domain}.$1.v1`)
      : `${plan.model.domain}.$1.v1`;
  return lines(
    `# Debezium Server for ${plan.model.title}: ${isMysql ? 'MySQL' : 'PostgreSQL'} changes → ${brokerTitle(broker)}.`,
    '# Kafka Connect is not available on this broker, so the connector runs inside Debezium Server.',
    '# ${VAR} placeholders are read from the environment (see .env.example).',
    sink,
    '',
    `debezium.source.connector.class=${isMysql ? 'io.debezium.connector.mysql.MySqlConnector' : 'io.debezium.connector.postgresql.PostgresConnector'}`,
    'debezium.source.offset.storage=org.apache.kafka.connect.storage.FileOffsetBackingStore',
    'debezium.source.offset.storage.file.filename=/debezium/data/offsets.dat',
    'debezium.source.offset.flush.interval.ms=10000',
    'debezium.source.database.hostname=${CDC_DATABASE_HOST}',
    'debezium.source.database.port=${CDC_DATABASE_PORT}',
    'debezium.source.database.user=${CDC_DATABASE_USER}',
    'debezium.source.database.password=${CDC_DATABASE_PASSWORD}',
    isMysql
      ? [
          'debezium.source.database.include.list=${CDC_DATABASE_NAME}',
          `debezium.source.database.server.id=${serverId(plan)}`,
          'debezium.source.schema.history.internal=io.debezium.storage.file.history.FileSchemaHistory',
          'debezium.source.schema.history.internal.file.filename=/debezium/data/schema-history.dat',
          `debezium.source.table.include.list=${plan.cdcEntities.map((item) => `\${CDC_DATABASE_NAME}.${item.entity.name}`).join(',')}`,
        ]
      : [
          'debezium.source.database.dbname=${CDC_DATABASE_NAME}',
          'debezium.source.plugin.name=pgoutput',
          `debezium.source.slot.name=${slotName(plan)}`,
          `debezium.source.publication.name=${slotName(plan)}`,
          'debezium.source.publication.autocreate.mode=filtered',
          `debezium.source.table.include.list=${plan.cdcEntities.map((item) => `public.${item.entity.name}`).join(',')}`,
        ],
    `debezium.source.topic.prefix=${prefix}`,
    'debezium.source.heartbeat.interval.ms=10000',
    'debezium.source.decimal.handling.mode=string',
    '',
    "# Row state only, deletes as tombstones; stream names are the model's topics.",
    'debezium.transforms=unwrap,route',
    'debezium.transforms.unwrap.type=io.debezium.transforms.ExtractNewRecordState',
    'debezium.transforms.unwrap.delete.tombstone.handling.mode=tombstone',
    'debezium.transforms.route.type=org.apache.kafka.connect.transforms.RegexRouter',
    `debezium.transforms.route.regex=${isMysql ? `${escapeRegex(prefix)}\\.[^.]+\\.(.*)` : `${escapeRegex(prefix)}\\.public\\.(.*)`}`,
    `debezium.transforms.route.replacement=${target}`,
    '',
    '# Plain JSON values (no registry on this broker); the raw loader decodes them with the entity types.',
    'debezium.format.key=json',
    'debezium.format.value=json',
    'debezium.format.value.schemas.enable=false',
    'debezium.format.key.schemas.enable=false',
  );
}
