import type { ProjectModel } from '../../source/engine/model/types.js';
import { lines } from '../shared/text.js';
import { runbookUrl, type RunbookKey } from './runbook.js';
import {
  dimensionFreshnessSeconds,
  FRESHNESS_EXPORTER,
  kinesisLagThresholdSeconds,
  METRICS,
  monitoredMarts,
  usesAirflow,
} from './signals.js';

/**
 * metrics = datadog: monitors (monitoring/datadog/monitors.yaml, the Datadog API's monitor
 * objects), the pipeline dashboard (dashboard.json, the API's dashboard object), the Agent check
 * that scrapes the freshness exporter, and apply.py that creates or updates both through the API.
 */

export interface DatadogMonitor {
  name: string;
  type: 'metric alert' | 'query alert';
  query: string;
  message: string;
  tags: string[];
  priority: number;
  options: Record<string, unknown>;
  /** Not part of the API object: the runbook entry the message links. */
  runbook: RunbookKey;
}

const NAMESPACE = 'pipeline';

/** The freshness exporter's series as the Agent's OpenMetrics check names them. */
function ddMetric(prometheusName: string): string {
  return `${NAMESPACE}.${prometheusName.replace(/^pipeline_/, '')}`;
}

function inList(values: readonly string[]): string {
  return values.join(', ');
}

export function datadogMonitors(model: ProjectModel): DatadogMonitor[] {
  const tags = [`service:${model.name}`, 'managed-by:skillchain'];
  const marts = monitoredMarts(model);
  const slo = model.performance.freshnessSloMinutes * 60;
  const monitor = (
    name: string,
    query: string,
    threshold: number,
    severity: 'critical' | 'warning',
    runbook: RunbookKey,
    body: string,
    extra: Record<string, unknown> = {},
  ): DatadogMonitor => ({
    name: `[${model.name}] ${name}`,
    type: 'query alert',
    query: `${query} > ${threshold}`,
    // apply.py appends the notification handle (DATADOG_NOTIFY_HANDLE) to every message.
    message: lines(body, '', `Runbook: ${runbookUrl(runbook)}`).trimEnd(),
    tags: [...tags, `severity:${severity}`],
    priority: severity === 'critical' ? 1 : 3,
    runbook,
    options: {
      thresholds: { critical: threshold },
      notify_no_data: false,
      require_full_window: false,
      renotify_interval: severity === 'critical' ? 60 : 240,
      include_tags: true,
      ...extra,
    },
  });
  const monitors: DatadogMonitor[] = [];
  if (model.flags.hasStreaming && model.topics.length > 0) {
    const topics = model.topics.map((topic) => topic.name);
    const dlqs = model.topics.map((topic) => topic.dlq);
    const threshold = model.performance.lagAlertThreshold;
    switch (model.streaming.broker) {
      case 'kafka':
      case 'redpanda':
        monitors.push(
          monitor(
            'Consumer lag high',
            `max(last_10m):sum:kafka.consumer_lag{topic IN (${inList(topics)})} by {consumer_group,topic}`,
            threshold,
            'warning',
            'ConsumerLagHigh',
            'Consumer group {{consumer_group.name}} is {{value}} messages behind on {{topic.name}} for 10 minutes.',
          ),
          monitor(
            'Dead letters arriving',
            `change(max(last_5m),last_5m):sum:kafka.broker_offset{topic IN (${inList(dlqs)})} by {topic}`,
            0,
            'warning',
            'DeadLetterMessagesArriving',
            'Records are arriving on the dead-letter topic {{topic.name}}.',
          ),
        );
        break;
      case 'pulsar':
        monitors.push(
          monitor(
            'Consumer lag high',
            `max(last_10m):sum:pulsar.subscription_back_log{topic IN (${inList(topics)})} by {subscription,topic}`,
            threshold,
            'warning',
            'ConsumerLagHigh',
            'Subscription {{subscription.name}} has a backlog of {{value}} messages on {{topic.name}} for 10 minutes.',
          ),
        );
        break;
      case 'pubsub':
        monitors.push(
          monitor(
            'Consumer lag high',
            `max(last_10m):max:gcp.pubsub.subscription.num_undelivered_messages{subscription_id IN (${inList(topics.map((topic) => `${topic}.raw-loader`))})} by {subscription_id}`,
            threshold,
            'warning',
            'ConsumerLagHigh',
            'Subscription {{subscription_id.name}} has {{value}} undelivered messages for 10 minutes.',
          ),
        );
        break;
      case 'kinesis':
        monitors.push(
          monitor(
            'Consumer lag high',
            `max(last_10m):max:aws.kinesis.get_records_iterator_age_milliseconds{streamname IN (${inList(topics)})} by {streamname}`,
            kinesisLagThresholdSeconds(model) * 1000,
            'warning',
            'ConsumerLagHigh',
            'Consumers of {{streamname.name}} read records {{value}} ms old for 10 minutes.',
          ),
        );
        break;
    }
    if (model.streaming.cdc === 'debezium-postgres') {
      monitors.push(
        monitor(
          'CDC replication slot lag high',
          'max(last_10m):max:postgresql.replication_slot.confirmed_flush_delay_bytes{*} by {slot_name}',
          1073741824,
          'critical',
          'CdcReplicationSlotLagHigh',
          'Replication slot {{slot_name.name}} retains {{value}} bytes of WAL.',
        ),
      );
    }
  }
  if (marts.facts.length > 0) {
    monitors.push(
      monitor(
        'Mart freshness SLO breached',
        `max(last_10m):max:${ddMetric(METRICS.freshness)}{kind:fact} by {mart}`,
        slo,
        'critical',
        'MartFreshnessSloBreached',
        `The newest event of {{mart.name}} is {{value}} s old, above the ${model.performance.freshnessSloMinutes}-minute freshness SLO.`,
      ),
    );
  }
  if (marts.dimensions.length > 0) {
    monitors.push(
      monitor(
        'Dimension not updated',
        `max(last_30m):max:${ddMetric(METRICS.freshness)}{kind:dimension} by {mart}`,
        dimensionFreshnessSeconds(model),
        'warning',
        'DimensionNotUpdated',
        'No change reached {{mart.name}} for {{value}} s.',
      ),
    );
  }
  monitors.push({
    ...monitor(
      'Freshness exporter cannot query the warehouse',
      `max(last_10m):max:${ddMetric(METRICS.exporterUp)}{*}`,
      0,
      'warning',
      'FreshnessExporterQueriesFailing',
      "The freshness exporter's warehouse queries fail: freshness monitors are blind.",
    ),
    query: `max(last_10m):max:${ddMetric(METRICS.exporterUp)}{*} < 1`,
    options: {
      thresholds: { critical: 1 },
      notify_no_data: true,
      no_data_timeframe: 20,
      require_full_window: false,
      renotify_interval: 240,
      include_tags: true,
    },
  });
  if (model.flags.usesDbt) {
    monitors.push(
      monitor(
        'dbt tests failing',
        `max(last_5m):sum:${ddMetric(METRICS.dbtResults)}{resource_type:test,status:fail}`,
        0,
        'warning',
        'DbtTestsFailing',
        '{{value}} dbt test(s) failed in the last build.',
      ),
    );
  }
  if (usesAirflow(model)) {
    monitors.push(
      monitor(
        'Airflow task failures',
        'sum(last_15m):sum:airflow.ti_failures{*}.as_count()',
        0,
        'warning',
        'AirflowTaskFailed',
        '{{value}} Airflow task instance(s) failed in the last 15 minutes.',
      ),
    );
  }
  return monitors;
}

export function datadogMonitorsFile(model: ProjectModel): Record<string, unknown> {
  return { monitors: datadogMonitors(model).map(({ runbook: _runbook, ...monitor }) => monitor) };
}

export function datadogDashboard(model: ProjectModel): Record<string, unknown> {
  const timeseries = (title: string, query: string) => ({
    definition: {
      type: 'timeseries',
      title,
      show_legend: true,
      requests: [{ q: query, display_type: 'line' }],
    },
  });
  const widgets = [
    timeseries('Freshness per mart (seconds)', `max:${ddMetric(METRICS.freshness)}{*} by {mart}`),
    timeseries('Rows per mart', `max:${ddMetric(METRICS.rows)}{*} by {mart}`),
  ];
  if (model.flags.hasStreaming) {
    const lag: Record<string, string> = {
      kafka: 'sum:kafka.consumer_lag{*} by {topic}',
      redpanda: 'sum:kafka.consumer_lag{*} by {topic}',
      pulsar: 'sum:pulsar.subscription_back_log{*} by {topic}',
      pubsub: 'max:gcp.pubsub.subscription.num_undelivered_messages{*} by {subscription_id}',
      kinesis: 'max:aws.kinesis.get_records_iterator_age_milliseconds{*} by {streamname}',
    };
    widgets.push(timeseries('Consumer lag', lag[model.streaming.broker] ?? ''));
    widgets.push(
      timeseries(
        'Ingestion latency p95 (seconds)',
        `max:${ddMetric(METRICS.latency)}{quantile:0.95} by {entity}`,
      ),
    );
  }
  if (model.flags.usesDbt)
    widgets.push(
      timeseries(
        'dbt failures',
        `sum:${ddMetric(METRICS.dbtResults)}{status:fail} by {resource_type}`,
      ),
    );
  return {
    title: `${model.title}: pipeline`,
    description: 'Freshness, lag and failures of the pipeline (monitoring/datadog/dashboard.json).',
    layout_type: 'ordered',
    reflow_type: 'auto',
    template_variables: [{ name: 'env', prefix: 'env', default: '*' }],
    widgets,
  };
}

export function datadogOpenMetricsCheck(): Record<string, unknown> {
  return {
    init_config: {},
    instances: [
      {
        openmetrics_endpoint: `http://${FRESHNESS_EXPORTER.service}:${FRESHNESS_EXPORTER.port}/metrics`,
        namespace: NAMESPACE,
        metrics: Object.values(METRICS).map((name) => ({ [name]: name.replace(/^pipeline_/, '') })),
        min_collection_interval: 60,
      },
    ],
  };
}

export function renderDatadogApply(model: ProjectModel): string {
  return lines(
    '#!/usr/bin/env python3',
    `"""Create or update the Datadog monitors and dashboard of ${model.title}.`,
    '',
    'Monitors are matched by name (monitors.yaml), the dashboard by title: running it twice changes',
    'nothing. The notification handle (DATADOG_NOTIFY_HANDLE: @slack-<channel>, @pagerduty-<service>',
    'or @<email>) is appended to every monitor message. Needs DD_API_KEY, DD_APP_KEY and DD_SITE.',
    '',
    'Usage: python monitoring/datadog/apply.py',
    '"""',
    '',
    'from __future__ import annotations',
    '',
    'import json',
    'import os',
    'import sys',
    'from pathlib import Path',
    '',
    'import requests',
    'import yaml',
    '',
    'HERE = Path(__file__).resolve().parent',
    `SERVICE_TAG = "service:${model.name}"`,
    '',
    '',
    'def require(name: str) -> str:',
    '    value = os.environ.get(name, "")',
    '    if not value:',
    '        raise SystemExit(f"environment variable {name} is not set (see .env.example)")',
    '    return value',
    '',
    '',
    'def main() -> int:',
    '    api = f"https://api.{require(\'DD_SITE\')}"',
    '    session = requests.Session()',
    '    session.headers.update({"DD-API-KEY": require("DD_API_KEY"), "DD-APPLICATION-KEY": require("DD_APP_KEY")})',
    '    handle = os.environ.get("DATADOG_NOTIFY_HANDLE", "")',
    '    monitors = yaml.safe_load((HERE / "monitors.yaml").read_text(encoding="utf-8"))["monitors"]',
    '    response = session.get(f"{api}/api/v1/monitor", params={"monitor_tags": SERVICE_TAG}, timeout=30)',
    '    response.raise_for_status()',
    '    existing = {monitor["name"]: monitor["id"] for monitor in response.json()}',
    '    for monitor in monitors:',
    '        if handle:',
    '            monitor["message"] = f"{monitor[\'message\']}\\n\\n{handle}"',
    '        if monitor["name"] in existing:',
    '            response = session.put(f"{api}/api/v1/monitor/{existing[monitor[\'name\']]}", json=monitor, timeout=30)',
    '        else:',
    '            response = session.post(f"{api}/api/v1/monitor", json=monitor, timeout=30)',
    '        response.raise_for_status()',
    '        print(f"monitor: {monitor[\'name\']}")',
    '    dashboard = json.loads((HERE / "dashboard.json").read_text(encoding="utf-8"))',
    '    response = session.get(f"{api}/api/v1/dashboard", timeout=30)',
    '    response.raise_for_status()',
    '    current = [item["id"] for item in response.json().get("dashboards", []) if item["title"] == dashboard["title"]]',
    '    if current:',
    '        response = session.put(f"{api}/api/v1/dashboard/{current[0]}", json=dashboard, timeout=30)',
    '    else:',
    '        response = session.post(f"{api}/api/v1/dashboard", json=dashboard, timeout=30)',
    '    response.raise_for_status()',
    '    print(f"dashboard: {dashboard[\'title\']}")',
    '    return 0',
    '',
    '',
    'if __name__ == "__main__":',
    '    sys.exit(main())',
  );
}
