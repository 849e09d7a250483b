import type { ProjectModel } from '../../../source/engine/model/types.js';
import { runbookUrl, type RunbookKey } from '../runbook.js';
import {
  BURN_RATES,
  brokerSignals,
  dimensionFreshnessSeconds,
  FRESHNESS_EXPORTER,
  METRICS,
  monitoredMarts,
  nameAlternatives,
  SLO_TARGETS,
  SLO_WINDOWS,
  usesAirflow,
} from '../signals.js';
import { humanizeDuration, renderTemplate } from '../templates.js';

/**
 * The Prometheus rules of the pipeline (alerts.yml, and slo-rules.yml at advanced maturity), each
 * alert with the promtool unit test that proves it fires: the input series, the evaluation time
 * and the exact labels and annotations expected.
 */

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface InputSeries {
  series: string;
  values: string;
}

export interface AlertTest {
  /** Sample spacing of the input series. */
  interval: string;
  series: InputSeries[];
  evalTime: string;
  labels: Record<string, string>;
  /** The formatted `$value` the annotations render. */
  value: string;
  /** A time at which the alert must not fire yet (pending or below threshold). */
  quietTime?: string;
}

export interface AlertRule {
  alert: string;
  expr: string;
  for: string;
  severity: Severity;
  extraLabels?: Record<string, string>;
  summary: string;
  description: string;
  runbook: RunbookKey;
  test?: AlertTest;
}

export interface RecordingRule {
  record: string;
  expr: string;
}

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: (AlertRule | RecordingRule)[];
}

export function isAlert(rule: AlertRule | RecordingRule): rule is AlertRule {
  return 'alert' in rule;
}

/** Spacing and count of samples that cover `seconds` (at most about 2,000 samples). */
function coverage(seconds: number): { interval: string; step: number; count: number } {
  const step = seconds > 2 * 86_400 ? 300 : seconds > 12 * 3600 ? 120 : 60;
  return { interval: `${step / 60}m`, step, count: Math.ceil(seconds / step) + 2 };
}

function minutes(seconds: number): string {
  return `${Math.round(seconds / 60)}m`;
}

const LAG_FOR = '10m';

function streamingRules(model: ProjectModel): AlertRule[] {
  const broker = brokerSignals(model);
  const topic = model.topics[0];
  if (!broker || !topic) return [];
  const rules: AlertRule[] = [];
  const isTime = broker.lagUnit === 'seconds';
  const lagValue = broker.lagThreshold * 2;
  const lagLabel = broker.lagLabels.map((label) => `{{ $labels.${label} }}`).join(' / ');
  rules.push({
    alert: 'ConsumerLagHigh',
    expr: `${broker.lag} > ${broker.lagThreshold}`,
    for: LAG_FOR,
    severity: 'warning',
    summary: `Consumer lag on ${lagLabel} is above ${isTime ? `${broker.lagThreshold}s` : `${broker.lagThreshold} messages`}`,
    description: isTime
      ? `The consumers of ${lagLabel} read records {{ $value | humanizeDuration }} old (threshold ${broker.lagThreshold}s) for ${LAG_FOR}: the raw tables and the marts fall behind.`
      : `The consumers of ${lagLabel} are {{ $value | printf "%.0f" }} messages behind (threshold ${broker.lagThreshold}) for ${LAG_FOR}: the raw tables and the marts fall behind.`,
    runbook: 'ConsumerLagHigh',
    test: {
      interval: '1m',
      series: [
        { series: broker.lagSeries(topic), values: `${isTime ? lagValue * 1000 : lagValue}x30` },
      ],
      evalTime: '15m',
      quietTime: '5m',
      labels: broker.lagAlertLabels(topic),
      value: isTime ? humanizeDuration(lagValue) : String(lagValue),
    },
  });
  if (broker.deadLetters) {
    const dlqSeries = broker.deadLetterSeries(topic);
    const isCounter =
      model.streaming.broker === 'kafka' ||
      model.streaming.broker === 'redpanda' ||
      model.streaming.broker === 'pubsub';
    const dlqLabels: Record<string, string> =
      model.streaming.broker === 'pubsub'
        ? { topic_id: topic.dlq }
        : model.streaming.broker === 'kinesis'
          ? { dimension_StreamName: topic.dlq }
          : model.streaming.broker === 'pulsar'
            ? { topic: `persistent://public/default/${topic.dlq}` }
            : { topic: topic.dlq };
    rules.push({
      alert: 'DeadLetterMessagesArriving',
      expr: `${broker.deadLetters} > 0`,
      for: '5m',
      severity: 'warning',
      summary: `Records are arriving on the dead-letter topic ${Object.values(dlqLabels).length > 0 ? `{{ $labels.${Object.keys(dlqLabels)[0] ?? 'topic'} }}` : ''}`,
      description: `{{ $value | printf "%.2f" }} records per second are dead-lettered on {{ $labels.${Object.keys(dlqLabels)[0] ?? 'topic'} }}: the loader rejects them after its retries; they are missing from the marts until replayed.`,
      runbook: 'DeadLetterMessagesArriving',
      ...(dlqSeries
        ? {
            test: {
              interval: '1m',
              series: [
                {
                  series: dlqSeries,
                  values: isCounter
                    ? '0+10x30'
                    : model.streaming.broker === 'kinesis'
                      ? '30x30'
                      : '2x30',
                },
              ],
              evalTime: '15m',
              labels: dlqLabels,
              value: isCounter ? '0.17' : model.streaming.broker === 'kinesis' ? '0.50' : '2.00',
            },
          }
        : {}),
    });
  }
  if (model.streaming.cdc === 'debezium-postgres') {
    rules.push(
      {
        alert: 'CdcReplicationSlotLagHigh',
        expr: 'max by (slot_name) (pg_replication_slot_slot_current_wal_lsn{slot_type="logical"} - pg_replication_slot_slot_confirmed_flush_lsn{slot_type="logical"}) > 1073741824',
        for: '10m',
        severity: 'critical',
        summary: 'CDC replication slot {{ $labels.slot_name }} retains more than 1 GiB of WAL',
        description:
          'Slot {{ $labels.slot_name }} is {{ $value | humanize1024 }}B behind the source WAL for 10m: Debezium reads slower than the database writes, and the source disk fills until max_slot_wal_keep_size invalidates the slot.',
        runbook: 'CdcReplicationSlotLagHigh',
        test: {
          interval: '1m',
          series: [
            {
              series:
                'pg_replication_slot_slot_current_wal_lsn{job="cdc-source-db", slot_name="debezium", slot_type="logical"}',
              values: '3221225472x30',
            },
            {
              series:
                'pg_replication_slot_slot_confirmed_flush_lsn{job="cdc-source-db", slot_name="debezium", slot_type="logical"}',
              values: '1073741824x30',
            },
          ],
          evalTime: '15m',
          quietTime: '5m',
          labels: { slot_name: 'debezium' },
          value: '2Gi',
        },
      },
      {
        alert: 'CdcReplicationSlotInactive',
        expr: 'max by (slot_name) (pg_replication_slot_slot_is_active{slot_type="logical"}) == 0',
        for: '10m',
        severity: 'critical',
        summary: 'CDC replication slot {{ $labels.slot_name }} has no consumer',
        description:
          'Nothing has consumed slot {{ $labels.slot_name }} for 10m (value {{ $value }}): the connector is down and the source database retains WAL for it.',
        runbook: 'CdcReplicationSlotInactive',
        test: {
          interval: '1m',
          series: [
            {
              series:
                'pg_replication_slot_slot_is_active{job="cdc-source-db", slot_name="debezium", slot_type="logical"}',
              values: '0x30',
            },
          ],
          evalTime: '15m',
          labels: { slot_name: 'debezium' },
          value: '0',
        },
      },
    );
  }
  if (model.streaming.cdc !== 'none' && model.flags.usesKafkaApi) {
    rules.push({
      alert: 'CdcConnectorStalled',
      expr: 'sum by (topic) (rate(kafka_topic_partition_current_offset{topic=~`__debezium-heartbeat\\..*`}[15m])) == 0',
      for: '15m',
      severity: 'critical',
      summary: 'The Debezium heartbeat topic {{ $labels.topic }} has stopped',
      description:
        'No heartbeat on {{ $labels.topic }} for 15m (rate {{ $value }}): the CDC connector is not reading the source database.',
      runbook: 'CdcConnectorStalled',
      test: {
        interval: '1m',
        series: [
          {
            series: `kafka_topic_partition_current_offset{job="kafka-exporter", topic="__debezium-heartbeat.${model.domain}", partition="0"}`,
            values: '100x60',
          },
        ],
        evalTime: '45m',
        labels: { topic: `__debezium-heartbeat.${model.domain}` },
        value: '0',
      },
    });
  }
  return rules;
}

function freshnessRules(model: ProjectModel): AlertRule[] {
  const marts = monitoredMarts(model);
  const slo = model.performance.freshnessSloMinutes * 60;
  const rules: AlertRule[] = [];
  const fact = marts.facts[0];
  if (fact) {
    const span = coverage(slo + 30 * 60);
    const evalSeconds = slo + 20 * 60;
    rules.push({
      alert: 'MartFreshnessSloBreached',
      expr: `max by (mart, kind) (time() - ${METRICS.lastEvent}{kind="fact", mart=~\`${nameAlternatives(marts.facts.map((table) => table.name))}\`}) > ${slo}`,
      for: '10m',
      severity: 'critical',
      summary: 'Mart {{ $labels.mart }} is staler than its freshness SLO',
      description: `The newest event in {{ $labels.mart }} is {{ $value | humanizeDuration }} old, above the ${model.performance.freshnessSloMinutes}-minute freshness SLO: dashboards on it show stale numbers.`,
      runbook: 'MartFreshnessSloBreached',
      test: {
        interval: span.interval,
        series: [
          {
            series: `${METRICS.lastEvent}{job="${FRESHNESS_EXPORTER.service}", mart="${fact.name}", kind="fact"}`,
            values: `0x${span.count}`,
          },
        ],
        evalTime: minutes(evalSeconds),
        quietTime: minutes(Math.max(slo - 60, 60)),
        labels: { mart: fact.name, kind: 'fact' },
        value: humanizeDuration(evalSeconds),
      },
    });
  }
  const dimension = marts.dimensions[0];
  if (dimension) {
    const threshold = dimensionFreshnessSeconds(model);
    const span = coverage(threshold + 90 * 60);
    const evalSeconds = threshold + 60 * 60;
    rules.push({
      alert: 'DimensionNotUpdated',
      expr: `max by (mart, kind) (time() - ${METRICS.lastEvent}{kind="dimension", mart=~\`${nameAlternatives(marts.dimensions.map((table) => table.name))}\`}) > ${threshold}`,
      for: '30m',
      severity: 'warning',
      summary: 'Dimension {{ $labels.mart }} has not changed for {{ $value | humanizeDuration }}',
      description: `No change reached {{ $labels.mart }} for {{ $value | humanizeDuration }} (threshold ${humanizeDuration(threshold)}): its changelog may have stopped.`,
      runbook: 'DimensionNotUpdated',
      test: {
        interval: span.interval,
        series: [
          {
            series: `${METRICS.lastEvent}{job="${FRESHNESS_EXPORTER.service}", mart="${dimension.name}", kind="dimension"}`,
            values: `0x${span.count}`,
          },
        ],
        evalTime: minutes(evalSeconds),
        labels: { mart: dimension.name, kind: 'dimension' },
        value: humanizeDuration(evalSeconds),
      },
    });
  }
  rules.push({
    alert: 'FreshnessExporterQueriesFailing',
    expr: `max by (job) (${METRICS.exporterUp}) == 0`,
    for: '10m',
    severity: 'warning',
    summary: 'The freshness exporter cannot query the warehouse',
    description:
      'The warehouse queries of {{ $labels.job }} have failed for 10m (up = {{ $value }}): freshness and latency alerts are blind.',
    runbook: 'FreshnessExporterQueriesFailing',
    test: {
      interval: '1m',
      series: [
        { series: `${METRICS.exporterUp}{job="${FRESHNESS_EXPORTER.service}"}`, values: '0x30' },
      ],
      evalTime: '15m',
      labels: { job: FRESHNESS_EXPORTER.service },
      value: '0',
    },
  });
  if (model.flags.hasStreaming) {
    const target = model.performance.latencyP95Ms / 1000;
    const fact = marts.facts[0] ?? marts.all[0];
    rules.push({
      alert: 'IngestionLatencyHigh',
      expr: `max by (entity) (${METRICS.latency}{quantile="0.95"}) > ${target}`,
      for: '15m',
      severity: 'warning',
      summary: 'p95 ingestion latency of {{ $labels.entity }} is above target',
      description: `95% of the recent {{ $labels.entity }} rows took up to {{ $value | printf "%.1f" }}s from event to raw table, above the ${target}s target.`,
      runbook: 'IngestionLatencyHigh',
      ...(fact
        ? {
            test: {
              interval: '1m',
              series: [
                {
                  series: `${METRICS.latency}{job="${FRESHNESS_EXPORTER.service}", entity="${fact.entity.name}", quantile="0.95"}`,
                  values: `${target * 4}x30`,
                },
              ],
              evalTime: '20m',
              labels: { entity: fact.entity.name },
              value: (target * 4).toFixed(1),
            },
          }
        : {}),
    });
  }
  return rules;
}

function orchestrationRules(model: ProjectModel): AlertRule[] {
  const rules: AlertRule[] = [];
  if (usesAirflow(model)) {
    rules.push(
      {
        alert: 'AirflowTaskFailed',
        expr: 'sum by (dag_id, task_id) (increase(airflow_task_finished_total{state="failed"}[15m])) > 0',
        for: '1m',
        severity: 'warning',
        summary: 'Airflow task {{ $labels.dag_id }}.{{ $labels.task_id }} failed',
        description:
          'Task {{ $labels.task_id }} of DAG {{ $labels.dag_id }} failed after its retries in the last 15 minutes.',
        runbook: 'AirflowTaskFailed',
        test: {
          interval: '1m',
          series: [
            {
              series:
                'airflow_task_finished_total{job="statsd-exporter", dag_id="pipeline", task_id="dbt_build", state="failed"}',
              values: '0x5 1+0x25',
            },
          ],
          evalTime: '10m',
          labels: { dag_id: 'pipeline', task_id: 'dbt_build' },
          value: '1',
        },
      },
      {
        alert: 'AirflowDagImportErrors',
        expr: 'max(airflow_dag_processing_import_errors) > 0',
        for: '10m',
        severity: 'warning',
        summary: 'Airflow cannot import {{ $value }} DAG file(s)',
        description:
          'The dag-processor reports {{ $value }} import error(s) for 10m: the DAGs in those files are not scheduled.',
        runbook: 'AirflowDagImportErrors',
        test: {
          interval: '1m',
          series: [
            {
              series: 'airflow_dag_processing_import_errors{job="statsd-exporter"}',
              values: '1x30',
            },
          ],
          evalTime: '15m',
          labels: {},
          value: '1',
        },
      },
    );
  }
  if (model.flags.usesDbt) {
    rules.push(
      {
        alert: 'DbtTestsFailing',
        expr: `sum by (status) (${METRICS.dbtResults}{resource_type="test", status=~"fail|error"}) > 0`,
        for: '1m',
        severity: 'warning',
        summary: 'dbt tests ended with status {{ $labels.status }}',
        description:
          '{{ $value | printf "%.0f" }} dbt test(s) ended with status {{ $labels.status }} in the last build: rows in the marts break a data-quality rule.',
        runbook: 'DbtTestsFailing',
        test: {
          interval: '1m',
          series: [
            {
              series: `${METRICS.dbtResults}{job="${FRESHNESS_EXPORTER.service}", resource_type="test", status="fail"}`,
              values: '2x30',
            },
          ],
          evalTime: '10m',
          labels: { status: 'fail' },
          value: '2',
        },
      },
      {
        alert: 'DbtModelsFailing',
        expr: `sum(${METRICS.dbtResults}{resource_type="model", status="error"}) > 0`,
        for: '1m',
        severity: 'critical',
        summary: 'dbt models failed in the last build',
        description:
          '{{ $value | printf "%.0f" }} dbt model(s) ended in error: the marts downstream of them were not refreshed.',
        runbook: 'DbtModelsFailing',
        test: {
          interval: '1m',
          series: [
            {
              series: `${METRICS.dbtResults}{job="${FRESHNESS_EXPORTER.service}", resource_type="model", status="error"}`,
              values: '1x30',
            },
          ],
          evalTime: '10m',
          labels: {},
          value: '1',
        },
      },
    );
  }
  return rules;
}

/** The scrape jobs whose targets TargetDown watches (set by prometheus.yml). */
export function targetDownRule(jobs: readonly string[]): AlertRule {
  return {
    alert: 'MonitoringTargetDown',
    expr: `up{job=~\`${nameAlternatives(jobs)}\`} == 0`,
    for: '5m',
    severity: 'warning',
    summary: 'Prometheus cannot scrape {{ $labels.job }} ({{ $labels.instance }})',
    description:
      'The {{ $labels.job }} target {{ $labels.instance }} has been down for 5m (up = {{ $value }}): the alerts on its metrics cannot fire.',
    runbook: 'MonitoringTargetDown',
    test: {
      interval: '1m',
      series: [
        {
          series: `up{job="${FRESHNESS_EXPORTER.service}", instance="${FRESHNESS_EXPORTER.service}:${FRESHNESS_EXPORTER.port}"}`,
          values: '0x30',
        },
      ],
      evalTime: '10m',
      quietTime: '3m',
      labels: {
        job: FRESHNESS_EXPORTER.service,
        instance: `${FRESHNESS_EXPORTER.service}:${FRESHNESS_EXPORTER.port}`,
      },
      value: '0',
    },
  };
}

/** alerts.yml: the symptom alerts, one group per concern. */
export function alertGroups(model: ProjectModel, scrapeJobs: readonly string[]): RuleGroup[] {
  const prefix = model.domain.replaceAll('_', '-');
  const groups: RuleGroup[] = [];
  const streaming = streamingRules(model);
  if (streaming.length > 0) groups.push({ name: `${prefix}-ingestion`, rules: streaming });
  groups.push({ name: `${prefix}-freshness`, interval: '1m', rules: freshnessRules(model) });
  const orchestration = orchestrationRules(model);
  if (orchestration.length > 0)
    groups.push({ name: `${prefix}-transformations`, rules: orchestration });
  groups.push({ name: `${prefix}-monitoring`, rules: [targetDownRule(scrapeJobs)] });
  return groups;
}

/**
 * slo-rules.yml (advanced): SLIs as 0/1 series, their error ratio over the burn-rate windows, and
 * multiwindow multi-burn-rate alerts (a long window for significance, a short one to reset fast).
 */
export function sloGroups(model: ProjectModel): RuleGroup[] {
  const prefix = model.domain.replaceAll('_', '-');
  const slo = model.performance.freshnessSloMinutes * 60;
  const marts = monitoredMarts(model);
  const slis: { name: keyof typeof SLO_TARGETS; good: string; by: string; description: string }[] =
    [];
  if (marts.facts.length > 0) {
    slis.push({
      name: 'freshness',
      good: `max by (mart) (time() - ${METRICS.lastEvent}{kind="fact"}) <= bool ${slo}`,
      by: 'mart',
      description: `fact marts updated within ${model.performance.freshnessSloMinutes} minutes`,
    });
  }
  if (model.flags.hasStreaming) {
    slis.push({
      name: 'latency',
      good: `max by (entity) (${METRICS.latency}{quantile="0.95"}) <= bool ${model.performance.latencyP95Ms / 1000}`,
      by: 'entity',
      description: `p95 ingestion latency within ${model.performance.latencyP95Ms} ms`,
    });
  }
  slis.push({
    name: 'availability',
    good: `max by (job) (${METRICS.exporterUp})`,
    by: 'job',
    description: 'the warehouse answers the freshness queries',
  });

  const recording: RuleGroup = {
    name: `${prefix}-slo-recording`,
    interval: '1m',
    rules: slis.flatMap((sli) => [
      { record: `pipeline:slo_${sli.name}_good:bool`, expr: sli.good },
      ...SLO_WINDOWS.map((window) => ({
        record: `pipeline:slo_${sli.name}_errors:ratio_rate${window}`,
        expr: `1 - avg_over_time(pipeline:slo_${sli.name}_good:bool[${window}])`,
      })),
    ]),
  };
  const alerts: AlertRule[] = slis.flatMap((sli) => {
    const budget = Number((1 - SLO_TARGETS[sli.name]).toFixed(4));
    const name = `${sli.name.charAt(0).toUpperCase()}${sli.name.slice(1)}`;
    const condition = (rates: readonly (typeof BURN_RATES)[number][]) =>
      rates
        .map(
          (rate) =>
            `(pipeline:slo_${sli.name}_errors:ratio_rate${rate.long} > (${rate.factor} * ${budget}) and pipeline:slo_${sli.name}_errors:ratio_rate${rate.short} > (${rate.factor} * ${budget}))`,
        )
        .join(' or ');
    const fast = BURN_RATES.filter((rate) => rate.severity === 'critical');
    const slow = BURN_RATES.filter((rate) => rate.severity === 'warning');
    const fastRule: AlertRule = {
      alert: `${name}ErrorBudgetBurnFast`,
      expr: condition(fast),
      for: '2m',
      severity: 'critical',
      extraLabels: { slo: sli.name },
      summary: `The ${sli.name} SLO burns its error budget fast ({{ $labels.${sli.by} }})`,
      description: `The ${sli.name} SLO (${sli.description}, ${SLO_TARGETS[sli.name] * 100}% over 28 days) is burning its budget at ${fast.map((rate) => `${rate.factor}x over ${rate.long}`).join(' or ')}: at this rate the month's budget is gone within days.`,
      runbook: 'ErrorBudgetBurn',
    };
    if (sli.name === 'freshness' && marts.facts[0]) {
      const span = coverage(slo + 40 * 60);
      const evalSeconds = slo + 20 * 60;
      fastRule.test = {
        interval: span.interval,
        series: [
          {
            series: `${METRICS.lastEvent}{job="${FRESHNESS_EXPORTER.service}", mart="${marts.facts[0].name}", kind="fact"}`,
            values: `0x${span.count}`,
          },
        ],
        evalTime: minutes(evalSeconds),
        labels: { mart: marts.facts[0].name },
        value: '',
      };
    }
    return [
      fastRule,
      {
        alert: `${name}ErrorBudgetBurnSlow`,
        expr: condition(slow),
        for: '15m',
        severity: 'warning',
        extraLabels: { slo: sli.name },
        summary: `The ${sli.name} SLO burns its error budget steadily ({{ $labels.${sli.by} }})`,
        description: `The ${sli.name} SLO (${sli.description}) is burning its budget at ${slow.map((rate) => `${rate.factor}x over ${rate.long}`).join(' or ')}: fix it within working hours before the budget runs out.`,
        runbook: 'ErrorBudgetBurn',
      },
    ];
  });
  return [recording, { name: `${prefix}-slo-burn-rate`, rules: alerts }];
}

/** A rule as the YAML object Prometheus reads. */
export function ruleObject(rule: AlertRule | RecordingRule): Record<string, unknown> {
  if (!isAlert(rule)) return { record: rule.record, expr: rule.expr };
  return {
    alert: rule.alert,
    expr: rule.expr,
    for: rule.for,
    labels: { severity: rule.severity, ...(rule.extraLabels ?? {}) },
    annotations: {
      summary: rule.summary,
      description: rule.description,
      runbook_url: runbookUrl(rule.runbook),
    },
  };
}

export function groupsObject(groups: readonly RuleGroup[]): Record<string, unknown> {
  return {
    groups: groups.map((group) => ({
      name: group.name,
      ...(group.interval ? { interval: group.interval } : {}),
      rules: group.rules.map(ruleObject),
    })),
  };
}

/** The expected annotations of an alert's test. */
export function expectedAnnotations(
  rule: AlertRule,
  labels: Record<string, string>,
  value: string,
): Record<string, string> {
  return {
    summary: renderTemplate(rule.summary, labels, value),
    description: renderTemplate(rule.description, labels, value),
    runbook_url: runbookUrl(rule.runbook),
  };
}
