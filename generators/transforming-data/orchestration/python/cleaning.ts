import { dedent } from '../../../shared/text.js';
import type { PythonLibrary } from '../plan.js';

/**
 * transforms/python/cleaning.py in the chosen library: the pure steps every transform composes
 * (type, redact, drop keyless rows, deduplicate) and the Arrow exchange with the warehouse module.
 * The three variants expose the same functions so the transform modules and tests read alike.
 */
export function renderCleaning(library: PythonLibrary, projectName: string): string {
  switch (library) {
    case 'pandas':
      return pandasCleaning();
    case 'polars':
      return polarsCleaning();
    case 'pyspark':
      return pysparkCleaning(projectName);
  }
}

const HEADER = dedent`
  # Every step takes a frame and returns a new one; none mutates its input, so a transform is a chain
  # of pure steps that the unit tests exercise on small in-memory frames.
`;

function pandasCleaning(): string {
  return dedent`
    """Cleaning steps shared by the transforms (pandas): type, redact, drop keyless rows, deduplicate.

    pandas keeps the whole batch in memory: right for batches under ~500 MB. The warehouse module
    hands frames over as Apache Arrow tables, so nothing here knows where the data lives.
    """

    ${HEADER}
    from __future__ import annotations

    import re
    from decimal import Decimal, InvalidOperation
    from typing import Any

    from typing import TYPE_CHECKING

    import pandas as pd

    from transforms.python.specs import EntitySpec, LogicalType

    if TYPE_CHECKING:
        import pyarrow as pa

    SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
    TRUE_WORDS = frozenset({"true", "t", "1", "yes", "y"})
    FALSE_WORDS = frozenset({"false", "f", "0", "no", "n"})
    CENTS = Decimal("0.01")


    def conform(frame: pd.DataFrame, spec: EntitySpec) -> pd.DataFrame:
        """Casts the declared columns to their logical types; other columns (load metadata) pass through."""
        missing = [column for column in spec.columns if column not in frame.columns]
        if missing:
            raise ValueError(f"{spec.name}: the raw rows lack the columns {missing}")
        typed = frame.copy()
        for column, logical_type in spec.columns.items():
            typed[column] = cast(typed[column], logical_type)
        return typed


    def cast(values: pd.Series, logical_type: LogicalType) -> pd.Series:
        """One column to its logical type; values that do not parse become null instead of failing the batch."""
        if logical_type == "string":
            text = values.astype("string").str.strip()
            return text.where(text.str.len().fillna(0) > 0)
        if logical_type in ("integer", "bigint"):
            return pd.to_numeric(values, errors="coerce").astype("Int64")
        if logical_type == "double":
            return pd.to_numeric(values, errors="coerce").astype("Float64")
        if logical_type == "decimal":
            # Exact decimals (Arrow decimal128), never floats: these are amounts.
            return values.map(_decimal).astype("object")
        if logical_type == "boolean":
            return values.map(_boolean).astype("boolean")
        if logical_type == "timestamp":
            # Naive timestamps are UTC by contract (CATALOGUE: every event time is UTC).
            return pd.to_datetime(values, errors="coerce", utc=True)
        if logical_type == "date":
            parsed = pd.to_datetime(values, errors="coerce")
            return pd.Series([None if pd.isna(value) else value.date() for value in parsed], index=values.index, dtype="object")
        raise ValueError(f"unknown logical type {logical_type!r}")


    def redact_pii(frame: pd.DataFrame, spec: EntitySpec) -> pd.DataFrame:
        """PII columns must hold a SHA-256 computed at the source; anything else (a clear value) is nulled."""
        redacted = frame.copy()
        for column in spec.pii:
            lowered = redacted[column].astype("string").str.lower()
            is_hash = lowered.map(lambda value: isinstance(value, str) and SHA256_HEX.fullmatch(value) is not None).astype(bool)
            redacted[column] = lowered.where(is_hash)
        return redacted


    def drop_keyless(frame: pd.DataFrame, spec: EntitySpec) -> pd.DataFrame:
        """A row without its key cannot be merged or joined: it is dropped (and counted by the caller)."""
        return frame[frame[spec.key].notna()].reset_index(drop=True)


    def deduplicate(frame: pd.DataFrame, spec: EntitySpec) -> pd.DataFrame:
        """One row per key: the first event of a fact (at-least-once redeliveries), the latest version of a dimension."""
        keep_earliest = spec.kind == "fact"
        ordered = frame.sort_values(
            [spec.key, spec.event_time],
            ascending=[True, keep_earliest],
            na_position="last",
            kind="mergesort",
        )
        return ordered.drop_duplicates(subset=[spec.key], keep="first").reset_index(drop=True)


    def from_arrow(table: pa.Table) -> pd.DataFrame:
        return table.to_pandas()


    def to_arrow(frame: pd.DataFrame) -> pa.Table:
        # Imported here: only the warehouse boundary needs Arrow, the transforms and their tests do not.
        import pyarrow as pa

        return pa.Table.from_pandas(frame, preserve_index=False)


    def row_count(frame: pd.DataFrame) -> int:
        return len(frame.index)


    def _decimal(value: Any) -> Decimal | None:
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        try:
            return Decimal(str(value).strip()).quantize(CENTS)
        except InvalidOperation:
            return None


    def _boolean(value: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return None
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        return None
  `;
}

function polarsCleaning(): string {
  return dedent`
    """Cleaning steps shared by the transforms (polars, lazy): type, redact, drop keyless rows, deduplicate.

    Every step extends a LazyFrame query plan; nothing runs until the caller collects, so polars
    can push filters down and use every core: right for batches up to ~100 GB on one machine.
    """

    ${HEADER}
    from __future__ import annotations

    from typing import TYPE_CHECKING

    import polars as pl

    from transforms.python.specs import EntitySpec, LogicalType

    if TYPE_CHECKING:
        import pyarrow as pa

    SHA256_HEX = r"^[0-9a-f]{64}$"
    BOOLEAN_WORDS = {"true": True, "t": True, "1": True, "yes": True, "y": True, "false": False, "f": False, "0": False, "no": False, "n": False}


    def conform(frame: pl.LazyFrame, spec: EntitySpec) -> pl.LazyFrame:
        """Casts the declared columns to their logical types; other columns (load metadata) pass through."""
        schema = frame.collect_schema()
        missing = [column for column in spec.columns if column not in schema.names()]
        if missing:
            raise ValueError(f"{spec.name}: the raw rows lack the columns {missing}")
        return frame.with_columns([cast(column, logical_type, schema[column]) for column, logical_type in spec.columns.items()])


    def cast(column: str, logical_type: LogicalType, source: pl.DataType) -> pl.Expr:
        """One column to its logical type; values that do not parse become null instead of failing the batch."""
        value = pl.col(column)
        if logical_type == "string":
            text = value.cast(pl.String).str.strip_chars()
            return pl.when(text.str.len_chars() > 0).then(text).alias(column)
        if logical_type == "integer":
            return value.cast(pl.Int32, strict=False)
        if logical_type == "bigint":
            return value.cast(pl.Int64, strict=False)
        if logical_type == "double":
            return value.cast(pl.Float64, strict=False)
        if logical_type == "decimal":
            # Exact decimals, never floats: these are amounts.
            return value.cast(pl.String).str.strip_chars().cast(pl.Decimal(18, 2), strict=False)
        if logical_type == "boolean":
            words = value.cast(pl.String).str.strip_chars().str.to_lowercase()
            return words.replace_strict(BOOLEAN_WORDS, default=None, return_dtype=pl.Boolean).alias(column)
        if logical_type == "timestamp":
            # Naive timestamps are UTC by contract (every event time is UTC).
            if isinstance(source, pl.Datetime):
                return value.dt.convert_time_zone("UTC") if source.time_zone else value.dt.replace_time_zone("UTC")
            return value.cast(pl.String).str.to_datetime(time_zone="UTC", strict=False)
        if logical_type == "date":
            if isinstance(source, pl.Datetime):
                return value.dt.date()
            return value.cast(pl.String).str.to_date(strict=False)
        raise ValueError(f"unknown logical type {logical_type!r}")


    def redact_pii(frame: pl.LazyFrame, spec: EntitySpec) -> pl.LazyFrame:
        """PII columns must hold a SHA-256 computed at the source; anything else (a clear value) is nulled."""
        return frame.with_columns(
            [
                pl.when(pl.col(column).str.to_lowercase().str.contains(SHA256_HEX))
                .then(pl.col(column).str.to_lowercase())
                .alias(column)
                for column in spec.pii
            ]
        )


    def drop_keyless(frame: pl.LazyFrame, spec: EntitySpec) -> pl.LazyFrame:
        """A row without its key cannot be merged or joined: it is dropped (and counted by the caller)."""
        return frame.filter(pl.col(spec.key).is_not_null())


    def deduplicate(frame: pl.LazyFrame, spec: EntitySpec) -> pl.LazyFrame:
        """One row per key: the first event of a fact (at-least-once redeliveries), the latest version of a dimension."""
        newest_first = spec.kind != "fact"
        ordered = frame.sort([spec.key, spec.event_time], descending=[False, newest_first], nulls_last=True, maintain_order=True)
        return ordered.unique(subset=[spec.key], keep="first", maintain_order=True)


    def from_arrow(table: pa.Table) -> pl.LazyFrame:
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        return frame.lazy()


    def to_arrow(frame: pl.LazyFrame) -> pa.Table:
        return frame.collect().to_arrow()


    def row_count(frame: pl.LazyFrame) -> int:
        return frame.select(pl.len()).collect().item()
  `;
}

function pysparkCleaning(projectName: string): string {
  return dedent`
    """Cleaning steps shared by the transforms (PySpark DataFrame API): type, redact, drop keyless rows, deduplicate.

    The steps build a Spark plan that runs distributed: right beyond what one machine holds. Spark
    4 runs in ANSI mode, so casts use try_cast: a value that does not parse becomes null instead of
    failing the whole job.
    """

    ${HEADER}
    from __future__ import annotations

    from typing import TYPE_CHECKING

    from pyspark.sql import Column, DataFrame, SparkSession, Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import DecimalType

    from transforms.python.specs import EntitySpec, LogicalType

    if TYPE_CHECKING:
        import pyarrow as pa

    SHA256_HEX = r"^[0-9a-f]{64}$"
    SPARK_TYPES = {"integer": "int", "bigint": "bigint", "double": "double", "boolean": "boolean", "timestamp": "timestamp", "date": "date"}


    def spark_session() -> SparkSession:
        """The session of this process; spark-submit or the cluster decides the master."""
        return (
            SparkSession.builder.appName(${JSON.stringify(`${projectName}-transforms`)})
            # Event times are UTC by contract; the session must not shift them to the host's zone.
            .config("spark.sql.session.timeZone", "UTC")
            .getOrCreate()
        )


    def conform(frame: DataFrame, spec: EntitySpec) -> DataFrame:
        """Casts the declared columns to their logical types; other columns (load metadata) pass through."""
        missing = [column for column in spec.columns if column not in frame.columns]
        if missing:
            raise ValueError(f"{spec.name}: the raw rows lack the columns {missing}")
        return frame.withColumns({column: cast(column, logical_type) for column, logical_type in spec.columns.items()})


    def cast(column: str, logical_type: LogicalType) -> Column:
        """One column to its logical type; values that do not parse become null."""
        value = F.col(column)
        if logical_type == "string":
            text = F.trim(value.cast("string"))
            return F.when(F.length(text) > 0, text)
        if logical_type == "decimal":
            # Exact decimals, never floats: these are amounts.
            return value.try_cast(DecimalType(18, 2))
        spark_type = SPARK_TYPES.get(logical_type)
        if spark_type is None:
            raise ValueError(f"unknown logical type {logical_type!r}")
        return value.try_cast(spark_type)


    def redact_pii(frame: DataFrame, spec: EntitySpec) -> DataFrame:
        """PII columns must hold a SHA-256 computed at the source; anything else (a clear value) is nulled."""
        return frame.withColumns(
            {column: F.when(F.lower(F.col(column)).rlike(SHA256_HEX), F.lower(F.col(column))) for column in spec.pii}
        )


    def drop_keyless(frame: DataFrame, spec: EntitySpec) -> DataFrame:
        """A row without its key cannot be merged or joined: it is dropped (and counted by the caller)."""
        return frame.filter(F.col(spec.key).isNotNull())


    def deduplicate(frame: DataFrame, spec: EntitySpec) -> DataFrame:
        """One row per key: the first event of a fact (at-least-once redeliveries), the latest version of a dimension."""
        event_time = F.col(spec.event_time)
        order = event_time.asc_nulls_last() if spec.kind == "fact" else event_time.desc_nulls_last()
        ranked = frame.withColumn("_rank", F.row_number().over(Window.partitionBy(spec.key).orderBy(order)))
        return ranked.filter(F.col("_rank") == 1).drop("_rank").orderBy(spec.key)


    def from_arrow(table: pa.Table) -> DataFrame:
        return spark_session().createDataFrame(table)


    def to_arrow(frame: DataFrame) -> pa.Table:
        # Collects to the driver: the local warehouse is one DuckDB file. On a lake, write with
        # frame.writeTo(<table>) instead and keep the data distributed.
        return frame.toArrow()


    def row_count(frame: DataFrame) -> int:
        return frame.count()
  `;
}
