import type { ProjectModel, Topic } from '../../source/engine/model/types.js';
import { martTables, type MartTable } from '../shared/mart-tables.js';

/**
 * What the monitoring measures for a project: the marts (freshness from the freshness exporter),
 * the topics (consumer lag, throughput and dead letters, from the broker's metrics), the
 * orchestrator (task failures), dbt (test and model results) and CDC (replication slot). Every
 * rule, panel and monitor is built from these, so the alert, the dashboard and the runbook talk
 * about the same series.
 */

/** Metric names the freshness exporter exposes (monitoring/exporters/freshness_exporter.py). */
export const METRICS = {
  lastEvent: 'pipeline_mart_last_event_timestamp_seconds',
  freshness: 'pipeline_mart_freshness_seconds',
  rows: 'pipeline_mart_rows',
  latency: 'pipeline_ingestion_latency_seconds',
  exporterUp: 'pipeline_freshness_exporter_up',
  dbtResults: 'pipeline_dbt_results',
  dbtLastRun: 'pipeline_dbt_last_run_timestamp_seconds',
} as const;

/** Host and port of the freshness exporter in the compose network. */
export const FRESHNESS_EXPORTER = { service: 'freshness-exporter', port: 9464 } as const;

export interface BrokerSignals {
  /** Lag per topic as PromQL (labels: topic, and the group where the broker has one). */
  lag: string;
  /** The metric the lag reads. */
  lagMetric: string;
  /** What the lag counts. */
  lagUnit: 'messages' | 'seconds';
  lagThreshold: number;
  /** Labels the lag alert carries per series. */
  lagLabels: string[];
  /** Messages per second published to the topics. */
  throughput: string | undefined;
  /** Messages per second arriving on the dead-letter topics. */
  deadLetters: string | undefined;
  /** Where the lag metric comes from, for the README and the runbook. */
  source: string;
  /** The raw series of the tests: one lag series of a topic with the given value. */
  lagSeries(topic: Topic): string;
  /** Expected labels of the lag alert for that series. */
  lagAlertLabels(topic: Topic): Record<string, string>;
  /** The raw series the DLQ alert reads, for the tests. */
  deadLetterSeries(topic: Topic): string | undefined;
}

/** A PromQL raw-string regex alternative of exact names (backticks: no escaping besides the regex). */
export function nameAlternatives(names: readonly string[]): string {
  return names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
}

export function brokerSignals(model: ProjectModel): BrokerSignals | undefined {
  if (!model.flags.hasStreaming || model.topics.length === 0) return undefined;
  const topics = nameAlternatives(model.topics.map((topic) => topic.name));
  const dlqs = nameAlternatives(model.topics.map((topic) => topic.dlq));
  const threshold = model.performance.lagAlertThreshold;
  switch (model.streaming.broker) {
    case 'kafka':
    case 'redpanda':
      return {
        lag: `sum by (consumergroup, topic) (kafka_consumergroup_lag{topic=~\`${topics}\`})`,
        lagMetric: 'kafka_consumergroup_lag',
        lagUnit: 'messages',
        lagThreshold: threshold,
        lagLabels: ['consumergroup', 'topic'],
        throughput: `sum by (topic) (rate(kafka_topic_partition_current_offset{topic=~\`${topics}\`}[5m]))`,
        deadLetters: `sum by (topic) (rate(kafka_topic_partition_current_offset{topic=~\`${dlqs}\`}[5m]))`,
        source:
          'kafka-exporter (consumer group offsets against the log end offsets, per partition)',
        lagSeries: (topic) =>
          `kafka_consumergroup_lag{job="kafka-exporter", consumergroup="${model.domain.replaceAll('_', '-')}-raw-loader", topic="${topic.name}", partition="0"}`,
        lagAlertLabels: (topic) => ({
          consumergroup: `${model.domain.replaceAll('_', '-')}-raw-loader`,
          topic: topic.name,
        }),
        deadLetterSeries: (topic) =>
          `kafka_topic_partition_current_offset{job="kafka-exporter", topic="${topic.dlq}", partition="0"}`,
      };
    case 'pulsar':
      return {
        lag: `sum by (subscription, topic) (pulsar_subscription_back_log{topic=~\`.*/(${topics})\`})`,
        lagMetric: 'pulsar_subscription_back_log',
        lagUnit: 'messages',
        lagThreshold: threshold,
        lagLabels: ['subscription', 'topic'],
        throughput: `sum by (topic) (pulsar_rate_in{topic=~\`.*/(${topics})\`})`,
        deadLetters: `sum by (topic) (pulsar_rate_in{topic=~\`.*/(${dlqs})\`})`,
        source: "the Pulsar broker's /metrics (subscription backlog per topic)",
        lagSeries: (topic) =>
          `pulsar_subscription_back_log{job="pulsar", subscription="raw-loader", topic="persistent://public/default/${topic.name}"}`,
        lagAlertLabels: (topic) => ({
          subscription: 'raw-loader',
          topic: `persistent://public/default/${topic.name}`,
        }),
        deadLetterSeries: (topic) =>
          `pulsar_rate_in{job="pulsar", topic="persistent://public/default/${topic.dlq}"}`,
      };
    case 'pubsub':
      return {
        lag: `sum by (subscription_id) (stackdriver_pubsub_subscription_pubsub_googleapis_com_subscription_num_undelivered_messages{subscription_id=~\`(${topics})\\..*\`})`,
        lagMetric:
          'stackdriver_pubsub_subscription_pubsub_googleapis_com_subscription_num_undelivered_messages',
        lagUnit: 'messages',
        lagThreshold: threshold,
        lagLabels: ['subscription_id'],
        throughput: `sum by (topic_id) (rate(stackdriver_pubsub_topic_pubsub_googleapis_com_topic_send_message_operation_count{topic_id=~\`${topics}\`}[5m]))`,
        deadLetters: `sum by (topic_id) (rate(stackdriver_pubsub_topic_pubsub_googleapis_com_topic_send_message_operation_count{topic_id=~\`${dlqs}\`}[5m]))`,
        source: 'stackdriver-exporter (Cloud Monitoring: undelivered messages per subscription)',
        lagSeries: (topic) =>
          `stackdriver_pubsub_subscription_pubsub_googleapis_com_subscription_num_undelivered_messages{job="stackdriver-exporter", subscription_id="${topic.name}.raw-loader"}`,
        lagAlertLabels: (topic) => ({ subscription_id: `${topic.name}.raw-loader` }),
        deadLetterSeries: (topic) =>
          `stackdriver_pubsub_topic_pubsub_googleapis_com_topic_send_message_operation_count{job="stackdriver-exporter", topic_id="${topic.dlq}"}`,
      };
    case 'kinesis':
      return {
        // Kinesis has no message lag: the iterator age (how old the last record read is) is the lag.
        lag: `max by (dimension_StreamName) (aws_kinesis_get_records_iterator_age_milliseconds_maximum{dimension_StreamName=~\`${topics}\`}) / 1000`,
        lagMetric: 'aws_kinesis_get_records_iterator_age_milliseconds_maximum',
        lagUnit: 'seconds',
        lagThreshold: kinesisLagThresholdSeconds(model),
        lagLabels: ['dimension_StreamName'],
        throughput: `sum by (dimension_StreamName) (aws_kinesis_incoming_records_sum{dimension_StreamName=~\`${topics}\`}) / 60`,
        deadLetters: `sum by (dimension_StreamName) (aws_kinesis_incoming_records_sum{dimension_StreamName=~\`${dlqs}\`}) / 60`,
        source:
          'yet-another-cloudwatch-exporter (CloudWatch GetRecords.IteratorAgeMilliseconds per stream)',
        lagSeries: (topic) =>
          `aws_kinesis_get_records_iterator_age_milliseconds_maximum{job="cloudwatch-exporter", dimension_StreamName="${topic.name}"}`,
        lagAlertLabels: (topic) => ({ dimension_StreamName: topic.name }),
        deadLetterSeries: () => undefined,
      };
  }
}

/**
 * Kinesis reports lag as time: a quarter of the freshness budget, so consumers that fall behind
 * page well before the marts go stale.
 */
export function kinesisLagThresholdSeconds(model: ProjectModel): number {
  return Math.max(60, Math.round((model.performance.freshnessSloMinutes * 60) / 4));
}

export interface MonitoredMarts {
  facts: MartTable[];
  dimensions: MartTable[];
  all: MartTable[];
}

export function monitoredMarts(model: ProjectModel): MonitoredMarts {
  const all = martTables(model);
  return {
    all,
    facts: all.filter((table) => table.kind === 'fact'),
    dimensions: all.filter((table) => table.kind === 'dimension'),
  };
}

/** Dimensions change slowly: they alert after a day, or after the SLO when it is longer. */
export function dimensionFreshnessSeconds(model: ProjectModel): number {
  return Math.max(model.performance.freshnessSloMinutes * 60, 86_400);
}

export function usesAirflow(model: ProjectModel): boolean {
  return model.flags.hasTransforms && model.transforms.orchestrator === 'airflow';
}

/** SLO targets (fraction of good time) and windows, shared by slos.yaml and the burn-rate rules. */
export const SLO_TARGETS = { freshness: 0.99, latency: 0.99, availability: 0.995 } as const;
export const SLO_WINDOW_DAYS = 28;

/** Multiwindow, multi-burn-rate alerting (Google SRE workbook, chapter 5). */
export const BURN_RATES = [
  {
    severity: 'critical',
    long: '1h',
    short: '5m',
    factor: 14.4,
    budgetSpent: '2% of the 28-day budget in one hour',
  },
  {
    severity: 'critical',
    long: '6h',
    short: '30m',
    factor: 6,
    budgetSpent: '5% of the budget in six hours',
  },
  {
    severity: 'warning',
    long: '1d',
    short: '2h',
    factor: 3,
    budgetSpent: '10% of the budget in a day',
  },
  {
    severity: 'warning',
    long: '3d',
    short: '6h',
    factor: 1,
    budgetSpent: '10% of the budget in three days',
  },
] as const;

export const SLO_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
