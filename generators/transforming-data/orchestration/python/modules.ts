import { dedent, lines, pyString } from '../../../shared/text.js';
import type { Entity, ProjectModel } from '../../../types.js';
import {
  SAMPLE_SCHEMA,
  lookbackHours,
  pythonLibrary,
  pythonOutput,
  pythonTable,
  type PythonLibrary,
} from '../plan.js';

/** The Python modules of transforms/python/ that do not depend on the library. */

const FRAME_TYPES: Record<PythonLibrary, { import: string; type: string; chain: string }> = {
  pandas: { import: 'import pandas as pd', type: 'pd.DataFrame', chain: 'pipe' },
  polars: { import: 'import polars as pl', type: 'pl.LazyFrame', chain: 'pipe' },
  pyspark: { import: 'from pyspark.sql import DataFrame', type: 'DataFrame', chain: 'transform' },
};

export function renderInit(model: ProjectModel): string {
  return lines(
    `"""Python transforms of ${model.title} (${pythonLibrary(model)}).`,
    '',
    `Run them with \`python -m transforms.python.run\`; see transforms/README.md.`,
    '"""',
  );
}

export function renderSpecs(): string {
  return dedent`
    """The contract of each entity: columns, logical types, key, event time and rules.

    The same facts drive the warehouse DDL, the dbt models and the quality checks; they are written
    here once so that every transform applies them the same way.
    """

    from __future__ import annotations

    from dataclasses import dataclass, field
    from typing import Literal

    LogicalType = Literal["string", "integer", "bigint", "decimal", "double", "boolean", "timestamp", "date"]


    @dataclass(frozen=True)
    class EntitySpec:
        name: str
        kind: Literal["fact", "dimension"]
        key: str
        event_time: str
        columns: dict[str, LogicalType]
        # Columns that must never be null once typed (checked by the quality gate, not dropped here).
        required: tuple[str, ...] = ()
        # Columns hashed (SHA-256) at the source; a clear value reaching the pipeline is redacted.
        pii: tuple[str, ...] = ()
        accepted_values: dict[str, tuple[str, ...]] = field(default_factory=dict)
  `;
}

export function renderWarehouse(): string {
  return dedent`
    """Reads raw tables from and writes modelled tables to the warehouse (DuckDB at DUCKDB_PATH).

    Frames cross this boundary as Apache Arrow tables, so the transforms never know where data lives.
    Writes are idempotent: a retry or a backfill of the same interval yields the same table.
    Strategies follow the incremental answer of the project:
      merge / delete+insert  delete the incoming keys, insert the incoming rows (one transaction)
      append                 insert only rows whose key is not there yet (immutable events)
      insert-overwrite       replace every day of the event time present in the batch
      full-refresh           replace the whole table (dimensions: latest version per key)
    """

    from __future__ import annotations

    import logging
    import os
    from collections.abc import Iterator
    from contextlib import contextmanager
    from datetime import datetime

    import duckdb
    import pyarrow as pa

    LOG = logging.getLogger(__name__)
    STRATEGIES = ("merge", "delete+insert", "append", "insert-overwrite", "full-refresh")


    def database_path() -> str:
        path = os.environ.get("DUCKDB_PATH", "")
        if not path:
            raise SystemExit("DUCKDB_PATH is not set: run \`make env\` and load .env, or export it")
        return path


    @contextmanager
    def connect(read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        connection = duckdb.connect(database_path(), read_only=read_only)
        try:
            yield connection
        finally:
            connection.close()


    def quote(identifier: str) -> str:
        return '"' + identifier.replace('"', '""') + '"'


    def read_table(
        connection: duckdb.DuckDBPyConnection,
        schema: str,
        table: str,
        event_time: str | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
    ) -> pa.Table:
        """The rows of schema.table, only those whose event time falls in [start, end) when given."""
        sql = f"select * from {quote(schema)}.{quote(table)}"
        parameters: list[object] = []
        if event_time is not None and start is not None and end is not None:
            # try_cast: raw landing tables may hold the time as text.
            column = f"try_cast({quote(event_time)} as timestamptz)"
            sql += f" where {column} >= ? and {column} < ?"
            parameters = [start, end]
        return connection.execute(sql, parameters).fetch_arrow_table()


    def write_table(
        connection: duckdb.DuckDBPyConnection,
        rows: pa.Table,
        schema: str,
        table: str,
        key: str,
        strategy: str,
        partition_column: str,
    ) -> None:
        """Writes rows into schema.table with the strategy, atomically."""
        if strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {strategy!r}")
        target = f"{quote(schema)}.{quote(table)}"
        connection.execute(f"create schema if not exists {quote(schema)}")
        connection.register("incoming", rows)
        try:
            connection.execute("begin transaction")
            connection.execute(f"create table if not exists {target} as select * from incoming limit 0")
            if strategy == "full-refresh":
                connection.execute(f"delete from {target}")
            elif strategy in ("merge", "delete+insert"):
                # DuckDB has MERGE, but delete + insert in one transaction is the same upsert and
                # also replaces rows whose non-key columns changed shape.
                connection.execute(f"delete from {target} where {quote(key)} in (select {quote(key)} from incoming)")
            elif strategy == "insert-overwrite":
                day = f"cast({quote(partition_column)} as date)"
                connection.execute(f"delete from {target} where {day} in (select distinct {day} from incoming)")
            if strategy == "append":
                connection.execute(
                    f"insert into {target} by name select * from incoming "
                    f"where {quote(key)} not in (select {quote(key)} from {target})"
                )
            else:
                connection.execute(f"insert into {target} by name select * from incoming")
            connection.execute("commit")
        except Exception:
            connection.execute("rollback")
            raise
        finally:
            connection.unregister("incoming")
        LOG.info("%s: wrote %d rows (%s)", target, rows.num_rows, strategy)
  `;
}

/** A Python literal of a spec field. */
function pyTuple(values: readonly string[]): string {
  if (values.length === 0) return '()';
  return `(${values.map(pyString).join(', ')}${values.length === 1 ? ',' : ''})`;
}

export function transformFunctionName(entity: Entity): string {
  return `transform_${entity.name}`;
}

export function renderEntitySpec(entity: Entity): string {
  const accepted = entity.columns.filter(
    (column) => column.acceptedValues && column.acceptedValues.length > 0,
  );
  return lines(
    'SPEC = EntitySpec(',
    `    name=${pyString(entity.name)},`,
    `    kind=${pyString(entity.kind)},`,
    `    key=${pyString(entity.key.name)},`,
    `    event_time=${pyString(entity.eventTime.name)},`,
    '    columns={',
    entity.columns.map((column) => `        ${pyString(column.name)}: ${pyString(column.type)},`),
    '    },',
    `    required=${pyTuple(entity.columns.filter((column) => !column.isNullable).map((column) => column.name))},`,
    `    pii=${pyTuple(entity.columns.filter((column) => column.isPii).map((column) => column.name))},`,
    accepted.length === 0
      ? '    accepted_values={},'
      : [
          '    accepted_values={',
          accepted.map(
            (column) =>
              `        ${pyString(column.name)}: ${pyTuple(column.acceptedValues ?? [])},`,
          ),
          '    },',
        ],
    ')',
  ).trimEnd();
}

export function renderTransformModule(model: ProjectModel, entity: Entity): string {
  const library = pythonLibrary(model);
  const frame = FRAME_TYPES[library];
  const target = pythonTable(model, entity);
  const keeps = entity.kind === 'fact' ? 'the first event' : 'the latest version';
  const name = transformFunctionName(entity);
  return lines(
    `"""${entity.name}: ${entity.description}`,
    '',
    `Raw ${entity.name} arrive at least once and loosely typed. This transform types every column, nulls`,
    'any PII value that is not a SHA-256 (redaction before the data reaches the modelled layer), drops',
    `rows without ${entity.key.name} and keeps ${keeps} per ${entity.key.name}. It writes ${target.schema}.${target.table}${pythonOutput(model) === 'prepared' ? ', the source dbt models' : ''}.`,
    '"""',
    '',
    'from __future__ import annotations',
    '',
    frame.import,
    '',
    'from transforms.python.cleaning import conform, deduplicate, drop_keyless, redact_pii',
    'from transforms.python.specs import EntitySpec',
    '',
    renderEntitySpec(entity),
    '',
    `TARGET_SCHEMA = ${pyString(target.schema)}`,
    `TARGET_TABLE = ${pyString(target.table)}`,
    '',
    '',
    `def ${name}(raw: ${frame.type}) -> ${frame.type}:`,
    `    """Typed, redacted, keyed and deduplicated ${entity.name}; pure: no I/O, the input is not modified."""`,
    '    return (',
    `        raw.${frame.chain}(conform, SPEC)`,
    `        .${frame.chain}(redact_pii, SPEC)`,
    `        .${frame.chain}(drop_keyless, SPEC)`,
    `        .${frame.chain}(deduplicate, SPEC)`,
    '    )',
  );
}

export function renderRunModule(model: ProjectModel): string {
  const library = pythonLibrary(model);
  const strategy = model.transforms.incremental;
  return lines(
    `"""Runs the Python transforms of ${model.title} (${library}).`,
    '',
    '    python -m transforms.python.run [--entity NAME ...] [--start ISO-8601 --end ISO-8601] [--raw-schema SCHEMA]',
    '',
    'Orchestrators pass the data interval of the run (--start/--end): facts are re-read from',
    `start - ${lookbackHours(model)} h (late events) to end and written with the "${strategy}" strategy on their key, so`,
    'a retry or a backfill of the same interval gives the same table. Without an interval every row is',
    'processed. Dimensions are always rebuilt whole (latest version per key). Raw rows come from',
    'RAW_SCHEMA (raw, or raw_sample for the sample data).',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import argparse',
    'import logging',
    'import os',
    'import sys',
    'from collections.abc import Callable',
    'from datetime import datetime, timedelta, timezone',
    'from typing import Any',
    '',
    'from transforms.python import cleaning, warehouse',
    'from transforms.python.specs import EntitySpec',
    model.entities.map((entity) => `from transforms.python import transform_${entity.name}`),
    '',
    'LOG = logging.getLogger("transforms")',
    `LOOKBACK = timedelta(hours=${lookbackHours(model)})`,
    `FACT_STRATEGY = ${pyString(strategy)}`,
    '',
    '# entity -> (contract, transform, target schema, target table)',
    'TRANSFORMS: dict[str, tuple[EntitySpec, Callable[[Any], Any], str, str]] = {',
    model.entities.map(
      (entity) =>
        `    ${pyString(entity.name)}: (transform_${entity.name}.SPEC, transform_${entity.name}.transform_${entity.name}, transform_${entity.name}.TARGET_SCHEMA, transform_${entity.name}.TARGET_TABLE),`,
    ),
    '}',
    '',
    '',
    'def parse_instant(text: str) -> datetime:',
    '    instant = datetime.fromisoformat(text)',
    '    return instant if instant.tzinfo else instant.replace(tzinfo=timezone.utc)',
    '',
    '',
    'def run_entity(connection: Any, name: str, raw_schema: str, start: datetime | None, end: datetime | None) -> int:',
    '    """Transforms one entity; returns the number of rows written."""',
    '    spec, transform, schema, table = TRANSFORMS[name]',
    '    is_windowed = spec.kind == "fact" and start is not None and end is not None',
    '    raw = warehouse.read_table(',
    '        connection,',
    '        raw_schema,',
    '        name,',
    '        event_time=spec.event_time if is_windowed else None,',
    '        start=start - LOOKBACK if is_windowed and start is not None else None,',
    '        end=end if is_windowed else None,',
    '    )',
    '    if raw.num_rows == 0:',
    '        # An empty read never empties a table: a silent source outage must not wipe the marts.',
    '        LOG.warning("%s: no raw rows in %s.%s for this interval; nothing written", name, raw_schema, name)',
    '        return 0',
    '    result = transform(cleaning.from_arrow(raw))',
    '    rows = cleaning.to_arrow(result)',
    '    dropped = raw.num_rows - rows.num_rows',
    '    strategy = FACT_STRATEGY if spec.kind == "fact" else "full-refresh"',
    '    warehouse.write_table(connection, rows, schema, table, key=spec.key, strategy=strategy, partition_column=spec.event_time)',
    '    LOG.info("%s: %d raw rows -> %d rows in %s.%s (%d duplicates or keyless dropped)", name, raw.num_rows, rows.num_rows, schema, table, dropped)',
    '    return rows.num_rows',
    '',
    '',
    'def main(argv: list[str] | None = None) -> int:',
    '    parser = argparse.ArgumentParser(prog="python -m transforms.python.run", description=__doc__.splitlines()[0])',
    '    parser.add_argument("--entity", action="append", choices=sorted(TRANSFORMS), help="entity to transform (repeatable; default: all)")',
    '    parser.add_argument("--start", type=parse_instant, help="start of the data interval (inclusive, ISO 8601)")',
    '    parser.add_argument("--end", type=parse_instant, help="end of the data interval (exclusive, ISO 8601)")',
    '    parser.add_argument("--raw-schema", default=os.environ.get("RAW_SCHEMA", "raw"), help="schema of the raw tables")',
    '    args = parser.parse_args(argv)',
    '    if (args.start is None) != (args.end is None):',
    '        parser.error("--start and --end go together")',
    '    if args.start is not None and args.end is not None and args.start >= args.end:',
    '        parser.error("--start must be before --end")',
    '    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")',
    '    with warehouse.connect() as connection:',
    '        for name in args.entity or list(TRANSFORMS):',
    '            run_entity(connection, name, args.raw_schema, args.start, args.end)',
    '    return 0',
    '',
    '',
    'if __name__ == "__main__":',
    '    sys.exit(main())',
  );
}

export function samplesDirectory(model: ProjectModel): string {
  return model.flags.usesDbt ? 'transforms/dbt/seeds' : 'transforms/python/samples';
}

export function renderLoadSamples(model: ProjectModel): string {
  return lines(
    `"""Loads the sample rows (${samplesDirectory(model)}/<entity>.csv) into the ${SAMPLE_SCHEMA} schema.`,
    '',
    '    python -m transforms.python.load_samples',
    '',
    'Every column is loaded as text, exactly as a raw landing table holds it: the transforms do the',
    `typing. Then run the pipeline on them with RAW_SCHEMA=${SAMPLE_SCHEMA}.`,
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import argparse',
    'import logging',
    'import sys',
    'from pathlib import Path',
    '',
    'from transforms.python import warehouse',
    '',
    `ENTITIES = (${model.entities.map((entity) => pyString(entity.name)).join(', ')}${model.entities.length === 1 ? ',' : ''})`,
    `DEFAULT_DIRECTORY = Path(__file__).resolve().parents[2] / ${pyString(samplesDirectory(model))}`,
    '',
    '',
    'def load(directory: Path, schema: str) -> dict[str, int]:',
    '    counts: dict[str, int] = {}',
    '    with warehouse.connect() as connection:',
    '        connection.execute(f"create schema if not exists {warehouse.quote(schema)}")',
    '        for entity in ENTITIES:',
    '            path = directory / f"{entity}.csv"',
    '            if not path.is_file():',
    '                raise SystemExit(f"missing sample file {path}")',
    '            target = f"{warehouse.quote(schema)}.{warehouse.quote(entity)}"',
    '            connection.execute(f"create or replace table {target} as select * from read_csv(?, header = true, all_varchar = true)", [str(path)])',
    '            row = connection.execute(f"select count(*) from {target}").fetchone()',
    '            counts[entity] = int(row[0]) if row else 0',
    '    return counts',
    '',
    '',
    'def main(argv: list[str] | None = None) -> int:',
    '    parser = argparse.ArgumentParser(prog="python -m transforms.python.load_samples", description=__doc__.splitlines()[0])',
    '    parser.add_argument("--from", dest="directory", type=Path, default=DEFAULT_DIRECTORY, help="folder of <entity>.csv files")',
    `    parser.add_argument("--schema", default=${pyString(SAMPLE_SCHEMA)}, help="schema to load into")`,
    '    args = parser.parse_args(argv)',
    '    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")',
    '    for entity, count in load(args.directory, args.schema).items():',
    '        logging.info("%s.%s: %d sample rows", args.schema, entity, count)',
    '    return 0',
    '',
    '',
    'if __name__ == "__main__":',
    '    sys.exit(main())',
  );
}

/** RFC 4180 CSV of the entity's deterministic sample rows (empty field = null). */
export function renderSampleCsv(entity: Entity): string {
  const field = (value: string) =>
    /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
  const header = entity.columns.map((column) => column.name);
  return lines(
    header.join(','),
    entity.sampleRows.map((row) => header.map((name) => field(row[name] ?? '')).join(',')),
  );
}
