import type { ProjectModel } from '../../source/engine/model/types.js';
import { BURN_RATES, METRICS, SLO_TARGETS, SLO_WINDOW_DAYS } from './signals.js';

/**
 * monitoring/slos.yaml (intermediate and advanced): the service level objectives of the pipeline
 * — freshness of the marts, ingestion latency (p95 and p99) and availability of the warehouse —
 * with their SLIs, windows and error budgets, and at advanced maturity the burn-rate policy the
 * alerts of slo-rules.yml implement.
 */

function budgetMinutes(target: number): number {
  return Math.round((1 - target) * SLO_WINDOW_DAYS * 24 * 60);
}

export function slosDocument(model: ProjectModel): Record<string, unknown> {
  const slo = model.performance.freshnessSloMinutes;
  const p95 = model.performance.latencyP95Ms;
  const slos: Record<string, unknown>[] = [
    {
      name: 'freshness',
      objective: `Every fact mart holds events younger than ${slo} minutes.`,
      sli: {
        description:
          'Share of minutes in which the newest event of the mart is younger than the threshold.',
        metric: METRICS.lastEvent,
        good_when: `time() - ${METRICS.lastEvent} <= ${slo * 60}`,
        freshness_threshold_minutes: slo,
      },
      target: SLO_TARGETS.freshness,
      window: `${SLO_WINDOW_DAYS}d`,
      error_budget: {
        ratio: Number((1 - SLO_TARGETS.freshness).toFixed(4)),
        minutes: budgetMinutes(SLO_TARGETS.freshness),
      },
    },
    {
      name: 'latency',
      objective: `Events land in the raw tables within ${p95} ms at p95 and ${p95 * 2} ms at p99.`,
      sli: {
        description:
          'Share of minutes in which the p95 of `_loaded_at - event time` over the rows of the last 15 minutes is under the target.',
        metric: METRICS.latency,
        p95_ms: p95,
        p99_ms: p95 * 2,
        applies: model.flags.hasStreaming
          ? 'streaming ingestion (raw tables loaded by the stream loader)'
          : 'batch loads: measured per load, the schedule dominates',
      },
      target: SLO_TARGETS.latency,
      window: `${SLO_WINDOW_DAYS}d`,
      error_budget: {
        ratio: Number((1 - SLO_TARGETS.latency).toFixed(4)),
        minutes: budgetMinutes(SLO_TARGETS.latency),
      },
    },
    {
      name: 'availability',
      objective: 'The warehouse answers the queries of the marts.',
      sli: {
        description: 'Share of minutes in which every freshness query of the exporter succeeded.',
        metric: METRICS.exporterUp,
        good_when: `${METRICS.exporterUp} == 1`,
      },
      target: SLO_TARGETS.availability,
      window: `${SLO_WINDOW_DAYS}d`,
      error_budget: {
        ratio: Number((1 - SLO_TARGETS.availability).toFixed(4)),
        minutes: budgetMinutes(SLO_TARGETS.availability),
      },
    },
  ];
  const document: Record<string, unknown> = {
    service: model.name,
    owner: 'data-platform',
    description: `Service level objectives of ${model.title}. Error budgets are the allowed bad minutes per ${SLO_WINDOW_DAYS}-day window; a spent budget freezes risky changes until it recovers.`,
    slos,
  };
  if (model.flags.isAtLeast('advanced')) {
    document.alerting = {
      method:
        'multiwindow multi-burn-rate (Google SRE workbook): an alert fires when both windows burn faster than the factor',
      rules_file: 'monitoring/prometheus/slo-rules.yml',
      burn_rates: BURN_RATES.map((rate) => ({
        severity: rate.severity,
        long_window: rate.long,
        short_window: rate.short,
        burn_rate: rate.factor,
        meaning: rate.budgetSpent,
        action:
          rate.severity === 'critical'
            ? 'page the on-call engineer'
            : 'open a ticket for working hours',
      })),
    };
  } else {
    document.alerting = {
      method:
        'threshold alerts on the symptoms (monitoring/prometheus/alerts.yml); burn-rate alerting comes with the advanced maturity',
    };
  }
  return document;
}
