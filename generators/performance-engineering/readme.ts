import type { ProjectModel } from '../../source/engine/model/types.js';
import { lines, markdownCell } from '../shared/text.js';
import { targetDescription } from './load-tests.js';
import { isAlert, type RuleGroup } from './prometheus/rules.js';
import { runbookUrl } from './runbook.js';
import { brokerSignals, FRESHNESS_EXPORTER, METRICS, SLO_TARGETS, usesAirflow } from './signals.js';
import type { ScrapeJob } from './prometheus/config.js';

/** monitoring/README.md: what is measured, the alerts, the SLOs and how to open the dashboards. */
export function renderMonitoringReadme(
  model: ProjectModel,
  groups: readonly RuleGroup[],
  jobs: readonly ScrapeJob[],
): string {
  const metrics = model.performance.metrics;
  const broker = brokerSignals(model);
  const isPrometheus = metrics === 'prometheus-grafana';
  const advanced = model.flags.isAtLeast('advanced');
  const intermediate = model.flags.isAtLeast('intermediate');
  const alerts = groups.flatMap((group) => group.rules.filter(isAlert));
  return lines(
    `# Monitoring: ${model.title}`,
    '',
    'Alerts fire on symptoms the consumers of the data feel — marts that are late, consumers that fall behind, transformations that fail — and each one links its runbook entry in `docs/runbook.md`.',
    '',
    '## What is measured',
    '',
    '| signal | metric | source |',
    '| --- | --- | --- |',
    `| freshness per mart | \`${METRICS.lastEvent}\`, \`${METRICS.freshness}\` | freshness exporter: \`max(event time)\` of every mart, on each scrape |`,
    `| rows per mart | \`${METRICS.rows}\` | freshness exporter |`,
    `| warehouse reachable | \`${METRICS.exporterUp}\` | freshness exporter |`,
    model.flags.usesDbt &&
      `| dbt results | \`${METRICS.dbtResults}\` | freshness exporter, from \`transforms/dbt/target/run_results.json\` |`,
    broker && `| consumer lag per topic | \`${broker.lagMetric}\` | ${broker.source} |`,
    broker &&
      `| ingestion latency p50/p95/p99 | \`${METRICS.latency}\` | freshness exporter: \`_loaded_at - event time\` of the raw rows of the last 15 minutes |`,
    usesAirflow(model) &&
      '| Airflow task failures, import errors | `airflow_task_finished_total`, `airflow_dag_processing_import_errors` | Airflow StatsD → statsd-exporter (mapping in `monitoring/statsd/mappings.yml`) |',
    model.flags.hasStreaming &&
      model.streaming.cdc === 'debezium-postgres' &&
      '| CDC replication slot | `pg_replication_slot_slot_current_wal_lsn`, `…_confirmed_flush_lsn` | postgres_exporter on the CDC source database |',
    '',
    `The freshness exporter (\`monitoring/exporters/freshness_exporter.py\`, port ${FRESHNESS_EXPORTER.port}) queries the local DuckDB file by default (\`--target duckdb\`, read-only) and the warehouse with \`--target ${model.architecture.warehouse}\` in production. A scrape never blocks a running \`dbt build\`: when the DuckDB file is locked, the scrape reports \`${METRICS.exporterUp} 0\`.`,
    model.architecture.modeling === 'data-vault' &&
      '\nOn this data vault the freshness exporter reads the `dim_` / `fct_` information marts built on the vault (satellites are versioned by load time: their newest row is not the newest event).',
    usesAirflow(model) &&
      '\nAirflow must send StatsD metrics to the exporter: set `AIRFLOW__METRICS__STATSD_ON=True`, `AIRFLOW__METRICS__STATSD_HOST=statsd-exporter` and `AIRFLOW__METRICS__STATSD_PORT=9125` on the Airflow services.',
    '',
    '## Alerts',
    '',
    isPrometheus
      ? [
          `Rules live in \`monitoring/prometheus/alerts.yml\`${advanced ? ' and `slo-rules.yml` (SLO recording rules and burn-rate alerts)' : ''}; \`alerts.test.yml\` unit-tests them with \`promtool test rules\` (\`make check-alerts\`). Every alert has a \`for:\` duration, a \`severity\` of critical, warning or info, and \`summary\`, \`description\` and \`runbook_url\` annotations.`,
          '',
          '| alert | severity | for | runbook |',
          '| --- | --- | --- | --- |',
          alerts.map(
            (alert) =>
              `| \`${alert.alert}\` | ${alert.severity} | ${alert.for} | [${markdownCell(alert.runbook)}](../${runbookUrl(alert.runbook)}) |`,
          ),
          '',
          model.performance.alertRoute === 'none'
            ? 'Alerts are not routed anywhere (alert_route = none): they show on the Prometheus alerts page and in Grafana.'
            : `Alertmanager routes critical alerts to the ${model.performance.alertRoute} receiver at once (repeat hourly) and warnings grouped (repeat every 4 hours); info alerts are dropped. Its secrets come from \`.env\` through \`monitoring/alertmanager/entrypoint.sh\`.`,
        ]
      : metrics === 'datadog'
        ? 'Monitors live in `monitoring/datadog/monitors.yaml` (Datadog API objects) and the dashboard in `dashboard.json`; `make datadog-apply` creates or updates them (idempotent, by name). The Datadog Agent scrapes the freshness exporter with the OpenMetrics check of `monitoring/datadog/conf.d/openmetrics.d/conf.yaml`; every monitor message links its runbook entry and ends with the handle of `DATADOG_NOTIFY_HANDLE`.'
        : "Alarms are Terraform (`monitoring/cloudwatch/alarms.tf`, `aws_cloudwatch_metric_alarm`) with the dashboard body in `dashboard.json`; `make cloudwatch-apply` applies them. The freshness exporter publishes freshness, latency and dbt results to CloudWatch with `--cloudwatch-namespace`; lag comes from the broker's CloudWatch metrics (Kinesis iterator age, MSK offset lag) or from the CloudWatch agent scraping the broker exporter (`CWAgent/Prometheus`). Every alarm notifies `ALERT_SNS_TOPIC_ARN` and links its runbook entry.",
    '',
    '## SLOs',
    '',
    intermediate
      ? [
          '`monitoring/slos.yaml` defines them, with error budgets over 28 days:',
          '',
          `- **Freshness**: fact marts hold events younger than ${model.performance.freshnessSloMinutes} minutes, ${SLO_TARGETS.freshness * 100}% of the time.`,
          `- **Latency**: events land in the raw tables within ${model.performance.latencyP95Ms} ms at p95 (and ${model.performance.latencyP95Ms * 2} ms at p99), ${SLO_TARGETS.latency * 100}% of the time.`,
          `- **Availability**: the warehouse answers the marts' queries ${SLO_TARGETS.availability * 100}% of the time.`,
          '',
          advanced
            ? 'Burn-rate alerts (`slo-rules.yml`) page when the budget burns 14.4 times too fast over 1 h (and 5 m) or 6 times over 6 h (and 30 m), and open a ticket at 3 times over a day or once over three days.'
            : 'Symptom alerts enforce them; burn-rate alerting comes with the advanced maturity.',
        ]
      : 'SLOs and their error budgets come with the intermediate maturity; the symptom alerts above apply already.',
    '',
    '## Dashboards',
    '',
    isPrometheus
      ? [
          '```bash',
          'make up           # starts Prometheus, Alertmanager, Grafana and the exporters with the stack',
          'make dashboards   # prints the URLs',
          '```',
          '',
          `Grafana (http://localhost:3000, user \`admin\`, password \`GRAFANA_ADMIN_PASSWORD\` from \`.env\`) provisions the Prometheus data source and the \`${model.title}: pipeline\` dashboard from \`monitoring/grafana/\`, read-only: change the JSON in the repository, not in the UI. Prometheus is on http://localhost:9090${model.performance.alertRoute !== 'none' ? ', Alertmanager on http://localhost:9093' : ''}.`,
        ]
      : metrics === 'datadog'
        ? "The dashboard of `monitoring/datadog/dashboard.json` appears in Datadog after `make datadog-apply`; locally, `docker compose --profile datadog up -d datadog-agent` ships the exporter's metrics with your API key."
        : 'The CloudWatch dashboard (`<project>-pipeline`) is created by `make cloudwatch-apply`.',
    '',
    '## Scrape jobs',
    '',
    isPrometheus
      ? jobs.map((job) => `- \`${job.name}\` (${job.targets.join(', ')}): ${job.why}`)
      : `The freshness exporter serves its metrics on :${FRESHNESS_EXPORTER.port}/metrics for the ${metrics === 'datadog' ? 'Datadog Agent' : 'CloudWatch publisher'}.`,
    advanced && [
      '',
      '## Load tests',
      '',
      targetDescription(model),
      '',
      '`make load-test` runs it and fails when a threshold is broken (p95 above the latency target, p99 above twice that, more than 1% failed requests).',
    ],
  );
}
