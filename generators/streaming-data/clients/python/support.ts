import { dedent, lines } from '../../../shared/text.js';
import { LOADER_STATE_SCHEMA } from '../../loader-sql.js';
import type { StreamPlan } from '../../plan.js';
import { LOADER } from '../shared.js';

/** streaming/clients/settings.py: configuration from the environment (and the properties files). */
export function pythonSettings(plan: StreamPlan): string {
  const broker = plan.streaming.broker;
  return lines(
    '"""Connection settings of the clients, read from the environment (see .env.example).',
    '',
    'Nothing here has a default that could hide a missing variable: a client that cannot connect',
    'stops at start-up with the name of what is missing.',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import os',
    'from pathlib import Path',
    broker === 'kinesis' && ['', 'import boto3'],
    broker === 'pulsar' && ['', 'import pulsar'],
    '',
    'CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"',
    `# Touched on every loop of the loader; probes treat a stale file as a stuck process.`,
    `HEARTBEAT_FILE = Path(${JSON.stringify(LOADER.heartbeatFile)})`,
    '',
    '',
    'def require(name: str) -> str:',
    '    """The value of an environment variable, or a clear stop when it is missing."""',
    '    value = os.environ.get(name, "").strip()',
    '    if not value:',
    '        raise SystemExit(f"{name} is not set: run `make env` and fill in .env (see .env.example)")',
    '    return value',
    '',
    '',
    'def optional(name: str) -> str | None:',
    '    value = os.environ.get(name, "").strip()',
    '    return value or None',
    '',
    '',
    'def duckdb_path() -> str:',
    '    return require("DUCKDB_PATH")',
    plan.isKafkaApi && [
      '',
      '',
      'def load_properties(path: Path) -> dict[str, str]:',
      '    """A Java-style .properties file (key=value, # comments) as a dict."""',
      '    properties: dict[str, str] = {}',
      '    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):',
      '        line = raw.strip()',
      '        if not line or line.startswith(("#", "!")):',
      '            continue',
      '        key, separator, value = line.partition("=")',
      '        if not separator:',
      '            raise ValueError(f"{path}:{number}: expected key=value, got {line!r}")',
      '        properties[key.strip()] = value.strip()',
      '    return properties',
      '',
      '',
      'def kafka_config(kind: str) -> dict[str, str]:',
      '    """librdkafka settings: config/<kind>.properties plus the connection from the environment."""',
      '    config = load_properties(CONFIG_DIR / f"{kind}.properties")',
      '    config["bootstrap.servers"] = require("KAFKA_BOOTSTRAP_SERVERS")',
      '    protocol = optional("KAFKA_SECURITY_PROTOCOL") or "PLAINTEXT"',
      '    config["security.protocol"] = protocol',
      '    if protocol.startswith("SASL"):',
      '        # SCRAM over TLS in production; the credentials come from the secret store via the environment.',
      `        config["sasl.mechanism"] = ${JSON.stringify(LOADER.saslMechanism)}`,
      '        config["sasl.username"] = require("KAFKA_SASL_USERNAME")',
      '        config["sasl.password"] = require("KAFKA_SASL_PASSWORD")',
      '    return config',
      '',
      '',
      'def schema_registry_url() -> str:',
      '    return require("SCHEMA_REGISTRY_URL")',
    ],
    broker === 'kinesis' && [
      '',
      '',
      'def kinesis_client():  # boto3 builds its client classes at run time (boto3-stubs types them)',
      '    """A Kinesis client; KINESIS_ENDPOINT_URL points it at LocalStack in development."""',
      '    return boto3.client("kinesis", region_name=require("AWS_REGION"), endpoint_url=optional("KINESIS_ENDPOINT_URL"))',
    ],
    broker === 'pubsub' && [
      '',
      '',
      'def gcp_project() -> str:',
      '    # The Google clients read PUBSUB_EMULATOR_HOST themselves and then talk to the local emulator.',
      '    return require("GCP_PROJECT_ID")',
    ],
    broker === 'pulsar' && [
      '',
      '',
      'def pulsar_client() -> pulsar.Client:',
      '    """A Pulsar client; PULSAR_TOKEN authenticates in production (the standalone broker ignores it)."""',
      '    token = optional("PULSAR_TOKEN")',
      '    authentication = pulsar.AuthenticationToken(token) if token else None',
      '    return pulsar.Client(require("PULSAR_SERVICE_URL"), authentication=authentication, operation_timeout_seconds=30)',
    ],
  );
}

/** streaming/clients/values.py: the canonical JSON form of event values and conversions to it. */
export function pythonValues(): string {
  return dedent`
    """The canonical form of event values, shared by every codec and the loader.

    Strings for text, ints and floats for numbers, decimals as strings (exact), timestamps as RFC 3339
    UTC strings, dates as ISO dates, None when missing: the JSON Schema wire format, the Protobuf JSON
    mapping, and what the DuckDB statements cast from.
    """

    from __future__ import annotations

    import datetime as dt
    import decimal
    from typing import Any

    Row = dict[str, Any]

    EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


    def timestamp_text(value: dt.datetime) -> str:
        """RFC 3339 UTC, the fraction only as long as needed (…:12Z, …:12.5Z): the form of every client."""
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        moment = value.astimezone(dt.timezone.utc)
        fraction = f"{moment.microsecond:06d}".rstrip("0")
        base = moment.replace(microsecond=0, tzinfo=None).isoformat()
        return f"{base}.{fraction}Z" if fraction else f"{base}Z"


    def to_canonical(kind: str, value: Any) -> Any:
        """Any decoded representation (datetime, epoch micros, Decimal, bytes…) to the canonical one."""
        if value is None:
            return None
        if kind == "timestamp":
            if isinstance(value, dt.datetime):
                return timestamp_text(value)
            if isinstance(value, int):
                return timestamp_text(EPOCH + dt.timedelta(microseconds=value))
            return timestamp_text(dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")))
        if kind == "date":
            if isinstance(value, dt.date):
                return value.isoformat()
            if isinstance(value, int):
                return (EPOCH.date() + dt.timedelta(days=value)).isoformat()
            return dt.date.fromisoformat(str(value)).isoformat()
        if kind == "decimal":
            return str(decimal.Decimal(str(value)).quantize(decimal.Decimal("0.01")))
        if kind in ("integer", "bigint"):
            return int(value)
        if kind == "double":
            return float(value)
        if kind == "boolean":
            if isinstance(value, str):
                return value.lower() == "true"
            return bool(value)
        return str(value)


    def to_avro(kind: str, value: Any) -> Any:
        """The canonical value as the Avro serializers expect its logical type."""
        if value is None:
            return None
        if kind == "timestamp":
            return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        if kind == "date":
            return dt.date.fromisoformat(str(value))
        if kind == "decimal":
            return decimal.Decimal(str(value))
        return value


    def event_time_millis(value: Any) -> int:
        """Epoch milliseconds of a canonical timestamp: the broker record timestamp of an event."""
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        return int(moment.timestamp() * 1000)


    def millis_text(value: Any) -> str | None:
        """A timestamp given in epoch milliseconds (Debezium's source.ts_ms) as canonical text."""
        if value in (None, b"", ""):
            return None
        if isinstance(value, bytes):
            value = value.decode()
        return timestamp_text(EPOCH + dt.timedelta(milliseconds=int(value)))
  `;
}

/** streaming/clients/retry.py: bounded exponential backoff with full jitter. */
export function pythonRetry(): string {
  return dedent`
    """Bounded exponential backoff with full jitter for transient failures.

    Attempt n waits a random time in [0, min(cap, base * 2**(n-1))]: retries of many loaders spread
    out instead of hammering a recovering warehouse together, and the bound keeps a poison record
    from blocking its partition forever (it goes to the dead-letter topic instead).
    """

    from __future__ import annotations

    import logging
    import random
    import time
    from collections.abc import Callable
    from typing import TypeVar

    T = TypeVar("T")

    MAX_ATTEMPTS = ${LOADER.maxAttempts}
    BASE_DELAY_SECONDS = ${LOADER.baseDelaySeconds}
    MAX_DELAY_SECONDS = ${LOADER.maxDelaySeconds}

    log = logging.getLogger(__name__)


    def with_retries(
        operation: Callable[[], T],
        *,
        describe: str,
        retry_on: tuple[type[BaseException], ...] = (Exception,),
        attempts: int = MAX_ATTEMPTS,
    ) -> T:
        """Runs operation, retrying errors of the retry_on types; the last error propagates."""
        for attempt in range(1, attempts + 1):
            try:
                return operation()
            except retry_on as error:
                if attempt == attempts:
                    raise
                delay = random.uniform(0, min(MAX_DELAY_SECONDS, BASE_DELAY_SECONDS * 2 ** (attempt - 1)))
                log.warning("%s failed (attempt %d/%d): %s; retrying in %.1fs", describe, attempt, attempts, error, delay)
                time.sleep(delay)
        raise AssertionError("unreachable")
  `;
}

/** streaming/clients/warehouse.py: the idempotent DuckDB loader. */
export function pythonWarehouse(plan: StreamPlan): string {
  const isKinesis = plan.streaming.broker === 'kinesis';
  return lines(
    '"""Loads decoded events into the raw tables of the local DuckDB warehouse, idempotently.',
    '',
    'Facts insert with ON CONFLICT DO NOTHING (a redelivered event is a no-op); dimensions upsert only',
    'when the incoming version is at least as new, so replays never roll state back. Each batch is one',
    'transaction. The connection is opened per batch because DuckDB allows one writing process per',
    'file: between batches dbt and other tools can open the database.',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'from collections.abc import Sequence',
    'from dataclasses import dataclass, field',
    'from pathlib import Path',
    'from typing import Any',
    '',
    'import duckdb',
    '',
    'from streaming.clients.catalog import ENTITIES, METADATA_PARAMETERS, Entity',
    'from streaming.clients.values import Row',
    '',
    '# Errors worth retrying: the file is locked by another process or a transaction conflicted.',
    'TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (duckdb.IOException, duckdb.TransactionException, OSError)',
    '',
    '',
    '@dataclass',
    'class LoadItem:',
    '    """One decoded event (or a tombstone when row is None) and where it came from."""',
    '',
    '    entity: Entity',
    '    row: Row | None',
    '    key: str',
    '    metadata: dict[str, Any] = field(default_factory=dict)',
    '',
    '    def statement(self) -> tuple[str, list[Any]]:',
    '        if self.row is None:',
    '            if self.entity.tombstone is None:',
    '                raise ValueError(f"{self.entity.topic} does not accept tombstones")',
    '            return self.entity.tombstone, [self.metadata.get("cdc_committed_at"), self.key]',
    '        values = [self.row.get(column.name) for column in self.entity.fields]',
    '        return self.entity.upsert, values + [self.metadata.get(name) for name in METADATA_PARAMETERS]',
    '',
    '',
    isKinesis && [
      '@dataclass(frozen=True)',
      'class Checkpoint:',
      '    """The last Kinesis record of a shard that is safely in the warehouse."""',
      '',
      '    stream: str',
      '    shard_id: str',
      '    sequence_number: str',
      '',
      '',
    ],
    'class RawLoader:',
    '    def __init__(self, path: str) -> None:',
    '        self._path = path',
    '',
    '    def _connect(self) -> duckdb.DuckDBPyConnection:',
    '        Path(self._path).parent.mkdir(parents=True, exist_ok=True)',
    '        return duckdb.connect(self._path)',
    '',
    '    def ensure_tables(self) -> None:',
    '        """Creates the raw tables when architecture/ddl has not (same definition, so it is a no-op then)."""',
    '        with self._connect() as connection:',
    '            connection.execute("CREATE SCHEMA IF NOT EXISTS raw")',
    '            for entity in ENTITIES:',
    '                connection.execute(entity.create_table)',
    isKinesis && [
      `            connection.execute("CREATE SCHEMA IF NOT EXISTS ${LOADER_STATE_SCHEMA}")`,
      '            connection.execute(',
      `                "CREATE TABLE IF NOT EXISTS ${LOADER_STATE_SCHEMA}.kinesis_checkpoints ("`,
      '                "stream VARCHAR NOT NULL, shard_id VARCHAR NOT NULL, sequence_number VARCHAR NOT NULL, "',
      '                "updated_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp, PRIMARY KEY (stream, shard_id))"',
      '            )',
      '',
      '    def checkpoint(self, stream: str, shard_id: str) -> str | None:',
      '        with self._connect() as connection:',
      '            found = connection.execute(',
      `                "SELECT sequence_number FROM ${LOADER_STATE_SCHEMA}.kinesis_checkpoints WHERE stream = ? AND shard_id = ?",`,
      '                [stream, shard_id],',
      '            ).fetchone()',
      '        return None if found is None else str(found[0])',
    ],
    '',
    `    def load(self, items: Sequence[LoadItem]${isKinesis ? ', checkpoint: Checkpoint | None = None' : ''}) -> None:`,
    '        """Writes the items in one transaction: all of them land, or none."""',
    `        if not items${isKinesis ? ' and checkpoint is None' : ''}:`,
    '            return',
    '        with self._connect() as connection:',
    '            connection.execute("BEGIN TRANSACTION")',
    '            try:',
    '                for item in items:',
    '                    sql, parameters = item.statement()',
    '                    connection.execute(sql, parameters)',
    isKinesis && [
      '                if checkpoint is not None:',
      '                    # The position commits with the rows: a crash can never skip or double-load a record.',
      '                    connection.execute(',
      `                        "INSERT INTO ${LOADER_STATE_SCHEMA}.kinesis_checkpoints (stream, shard_id, sequence_number) VALUES (?, ?, ?) "`,
      '                        "ON CONFLICT (stream, shard_id) DO UPDATE SET sequence_number = EXCLUDED.sequence_number, "',
      '                        "updated_at = current_timestamp",',
      '                        [checkpoint.stream, checkpoint.shard_id, checkpoint.sequence_number],',
      '                    )',
    ],
    '                connection.execute("COMMIT")',
    '            except BaseException:',
    '                connection.execute("ROLLBACK")',
    '                raise',
  );
}
