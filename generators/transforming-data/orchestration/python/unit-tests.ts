import { lines, pyString } from '../../../shared/text.js';
import type { Entity, ProjectModel } from '../../../types.js';
import { pythonLibrary, type PythonLibrary } from '../plan.js';

/**
 * tests/unit/test_transform_<entity>.py: pytest on a handful of in-memory rows built from the
 * entity's sample data, covering what the transform promises: one row per key, the right version
 * kept, keyless rows dropped, the event time typed as UTC, clear PII redacted, missing columns
 * rejected.
 */

const CLEAR_PII = 'someone@example.com';

interface Fixture {
  columns: string[];
  rows: Record<string, string | null>[];
  firstKey: string;
  secondKey: string;
  expectedEventTime: string;
  pii?: { column: string; keptValue: string };
  eventFormat: { python: string; spark: string };
}

function shiftTime(value: string, isDate: boolean): string {
  const parsed = new Date(isDate ? `${value}T00:00:00Z` : `${value.replace(' ', 'T')}Z`);
  if (Number.isNaN(parsed.getTime())) return value;
  const shifted = new Date(parsed.getTime() + (isDate ? 86_400_000 : 3_600_000)).toISOString();
  return isDate ? shifted.slice(0, 10) : shifted.replace('T', ' ').replace(/\.\d{3}Z$/, '');
}

function fixtureOf(entity: Entity): Fixture {
  const [first = {}, second = {}] = entity.sampleRows;
  const columns = entity.columns.map((column) => column.name);
  const key = entity.key.name;
  const event = entity.eventTime.name;
  const isDate = entity.eventTime.type === 'date';
  const pick = (row: Record<string, string>) =>
    Object.fromEntries(
      columns.map((name) => [name, row[name] === '' || row[name] === undefined ? null : row[name]]),
    ) as Record<string, string | null>;
  const original = pick(first);
  const redelivered = { ...original, [event]: shiftTime(first[event] ?? '', isDate) };
  const other = pick(second);
  const piiColumn = entity.columns.find((column) => column.isPii && !column.isKey);
  if (piiColumn) other[piiColumn.name] = CLEAR_PII;
  const keyless = { ...pick(second), [key]: null };
  const firstKey = first[key] ?? '';
  const secondKey = second[key] ?? '';
  const expectedEventTime =
    entity.kind === 'fact' ? (original[event] ?? '') : (redelivered[event] ?? '');
  return {
    columns,
    rows: [original, redelivered, other, keyless],
    firstKey,
    secondKey,
    expectedEventTime,
    ...(piiColumn
      ? { pii: { column: piiColumn.name, keptValue: (first[piiColumn.name] ?? '').toLowerCase() } }
      : {}),
    eventFormat: isDate
      ? { python: '%Y-%m-%d', spark: 'yyyy-MM-dd' }
      : { python: '%Y-%m-%d %H:%M:%S', spark: 'yyyy-MM-dd HH:mm:ss' },
  };
}

function pyValue(value: string | null): string {
  return value === null ? 'None' : pyString(value);
}

export function renderTransformTest(model: ProjectModel, entity: Entity): string {
  const library = pythonLibrary(model);
  const fixture = fixtureOf(entity);
  const name = `transform_${entity.name}`;
  const kept = entity.kind === 'fact' ? 'first_event' : 'latest_version';
  const sortedKeys = [fixture.firstKey, fixture.secondKey].sort();
  return lines(
    `"""Unit tests of ${name} (${library}): small in-memory rows, no warehouse."""`,
    '',
    'from __future__ import annotations',
    '',
    'import pytest',
    IMPORTS[library],
    '',
    `from transforms.python.${name} import SPEC, ${name}`,
    '',
    '# Two deliveries of the same key (at-least-once), another key, and a row without a key.',
    'ROWS = [',
    fixture.rows.map(
      (row) =>
        `    {${fixture.columns.map((column) => `${pyString(column)}: ${pyValue(row[column] ?? null)}`).join(', ')}},`,
    ),
    ']',
    `KEY = ${pyString(entity.key.name)}`,
    `EVENT_TIME = ${pyString(entity.eventTime.name)}`,
    `FIRST_KEY = ${pyString(fixture.firstKey)}`,
    '',
    '',
    FRAME_BUILDERS[library],
    '',
    '',
    `def test_keeps_one_row_per_key(${library === 'pyspark' ? 'spark: SparkSession' : ''}) -> None:`,
    `    result = ${COLLECT[library](`${name}(raw_frame(${library === 'pyspark' ? 'spark' : ''}))`)}`,
    `    assert ${KEYS_OF[library]('result')} == [${sortedKeys.map(pyString).join(', ')}]`,
    '',
    '',
    `def test_keeps_the_${kept}_of_a_key(${library === 'pyspark' ? 'spark: SparkSession' : ''}) -> None:`,
    `    result = ${COLLECT[library](`${name}(raw_frame(${library === 'pyspark' ? 'spark' : ''}))`)}`,
    `    assert ${EVENT_OF[library]('result', fixture.eventFormat)} == ${pyString(fixture.expectedEventTime)}`,
    '',
    '',
    `def test_types_the_event_time(${library === 'pyspark' ? 'spark: SparkSession' : ''}) -> None:`,
    `    result = ${COLLECT[library](`${name}(raw_frame(${library === 'pyspark' ? 'spark' : ''}))`)}`,
    `    ${TYPE_ASSERTION[library](entity.eventTime.type === 'date')}`,
    '',
    '',
    fixture.pii && [
      `def test_redacts_pii_that_is_not_a_sha256(${library === 'pyspark' ? 'spark: SparkSession' : ''}) -> None:`,
      `    result = ${COLLECT[library](`${name}(raw_frame(${library === 'pyspark' ? 'spark' : ''}))`)}`,
      `    values = ${VALUES_OF[library]('result', fixture.pii.column)}`,
      `    assert ${pyString(CLEAR_PII)} not in values`,
      `    assert ${pyString(fixture.pii.keptValue)} in values`,
      '',
      '',
    ],
    `def test_rejects_raw_rows_without_the_declared_columns(${library === 'pyspark' ? 'spark: SparkSession' : ''}) -> None:`,
    `    incomplete = ${DROP_COLUMN[library](`raw_frame(${library === 'pyspark' ? 'spark' : ''})`)}`,
    '    with pytest.raises(ValueError, match=EVENT_TIME):',
    `        ${COLLECT[library](`${name}(incomplete)`)}`,
    library === 'pandas' && [
      '',
      '',
      'def test_does_not_modify_its_input() -> None:',
      '    raw = raw_frame()',
      '    before = raw.copy()',
      `    ${name}(raw)`,
      '    pd.testing.assert_frame_equal(raw, before)',
    ],
  );
}

const IMPORTS: Record<PythonLibrary, string> = {
  pandas: 'import pandas as pd',
  polars: 'import polars as pl',
  pyspark: lines(
    'from pyspark.sql import DataFrame, SparkSession',
    'from pyspark.sql import functions as F',
  ).trimEnd(),
};

const FRAME_BUILDERS: Record<PythonLibrary, string> = {
  pandas: lines(
    'def raw_frame() -> pd.DataFrame:',
    '    """Raw rows as they land: text, possibly null."""',
    '    return pd.DataFrame(ROWS, dtype="object")',
  ).trimEnd(),
  polars: lines(
    'def raw_frame() -> pl.LazyFrame:',
    '    """Raw rows as they land: text, possibly null."""',
    '    return pl.LazyFrame(ROWS, schema={column: pl.String for column in SPEC.columns})',
  ).trimEnd(),
  pyspark: lines(
    'def raw_frame(spark: SparkSession) -> DataFrame:',
    '    """Raw rows as they land: text, possibly null."""',
    '    columns = list(SPEC.columns)',
    '    schema = ", ".join(f"`{column}` string" for column in columns)',
    '    return spark.createDataFrame([tuple(row[column] for column in columns) for row in ROWS], schema=schema)',
  ).trimEnd(),
};

const COLLECT: Record<PythonLibrary, (expression: string) => string> = {
  pandas: (expression) => expression,
  polars: (expression) => `${expression}.collect()`,
  pyspark: (expression) => expression,
};

const KEYS_OF: Record<PythonLibrary, (frame: string) => string> = {
  pandas: (frame) => `list(${frame}[KEY])`,
  polars: (frame) => `${frame}[KEY].to_list()`,
  pyspark: (frame) => `[row[KEY] for row in ${frame}.orderBy(KEY).collect()]`,
};

const EVENT_OF: Record<
  PythonLibrary,
  (frame: string, format: { python: string; spark: string }) => string
> = {
  pandas: (frame, format) =>
    `${frame}.loc[${frame}[KEY] == FIRST_KEY, EVENT_TIME].iloc[0].strftime(${pyString(format.python)})`,
  polars: (frame, format) =>
    `${frame}.filter(pl.col(KEY) == FIRST_KEY).select(pl.col(EVENT_TIME).dt.strftime(${pyString(format.python)})).item()`,
  pyspark: (frame, format) =>
    `${frame}.filter(F.col(KEY) == FIRST_KEY).select(F.date_format(EVENT_TIME, ${pyString(format.spark)})).first()[0]`,
};

const TYPE_ASSERTION: Record<PythonLibrary, (isDate: boolean) => string> = {
  pandas: (isDate) =>
    isDate
      ? 'assert all(value is None or hasattr(value, "isoformat") for value in result[EVENT_TIME])'
      : 'assert str(result[EVENT_TIME].dt.tz) == "UTC"',
  polars: (isDate) =>
    isDate
      ? 'assert result.schema[EVENT_TIME] == pl.Date'
      : 'assert isinstance(result.schema[EVENT_TIME], pl.Datetime) and result.schema[EVENT_TIME].time_zone == "UTC"',
  pyspark: (isDate) =>
    `assert dict(result.dtypes)[EVENT_TIME] == ${isDate ? '"date"' : '"timestamp"'}`,
};

const VALUES_OF: Record<PythonLibrary, (frame: string, column: string) => string> = {
  pandas: (frame, column) => `${frame}[${pyString(column)}].dropna().tolist()`,
  polars: (frame, column) => `${frame}[${pyString(column)}].to_list()`,
  pyspark: (frame, column) => `[row[0] for row in ${frame}.select(${pyString(column)}).collect()]`,
};

const DROP_COLUMN: Record<PythonLibrary, (frame: string) => string> = {
  pandas: (frame) => `${frame}.drop(columns=[EVENT_TIME])`,
  polars: (frame) => `${frame}.drop(EVENT_TIME)`,
  pyspark: (frame) => `${frame}.drop(EVENT_TIME)`,
};

/** tests/conftest.py: the project root on sys.path (plain `pytest` works), and a Spark session when needed. */
export function renderConftest(model: ProjectModel): string {
  const usesSpark = model.flags.usesPythonTransforms && pythonLibrary(model) === 'pyspark';
  return lines(
    '"""Shared pytest setup: the project root is importable (transforms.python, tests.quality)."""',
    '',
    'from __future__ import annotations',
    '',
    'import sys',
    usesSpark && 'from collections.abc import Iterator',
    'from pathlib import Path',
    usesSpark && 'from typing import TYPE_CHECKING',
    '',
    usesSpark && [
      'import pytest',
      '',
      'if TYPE_CHECKING:',
      '    from pyspark.sql import SparkSession',
      '',
    ],
    'PROJECT_ROOT = Path(__file__).resolve().parents[1]',
    'if str(PROJECT_ROOT) not in sys.path:',
    '    sys.path.insert(0, str(PROJECT_ROOT))',
    usesSpark && [
      '',
      '',
      '@pytest.fixture(scope="session")',
      'def spark() -> Iterator[SparkSession]:',
      '    """One local session for the whole run: starting Spark costs seconds. Imported here so the',
      '    tests that do not need Spark (DAGs, quality gates) run without it."""',
      '    from pyspark.sql import SparkSession',
      '',
      '    session = (',
      '        SparkSession.builder.master("local[1]")',
      '        .appName("unit-tests")',
      '        .config("spark.sql.session.timeZone", "UTC")',
      '        .config("spark.sql.shuffle.partitions", "1")',
      '        .getOrCreate()',
      '    )',
      '    yield session',
      '    session.stop()',
    ],
  );
}
