import type { ProjectModel } from '../../../source/engine/model/types.js';
import { FRESHNESS_EXPORTER, usesAirflow } from '../signals.js';

/**
 * monitoring/prometheus/prometheus.yml: what Prometheus scrapes (the exporters of the stack and
 * itself), the rule files, and where alerts go. Targets are compose service names; on
 * Kubernetes the same jobs become ServiceMonitors or kubernetes_sd_configs.
 */

export interface ScrapeJob {
  name: string;
  targets: string[];
  metricsPath?: string;
  interval?: string;
  timeout?: string;
  /** Why the job exists (README). */
  why: string;
  /** Runs only where cloud credentials exist (not in the local stack). */
  isCloudOnly?: boolean;
}

export const STATSD_EXPORTER = {
  service: 'statsd-exporter',
  metricsPort: 9102,
  statsdPort: 9125,
} as const;
export const KAFKA_EXPORTER = { service: 'kafka-exporter', port: 9308 } as const;
export const POSTGRES_EXPORTER = { service: 'cdc-postgres-exporter', port: 9187 } as const;

export function alertingEnabled(model: ProjectModel): boolean {
  return model.performance.alertRoute !== 'none';
}

export function ruleFiles(model: ProjectModel): string[] {
  return model.flags.isAtLeast('advanced') ? ['alerts.yml', 'slo-rules.yml'] : ['alerts.yml'];
}

export function scrapeJobs(model: ProjectModel): ScrapeJob[] {
  const jobs: ScrapeJob[] = [
    {
      name: 'prometheus',
      targets: ['localhost:9090'],
      why: 'Prometheus itself: rule evaluation failures, notification queue, TSDB health.',
    },
    {
      name: FRESHNESS_EXPORTER.service,
      targets: [`${FRESHNESS_EXPORTER.service}:${FRESHNESS_EXPORTER.port}`],
      interval: '60s',
      timeout: '30s',
      why: 'Freshness, row counts and ingestion latency per mart, queried from the warehouse on each scrape (every minute: the queries cost warehouse time).',
    },
  ];
  if (alertingEnabled(model))
    jobs.push({
      name: 'alertmanager',
      targets: ['alertmanager:9093'],
      why: 'Alertmanager: failed notifications mean alerts that nobody sees.',
    });
  if (model.flags.hasStreaming) {
    switch (model.streaming.broker) {
      case 'kafka':
      case 'redpanda':
        jobs.push({
          name: KAFKA_EXPORTER.service,
          targets: [`${KAFKA_EXPORTER.service}:${KAFKA_EXPORTER.port}`],
          why: 'Consumer group lag and topic offsets (throughput, dead letters, CDC heartbeats).',
        });
        if (model.streaming.broker === 'redpanda') {
          jobs.push({
            name: 'redpanda',
            targets: ['redpanda:9644'],
            metricsPath: '/public_metrics',
            why: 'Redpanda broker health (under-replicated partitions, request latency).',
          });
        }
        break;
      case 'pulsar':
        jobs.push({
          name: 'pulsar',
          targets: ['pulsar:8080'],
          metricsPath: '/metrics',
          why: 'Pulsar broker metrics: subscription backlog (lag), rates in and out per topic.',
        });
        break;
      case 'kinesis':
        jobs.push({
          name: 'cloudwatch-exporter',
          targets: ['cloudwatch-exporter:5000'],
          interval: '60s',
          timeout: '50s',
          why: 'yet-another-cloudwatch-exporter: Kinesis iterator age and incoming records (CloudWatch publishes per minute). Runs where AWS credentials exist; the local emulator has no CloudWatch metrics.',
          isCloudOnly: true,
        });
        break;
      case 'pubsub':
        jobs.push({
          name: 'stackdriver-exporter',
          targets: ['stackdriver-exporter:9255'],
          interval: '60s',
          timeout: '50s',
          why: 'stackdriver-exporter: undelivered messages per subscription and publish rates from Cloud Monitoring. Runs where GCP credentials exist; the emulator has no metrics.',
          isCloudOnly: true,
        });
        break;
    }
    if (model.streaming.cdc === 'debezium-postgres') {
      jobs.push({
        name: 'cdc-source-db',
        targets: [`${POSTGRES_EXPORTER.service}:${POSTGRES_EXPORTER.port}`],
        why: 'postgres_exporter on the CDC source: replication slot positions (WAL retained for Debezium).',
      });
    }
  }
  if (usesAirflow(model)) {
    jobs.push({
      name: STATSD_EXPORTER.service,
      targets: [`${STATSD_EXPORTER.service}:${STATSD_EXPORTER.metricsPort}`],
      why: 'Airflow metrics (StatsD, mapped to labelled series): task failures, import errors.',
    });
  }
  return jobs;
}

export function prometheusConfig(model: ProjectModel): Record<string, unknown> {
  return {
    global: {
      scrape_interval: '15s',
      scrape_timeout: '10s',
      evaluation_interval: '30s',
      // Identify this Prometheus in alerts and in any remote storage.
      external_labels: { project: model.name, environment: 'local' },
    },
    rule_files: ruleFiles(model),
    ...(alertingEnabled(model)
      ? { alerting: { alertmanagers: [{ static_configs: [{ targets: ['alertmanager:9093'] }] }] } }
      : {}),
    scrape_configs: scrapeJobs(model).map((job) => ({
      job_name: job.name,
      ...(job.interval ? { scrape_interval: job.interval } : {}),
      ...(job.timeout ? { scrape_timeout: job.timeout } : {}),
      ...(job.metricsPath ? { metrics_path: job.metricsPath } : {}),
      static_configs: [{ targets: job.targets }],
    })),
  };
}
