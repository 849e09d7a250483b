import type { ProjectModel, Warehouse } from '../../source/engine/model/types.js';
import { LOADED_AT_COLUMN, MARTS_SCHEMA, RAW_SCHEMA } from '../shared/mart-tables.js';
import { lines, pyString, sqlIdentifier } from '../shared/text.js';
import { FRESHNESS_EXPORTER, METRICS, monitoredMarts } from './signals.js';

/**
 * monitoring/exporters/freshness_exporter.py: on each scrape, queries the warehouse for the newest
 * event time and the row count of every mart (and, with streaming, the ingestion latency of the
 * recent raw rows), reads dbt's run_results.json, and exposes them as Prometheus gauges. Locally
 * it reads the DuckDB file read-only, so it never holds the write lock dbt needs.
 */

/** Newest event (epoch seconds) and row count of a table, per engine. */
const FRESHNESS_SQL: Record<Warehouse, (table: string, column: string) => string> = {
  duckdb: (table, column) => `SELECT epoch(max(${column})), count(*) FROM ${table}`,
  postgres: (table, column) => `SELECT extract(epoch FROM max(${column})), count(*) FROM ${table}`,
  redshift: (table, column) => `SELECT extract(epoch FROM max(${column})), count(*) FROM ${table}`,
  snowflake: (table, column) =>
    `SELECT DATE_PART(epoch_second, MAX(${column})), COUNT(*) FROM ${table}`,
  bigquery: (table, column) => `SELECT UNIX_SECONDS(MAX(${column})), COUNT(*) FROM ${table}`,
  databricks: (table, column) => `SELECT unix_timestamp(max(${column})), count(*) FROM ${table}`,
};

/** p50/p95/p99 of `_loaded_at - event time` (seconds) over the rows loaded in the last 15 minutes. */
const LATENCY_SQL: Record<Warehouse, (table: string, column: string) => string> = {
  duckdb: (table, column) => {
    const delay = `epoch(${LOADED_AT_COLUMN}) - epoch(${column})`;
    return `SELECT quantile_cont(${delay}, 0.5), quantile_cont(${delay}, 0.95), quantile_cont(${delay}, 0.99) FROM ${table} WHERE ${LOADED_AT_COLUMN} >= now() - INTERVAL 15 MINUTE`;
  },
  postgres: (table, column) => {
    const delay = `extract(epoch FROM ${LOADED_AT_COLUMN} - ${column})`;
    return `SELECT ${[0.5, 0.95, 0.99].map((q) => `percentile_cont(${q}) WITHIN GROUP (ORDER BY ${delay})`).join(', ')} FROM ${table} WHERE ${LOADED_AT_COLUMN} >= now() - interval '15 minutes'`;
  },
  redshift: (table, column) => {
    const delay = `DATEDIFF(ms, ${column}, ${LOADED_AT_COLUMN}) / 1000.0`;
    return `SELECT ${[0.5, 0.95, 0.99].map((q) => `PERCENTILE_CONT(${q}) WITHIN GROUP (ORDER BY ${delay})`).join(', ')} FROM ${table} WHERE ${LOADED_AT_COLUMN} >= DATEADD(minute, -15, GETDATE())`;
  },
  snowflake: (table, column) => {
    const delay = `DATEDIFF('millisecond', ${column}, ${LOADED_AT_COLUMN}) / 1000`;
    return `SELECT ${[0.5, 0.95, 0.99].map((q) => `APPROX_PERCENTILE(${delay}, ${q})`).join(', ')} FROM ${table} WHERE ${LOADED_AT_COLUMN} >= DATEADD(minute, -15, CURRENT_TIMESTAMP())`;
  },
  bigquery: (table, column) => {
    const delay = `TIMESTAMP_DIFF(${LOADED_AT_COLUMN}, ${column}, MILLISECOND) / 1000`;
    return `SELECT ${[50, 95, 99].map((q) => `APPROX_QUANTILES(${delay}, 100)[OFFSET(${q})]`).join(', ')} FROM ${table} WHERE ${LOADED_AT_COLUMN} >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 15 MINUTE)`;
  },
  databricks: (table, column) => {
    const delay = `(unix_millis(${LOADED_AT_COLUMN}) - unix_millis(${column})) / 1000`;
    return `SELECT ${[0.5, 0.95, 0.99].map((q) => `percentile_approx(${delay}, ${q})`).join(', ')} FROM ${table} WHERE ${LOADED_AT_COLUMN} >= current_timestamp() - INTERVAL 15 MINUTES`;
  },
};

function queriesFor(model: ProjectModel, engine: Warehouse): string[] {
  const marts = monitoredMarts(model);
  const freshness = marts.all.map(
    (table) =>
      `        (${pyString(table.name)}, ${pyString(table.kind)}, ${pyString(FRESHNESS_SQL[engine](`${MARTS_SCHEMA}.${table.name}`, sqlIdentifier(table.eventTime.name)))}),`,
  );
  const latency = model.flags.hasStreaming
    ? marts.facts.map(
        (table) =>
          `        (${pyString(table.entity.name)}, ${pyString(LATENCY_SQL[engine](`${RAW_SCHEMA}.${table.entity.name}`, sqlIdentifier(table.eventTime.name)))}),`,
      )
    : [];
  return [
    `    ${pyString(engine)}: {`,
    '        "freshness": [',
    freshness.map((line) => `    ${line}`),
    '        ],',
    '        "latency": [',
    latency.map((line) => `    ${line}`),
    '        ],',
    '    },',
  ].flat();
}

export function exporterTargets(model: ProjectModel): Warehouse[] {
  return model.architecture.warehouse === 'duckdb'
    ? ['duckdb']
    : ['duckdb', model.architecture.warehouse];
}

export function renderFreshnessExporter(model: ProjectModel): string {
  const targets = exporterTargets(model);
  const isCloudWatch = model.performance.metrics === 'cloudwatch';
  return lines(
    '#!/usr/bin/env python3',
    `"""Freshness exporter for ${model.title}.`,
    '',
    'On every scrape it asks the warehouse for the newest event time and the row count of each mart,',
    model.flags.hasStreaming &&
      'the ingestion latency (`_loaded_at - event time`) of the raw rows of the last 15 minutes,',
    "and reads dbt's target/run_results.json. The freshness alerts and the pipeline dashboard read",
    'these gauges. Locally (--target duckdb) the DuckDB file is opened read-only for each scrape, so',
    'the exporter never holds the write lock a running `dbt build` needs; while dbt writes, the scrape',
    'reports up = 0 instead of blocking.',
    '',
    isCloudWatch
      ? 'With --cloudwatch-namespace it also publishes the same values to CloudWatch every minute.'
      : `Usage: python monitoring/exporters/freshness_exporter.py --target ${targets[targets.length - 1] ?? 'duckdb'} --port ${FRESHNESS_EXPORTER.port}`,
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import argparse',
    'import json',
    'import logging',
    'import sys',
    'import time',
    'from pathlib import Path',
    'from typing import Iterator',
    '',
    'from prometheus_client import REGISTRY, start_http_server',
    'from prometheus_client.core import GaugeMetricFamily',
    'from prometheus_client.registry import Collector',
    '',
    'sys.path.insert(0, str(Path(__file__).resolve().parent))',
    '',
    'LOG = logging.getLogger("freshness_exporter")',
    '',
    '# Per engine: (mart, kind, SQL returning [newest event as epoch seconds, row count]) and',
    '# (entity, SQL returning [p50, p95, p99] of the ingestion delay in seconds).',
    'QUERIES = {',
    targets.map((engine) => queriesFor(model, engine)),
    '}',
    'STATUSES = ("success", "pass", "fail", "error", "warn", "skipped")',
    'RESOURCE_TYPES = ("model", "test", "seed", "snapshot")',
    '',
    '',
    'def connect(target: str):',
    '    """A fresh read-only connection for one scrape."""',
    targets.map((engine) => [
      `    if target == ${pyString(engine)}:`,
      `        from ${engine === 'duckdb' ? 'duckdb_client' : 'warehouse_client'} import connect as open_connection`,
      '',
      '        return open_connection()',
    ]),
    '    raise SystemExit(f"unknown target {target}")',
    '',
    '',
    'class PipelineCollector(Collector):',
    '    """Collects on scrape: the values are as fresh as the scrape."""',
    '',
    '    def __init__(self, target: str, run_results: Path) -> None:',
    '        self.target = target',
    '        self.run_results = run_results',
    '',
    '    def collect(self) -> Iterator[GaugeMetricFamily]:',
    `        last_event = GaugeMetricFamily(${pyString(METRICS.lastEvent)}, "Newest event time in the mart (unix seconds).", labels=["mart", "kind"])`,
    `        freshness = GaugeMetricFamily(${pyString(METRICS.freshness)}, "Age of the newest event in the mart (seconds).", labels=["mart", "kind"])`,
    `        rows = GaugeMetricFamily(${pyString(METRICS.rows)}, "Rows in the mart.", labels=["mart", "kind"])`,
    `        latency = GaugeMetricFamily(${pyString(METRICS.latency)}, "Ingestion delay of the raw rows of the last 15 minutes (seconds).", labels=["entity", "quantile"])`,
    `        up = GaugeMetricFamily(${pyString(METRICS.exporterUp)}, "1 when every warehouse query of the last scrape succeeded.")`,
    '        queries = QUERIES[self.target]',
    '        ok = 1',
    '        try:',
    '            database = connect(self.target)',
    '        except Exception as error:  # drivers raise their own types; a locked DuckDB file lands here',
    '            LOG.warning("cannot connect to %s: %s", self.target, error)',
    '            ok = 0',
    '        else:',
    '            try:',
    '                now = time.time()',
    '                for mart, kind, sql in queries["freshness"]:',
    '                    try:',
    '                        newest, count = database.execute(sql)[0]',
    '                    except Exception as error:',
    '                        LOG.warning("freshness query of %s failed: %s", mart, error)',
    '                        ok = 0',
    '                        continue',
    '                    # An empty mart has no newest event: report it as infinitely stale (epoch 0).',
    '                    newest = float(newest) if newest is not None else 0.0',
    '                    last_event.add_metric([mart, kind], newest)',
    '                    freshness.add_metric([mart, kind], max(now - newest, 0.0))',
    '                    rows.add_metric([mart, kind], float(count or 0))',
    '                for entity, sql in queries["latency"]:',
    '                    try:',
    '                        quantiles = database.execute(sql)[0]',
    '                    except Exception as error:',
    '                        LOG.warning("latency query of %s failed: %s", entity, error)',
    '                        ok = 0',
    '                        continue',
    '                    for quantile, value in zip(("0.5", "0.95", "0.99"), quantiles):',
    '                        if value is not None:',
    '                            latency.add_metric([entity, quantile], float(value))',
    '            finally:',
    '                database.close()',
    '        up.add_metric([], ok)',
    '        yield from (last_event, freshness, rows, latency, up)',
    '        yield from self.dbt_results()',
    '',
    '    def dbt_results(self) -> Iterator[GaugeMetricFamily]:',
    `        results = GaugeMetricFamily(${pyString(METRICS.dbtResults)}, "Nodes of the last dbt invocation per type and status.", labels=["resource_type", "status"])`,
    `        last_run = GaugeMetricFamily(${pyString(METRICS.dbtLastRun)}, "When the last dbt invocation finished (unix seconds).")`,
    '        counts = {(kind, status): 0 for kind in RESOURCE_TYPES for status in STATUSES}',
    '        try:',
    '            document = json.loads(self.run_results.read_text(encoding="utf-8"))',
    '        except FileNotFoundError:',
    '            return',
    '        except (OSError, ValueError) as error:',
    '            LOG.warning("cannot read %s: %s", self.run_results, error)',
    '            return',
    '        for result in document.get("results", []):',
    '            kind = str(result.get("unique_id", "")).split(".", 1)[0]',
    '            key = (kind, str(result.get("status", "")))',
    '            if key in counts:',
    '                counts[key] += 1',
    '        for (kind, status), count in counts.items():',
    '            results.add_metric([kind, status], count)',
    '        last_run.add_metric([], self.run_results.stat().st_mtime)',
    '        yield results',
    '        yield last_run',
    '',
    isCloudWatch && [
      '',
      'def publish_to_cloudwatch(collector: PipelineCollector, namespace: str) -> None:',
      '    """Push the gauges to CloudWatch (the alarms of monitoring/cloudwatch/alarms.tf read them)."""',
      '    import boto3',
      '',
      '    client = boto3.client("cloudwatch")',
      '    names = {',
      `        ${pyString(METRICS.freshness)}: ("MartFreshnessSeconds", "Seconds"),`,
      `        ${pyString(METRICS.latency)}: ("IngestionLatencySeconds", "Seconds"),`,
      `        ${pyString(METRICS.exporterUp)}: ("WarehouseQueriesUp", "None"),`,
      `        ${pyString(METRICS.dbtResults)}: ("DbtResults", "Count"),`,
      '    }',
      '    data = []',
      '    for family in collector.collect():',
      '        if family.name not in names:',
      '            continue',
      '        metric_name, unit = names[family.name]',
      '        for sample in family.samples:',
      '            dimensions = [{"Name": key.capitalize(), "Value": value} for key, value in sorted(sample.labels.items())]',
      '            data.append({"MetricName": metric_name, "Dimensions": dimensions, "Value": sample.value, "Unit": unit})',
      '    # PutMetricData accepts up to 1000 values per call.',
      '    for start in range(0, len(data), 1000):',
      '        client.put_metric_data(Namespace=namespace, MetricData=data[start : start + 1000])',
      '',
    ],
    '',
    'def main() -> int:',
    '    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])',
    `    parser.add_argument("--target", choices=sorted(QUERIES), default="duckdb", help="duckdb: the local file at DUCKDB_PATH; otherwise the warehouse")`,
    `    parser.add_argument("--port", type=int, default=${FRESHNESS_EXPORTER.port})`,
    '    parser.add_argument("--dbt-run-results", type=Path, default=Path("transforms/dbt/target/run_results.json"))',
    isCloudWatch &&
      '    parser.add_argument("--cloudwatch-namespace", help="also publish to CloudWatch under this namespace every minute")',
    '    arguments = parser.parse_args()',
    '    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")',
    '    collector = PipelineCollector(arguments.target, arguments.dbt_run_results)',
    '    REGISTRY.register(collector)',
    '    start_http_server(arguments.port)',
    '    LOG.info("serving /metrics on :%d for target %s", arguments.port, arguments.target)',
    '    while True:',
    isCloudWatch
      ? [
          '        if arguments.cloudwatch_namespace:',
          '            publish_to_cloudwatch(collector, arguments.cloudwatch_namespace)',
          '        time.sleep(60)',
        ]
      : '        time.sleep(60)',
    '',
    '',
    'if __name__ == "__main__":',
    '    sys.exit(main())',
  );
}
