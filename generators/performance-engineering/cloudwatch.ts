import type { ProjectModel } from '../../source/engine/model/types.js';
import { lines } from '../shared/text.js';
import { runbookUrl, type RunbookKey } from './runbook.js';
import {
  dimensionFreshnessSeconds,
  kinesisLagThresholdSeconds,
  monitoredMarts,
} from './signals.js';

/**
 * metrics = cloudwatch: Terraform alarms (aws_cloudwatch_metric_alarm) and a dashboard body.
 * Freshness, latency and dbt results are published by the freshness exporter
 * (--cloudwatch-namespace); lag comes from the broker's own CloudWatch metrics (Kinesis, MSK) or,
 * for brokers outside AWS, from the CloudWatch agent scraping the same Prometheus exporters
 * (namespace CWAgent/Prometheus).
 */

export function cloudwatchNamespace(model: ProjectModel): string {
  return `${model.title.replaceAll(' ', '')}/Pipeline`;
}

interface Alarm {
  resource: string;
  name: string;
  description: string;
  runbook: RunbookKey;
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  statistic: 'Maximum' | 'Sum' | 'Minimum';
  period: number;
  evaluationPeriods: number;
  threshold: number;
  comparison: 'GreaterThanThreshold' | 'LessThanThreshold';
  missingData: 'breaching' | 'notBreaching' | 'missing';
}

function terraformName(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_').toLowerCase();
}

export function cloudwatchAlarms(model: ProjectModel): Alarm[] {
  const namespace = cloudwatchNamespace(model);
  const marts = monitoredMarts(model);
  const alarms: Alarm[] = [];
  for (const mart of marts.facts) {
    alarms.push({
      resource: `${terraformName(mart.name)}_freshness`,
      name: `${model.name}-${mart.name}-freshness`,
      description: `Mart ${mart.name} is staler than the ${model.performance.freshnessSloMinutes}-minute freshness SLO for 10 minutes.`,
      runbook: 'MartFreshnessSloBreached',
      namespace,
      metric: 'MartFreshnessSeconds',
      dimensions: { Kind: 'fact', Mart: mart.name },
      statistic: 'Maximum',
      period: 60,
      evaluationPeriods: 10,
      threshold: model.performance.freshnessSloMinutes * 60,
      comparison: 'GreaterThanThreshold',
      // No data means the exporter stopped publishing: treat it as stale.
      missingData: 'breaching',
    });
  }
  for (const mart of marts.dimensions) {
    alarms.push({
      resource: `${terraformName(mart.name)}_not_updated`,
      name: `${model.name}-${mart.name}-not-updated`,
      description: `No change reached dimension ${mart.name} for a day.`,
      runbook: 'DimensionNotUpdated',
      namespace,
      metric: 'MartFreshnessSeconds',
      dimensions: { Kind: 'dimension', Mart: mart.name },
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 6,
      threshold: dimensionFreshnessSeconds(model),
      comparison: 'GreaterThanThreshold',
      missingData: 'missing',
    });
  }
  alarms.push({
    resource: 'warehouse_queries_failing',
    name: `${model.name}-warehouse-queries-failing`,
    description: 'The freshness exporter cannot query the warehouse: freshness alarms are blind.',
    runbook: 'FreshnessExporterQueriesFailing',
    namespace,
    metric: 'WarehouseQueriesUp',
    dimensions: {},
    statistic: 'Minimum',
    period: 60,
    evaluationPeriods: 10,
    threshold: 1,
    comparison: 'LessThanThreshold',
    missingData: 'breaching',
  });
  if (model.flags.usesDbt) {
    alarms.push({
      resource: 'dbt_tests_failing',
      name: `${model.name}-dbt-tests-failing`,
      description: 'dbt tests failed in the last build.',
      runbook: 'DbtTestsFailing',
      namespace,
      metric: 'DbtResults',
      dimensions: { Resource_type: 'test', Status: 'fail' },
      statistic: 'Maximum',
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      missingData: 'notBreaching',
    });
  }
  if (model.flags.hasStreaming) {
    for (const topic of model.topics) {
      const base = {
        runbook: 'ConsumerLagHigh' as const,
        statistic: 'Maximum' as const,
        period: 60,
        evaluationPeriods: 10,
        comparison: 'GreaterThanThreshold' as const,
        missingData: 'missing' as const,
      };
      const name = `${model.name}-${topic.entity}-consumer-lag`;
      switch (model.streaming.broker) {
        case 'kinesis':
          alarms.push({
            ...base,
            resource: `${terraformName(topic.entity)}_iterator_age`,
            name,
            description: `Consumers of ${topic.name} read records older than ${kinesisLagThresholdSeconds(model)} s (iterator age) for 10 minutes: consumer lag.`,
            namespace: 'AWS/Kinesis',
            metric: 'GetRecords.IteratorAgeMilliseconds',
            dimensions: { StreamName: topic.name },
            threshold: kinesisLagThresholdSeconds(model) * 1000,
          });
          break;
        case 'kafka':
          alarms.push({
            ...base,
            resource: `${terraformName(topic.entity)}_consumer_lag`,
            name,
            description: `The raw loader's consumer group lags more than ${model.performance.lagAlertThreshold} messages on ${topic.name} (Amazon MSK SumOffsetLag) for 10 minutes.`,
            namespace: 'AWS/Kafka',
            metric: 'SumOffsetLag',
            dimensions: {
              'Cluster Name': '${var.msk_cluster_name}',
              'Consumer Group': `${model.domain.replaceAll('_', '-')}-raw-loader`,
              Topic: topic.name,
            },
            threshold: model.performance.lagAlertThreshold,
          });
          break;
        default:
          alarms.push({
            ...base,
            resource: `${terraformName(topic.entity)}_consumer_lag`,
            name,
            description: `Consumer lag above ${model.performance.lagAlertThreshold} messages on ${topic.name} for 10 minutes (CloudWatch agent scraping the broker exporter).`,
            namespace: 'CWAgent/Prometheus',
            metric:
              model.streaming.broker === 'pulsar'
                ? 'pulsar_subscription_back_log'
                : model.streaming.broker === 'pubsub'
                  ? 'stackdriver_pubsub_subscription_pubsub_googleapis_com_subscription_num_undelivered_messages'
                  : 'kafka_consumergroup_lag',
            dimensions:
              model.streaming.broker === 'pubsub'
                ? { subscription_id: `${topic.name}.raw-loader` }
                : { topic: topic.name },
            threshold: model.performance.lagAlertThreshold,
          });
      }
    }
  }
  return alarms;
}

function hclString(value: string): string {
  // Terraform interpolation in our own values is deliberate only for ${var.…}.
  return JSON.stringify(value).replace(/\$\{(?!var\.)/g, '$${');
}

export function renderCloudwatchAlarms(model: ProjectModel): string {
  const alarms = cloudwatchAlarms(model);
  const isKafka = model.flags.hasStreaming && model.streaming.broker === 'kafka';
  return lines(
    `# CloudWatch alarms of ${model.title}: freshness per mart, consumer lag per topic, failing`,
    '# warehouse queries and dbt tests. Each alarm notifies the SNS topic on alarm and on recovery, and',
    '# links its runbook entry. Apply with: terraform -chdir=monitoring/cloudwatch init && terraform -chdir=monitoring/cloudwatch apply',
    '',
    'terraform {',
    '  required_version = ">= 1.6"',
    '  required_providers {',
    '    aws = {',
    '      source  = "hashicorp/aws"',
    '      version = "~> 6.0"',
    '    }',
    '  }',
    '}',
    '',
    'variable "region" {',
    '  description = "AWS region of the alarms and the dashboard"',
    '  type        = string',
    '}',
    '',
    'variable "alarm_topic_arn" {',
    '  description = "SNS topic the alarms notify (subscribe the on-call channel to it)"',
    '  type        = string',
    '}',
    isKafka && [
      '',
      'variable "msk_cluster_name" {',
      '  description = "Amazon MSK cluster of the topics (consumer lag metrics)"',
      '  type        = string',
      '}',
    ],
    '',
    'provider "aws" {',
    '  region = var.region',
    '}',
    alarms.map((alarm) => [
      '',
      `resource "aws_cloudwatch_metric_alarm" "${alarm.resource}" {`,
      `  alarm_name          = ${hclString(alarm.name)}`,
      `  alarm_description   = ${hclString(`${alarm.description} Runbook: ${runbookUrl(alarm.runbook)}`)}`,
      `  namespace           = ${hclString(alarm.namespace)}`,
      `  metric_name         = ${hclString(alarm.metric)}`,
      Object.keys(alarm.dimensions).length > 0 && [
        '  dimensions = {',
        Object.entries(alarm.dimensions).map(
          ([key, value]) =>
            `    ${/^[A-Za-z_]+$/.test(key) ? key : JSON.stringify(key)} = ${value.startsWith('${var.') ? value.slice(2, -1) : hclString(value)}`,
        ),
        '  }',
      ],
      `  statistic           = "${alarm.statistic}"`,
      `  period              = ${alarm.period}`,
      `  evaluation_periods  = ${alarm.evaluationPeriods}`,
      `  datapoints_to_alarm = ${alarm.evaluationPeriods}`,
      `  threshold           = ${alarm.threshold}`,
      `  comparison_operator = "${alarm.comparison}"`,
      `  treat_missing_data  = "${alarm.missingData}"`,
      '  alarm_actions       = [var.alarm_topic_arn]',
      '  ok_actions          = [var.alarm_topic_arn]',
      '}',
    ]),
    '',
    'resource "aws_cloudwatch_dashboard" "pipeline" {',
    `  dashboard_name = ${hclString(`${model.name}-pipeline`)}`,
    isKafka
      ? [
          '  # The body is dashboard.json with the region and the MSK cluster filled in.',
          '  dashboard_body = replace(replace(file("${path.module}/dashboard.json"), "REGION", var.region), "MSK_CLUSTER", var.msk_cluster_name)',
        ]
      : [
          '  # The body is dashboard.json with the region filled in.',
          '  dashboard_body = replace(file("${path.module}/dashboard.json"), "REGION", var.region)',
        ],
    '}',
  );
}

export function cloudwatchDashboard(model: ProjectModel): Record<string, unknown> {
  const namespace = cloudwatchNamespace(model);
  const marts = monitoredMarts(model);
  const widgets: Record<string, unknown>[] = [];
  const widget = (title: string, metrics: unknown[][], y: number, x: number, stat = 'Maximum') => ({
    type: 'metric',
    x,
    y,
    width: 12,
    height: 6,
    properties: { title, view: 'timeSeries', region: 'REGION', stat, period: 60, metrics },
  });
  widgets.push(
    widget(
      'Freshness per mart (seconds)',
      marts.all.map((mart) => [
        namespace,
        'MartFreshnessSeconds',
        'Kind',
        mart.kind,
        'Mart',
        mart.name,
      ]),
      0,
      0,
    ),
  );
  widgets.push(
    widget('Warehouse queries up', [[namespace, 'WarehouseQueriesUp']], 0, 12, 'Minimum'),
  );
  if (model.flags.hasStreaming) {
    const lag = cloudwatchAlarms(model).filter((alarm) => alarm.runbook === 'ConsumerLagHigh');
    widgets.push(
      widget(
        'Consumer lag per topic',
        lag.map((alarm) => [
          alarm.namespace,
          alarm.metric,
          ...Object.entries(alarm.dimensions).flatMap(([key, value]) => [
            key,
            value.startsWith('${var.') ? 'MSK_CLUSTER' : value,
          ]),
        ]),
        6,
        0,
      ),
    );
    widgets.push(
      widget(
        'Ingestion latency p95 (seconds)',
        marts.facts.map((mart) => [
          namespace,
          'IngestionLatencySeconds',
          'Entity',
          mart.entity.name,
          'Quantile',
          '0.95',
        ]),
        6,
        12,
      ),
    );
  }
  return { widgets };
}
