import type { ProjectModel } from '../../../source/engine/model/types.js';
import { lines } from '../../shared/text.js';

/**
 * macros/: the project's cross-adapter macros. Each public macro dispatches through
 * `adapter.dispatch`, so dbt picks `<adapter>__name` (for example `bigquery__surrogate_key`) and
 * falls back to `default__name`; DuckDB, the local target, uses the default unless it differs.
 * Bodies stay on one line so the SQL they produce has no stray whitespace.
 */
export interface MacroFile {
  path: string;
  render: () => string;
}

export function macroFiles(model: ProjectModel): MacroFile[] {
  const project = model.snakeName;
  return [
    // dbt's own hook, kept apart from the cross-warehouse macros below (dbt reads macros/ recursively).
    { path: 'macros/overrides/generate_schema_name.sql', render: () => generateSchemaName() },
    { path: 'macros/surrogate_key.sql', render: () => surrogateKey(project) },
    { path: 'macros/to_utc_timestamp.sql', render: () => toUtcTimestamp(project) },
    { path: 'macros/days_before.sql', render: () => daysBefore(project) },
    { path: 'macros/type_double.sql', render: () => typeDouble(project) },
  ];
}

function generateSchemaName(): string {
  return lines(
    '{#',
    '    Custom schemas are used as they are: models land in staging, intermediate and marts, seeds in',
    "    raw_sample, on every target. dbt's default would prefix them with the target schema",
    '    (analytics_marts), which breaks the names the dashboards, grants and alerts use. Environments',
    '    are kept apart by the target itself: a local DuckDB file, a production database.',
    '#}',
    '{% macro generate_schema_name(custom_schema_name, node) %}{% if custom_schema_name %}{{ custom_schema_name | trim }}{% else %}{{ target.schema }}{% endif %}{% endmacro %}',
  );
}

function surrogateKey(project: string): string {
  return lines(
    '{#',
    '    surrogate_key(columns): a deterministic hash key over one or more columns (dimension keys,',
    '    data-vault hash keys and hash diffs). Nulls become a marker so (a, null) and (null, a) differ,',
    '    and a separator keeps (ab, c) apart from (a, bc). md5 returns hex text everywhere except',
    '    BigQuery, where it returns bytes: to_hex makes the key the same 32 characters on every target.',
    '#}',
    `{% macro surrogate_key(columns) %}{{ adapter.dispatch('surrogate_key', '${project}')(columns) }}{% endmacro %}`,
    '',
    "{% macro key_text(columns) %}{% for column in columns %}coalesce(cast({{ column }} as {{ dbt.type_string() }}), '_null_'){% if not loop.last %} || '|' || {% endif %}{% endfor %}{% endmacro %}",
    '',
    '{% macro default__surrogate_key(columns) %}md5({{ key_text(columns) }}){% endmacro %}',
    '',
    '{% macro bigquery__surrogate_key(columns) %}to_hex(md5({{ key_text(columns) }})){% endmacro %}',
  );
}

function toUtcTimestamp(project: string): string {
  return lines(
    '{#',
    "    to_utc_timestamp(column): a raw event time (timestamptz, or the warehouse's zoned type) as the",
    '    one convention every downstream model uses: an instant in UTC. On Postgres that is',
    '    timestamptz, stored as UTC and compared as an instant whatever the session TimeZone (a',
    '    timestamp without time zone would be reinterpreted in the session time zone by now(),',
    "    date_trunc(..., 'UTC') and every comparison with a timestamptz). Elsewhere it is a UTC",
    '    timestamp without time zone: a plain cast would convert with the session time zone on',
    "    Redshift and DuckDB, and keep the original offset's wall clock on Snowflake; BigQuery and",
    '    Databricks timestamps are instants already.',
    '',
    '    to_utc_date(column): the UTC calendar date of such a timestamp, the same in any session time',
    '    zone (a plain cast of a timestamptz takes the date in the session time zone).',
    '#}',
    `{% macro to_utc_timestamp(column) %}{{ adapter.dispatch('to_utc_timestamp', '${project}')(column) }}{% endmacro %}`,
    '',
    "{% macro default__to_utc_timestamp(column) %}cast(({{ column }}) at time zone 'UTC' as {{ dbt.type_timestamp() }}){% endmacro %}",
    '',
    '{% macro postgres__to_utc_timestamp(column) %}cast(({{ column }}) as timestamptz){% endmacro %}',
    '',
    "{% macro snowflake__to_utc_timestamp(column) %}cast(convert_timezone('UTC', {{ column }}) as timestamp_ntz){% endmacro %}",
    '',
    '{% macro bigquery__to_utc_timestamp(column) %}cast({{ column }} as timestamp){% endmacro %}',
    '',
    '{% macro databricks__to_utc_timestamp(column) %}cast({{ column }} as timestamp){% endmacro %}',
    '',
    `{% macro to_utc_date(column) %}{{ adapter.dispatch('to_utc_date', '${project}')(column) }}{% endmacro %}`,
    '',
    '{% macro default__to_utc_date(column) %}cast({{ column }} as date){% endmacro %}',
    '',
    "{% macro postgres__to_utc_date(column) %}cast(({{ column }}) at time zone 'UTC' as date){% endmacro %}",
  );
}

function daysBefore(project: string): string {
  return lines(
    '{#',
    '    days_before(date_expression, days): the date `days` days before a date. Incremental models',
    '    use it for their lookback window (late events are reprocessed). Date arithmetic is where',
    '    dialects differ most: BigQuery needs date_sub with an interval, Spark date_sub with a count,',
    '    and Postgres, Redshift, Snowflake and DuckDB subtract an integer number of days from a date.',
    '#}',
    `{% macro days_before(date_expression, days) %}{{ adapter.dispatch('days_before', '${project}')(date_expression, days) }}{% endmacro %}`,
    '',
    '{% macro default__days_before(date_expression, days) %}(cast({{ date_expression }} as date) - {{ days }}){% endmacro %}',
    '',
    '{% macro bigquery__days_before(date_expression, days) %}date_sub(cast({{ date_expression }} as date), interval {{ days }} day){% endmacro %}',
    '',
    '{% macro databricks__days_before(date_expression, days) %}date_sub(cast({{ date_expression }} as date), {{ days }}){% endmacro %}',
  );
}

function typeDouble(project: string): string {
  return lines(
    '{#',
    '    type_double(): an 8-byte float. dbt.type_float() is `float`, which is 4 bytes on DuckDB;',
    '    BigQuery spells it float64, Spark and DuckDB double, the others double precision.',
    '#}',
    `{% macro type_double() %}{{ adapter.dispatch('type_double', '${project}')() }}{% endmacro %}`,
    '',
    '{% macro default__type_double() %}double precision{% endmacro %}',
    '',
    '{% macro bigquery__type_double() %}float64{% endmacro %}',
    '',
    '{% macro databricks__type_double() %}double{% endmacro %}',
    '',
    '{% macro duckdb__type_double() %}double{% endmacro %}',
  );
}
