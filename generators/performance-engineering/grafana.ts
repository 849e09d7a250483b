import type { ProjectModel } from '../../source/engine/model/types.js';
import { brokerSignals, METRICS, SLO_TARGETS, usesAirflow } from './signals.js';

/**
 * The Grafana dashboard of the pipeline (classic JSON model, provisioned read-only) and the
 * provisioning files that load it with the Prometheus data source.
 */

export const GRAFANA_DASHBOARDS_DIR = '/etc/grafana/dashboards';
export const DATASOURCE_UID = 'prometheus';

interface Target {
  expr: string;
  legendFormat: string;
}

interface PanelSpec {
  title: string;
  description: string;
  type: 'timeseries' | 'stat' | 'table';
  unit: string;
  targets: Target[];
  width: number;
  height: number;
  thresholds?: { value: number; color: string }[];
}

export function dashboardUid(model: ProjectModel): string {
  // Grafana uids are at most 40 characters; stable so links and alerts keep working.
  return `${model.name}-pipeline`.slice(0, 40);
}

export function dashboardFileName(model: ProjectModel): string {
  return `${model.domain}-pipeline.json`;
}

function panels(model: ProjectModel): PanelSpec[] {
  const broker = brokerSignals(model);
  const slo = model.performance.freshnessSloMinutes;
  const specs: PanelSpec[] = [
    {
      title: 'Freshness per mart',
      description: `Minutes since the newest event of each mart. Facts must stay under the ${slo}-minute freshness SLO (red line).`,
      type: 'timeseries',
      unit: 'm',
      targets: [{ expr: `(time() - ${METRICS.lastEvent}) / 60`, legendFormat: '{{mart}}' }],
      width: 12,
      height: 8,
      thresholds: [
        { value: 0, color: 'green' },
        { value: slo, color: 'red' },
      ],
    },
    {
      title: 'Marts within the freshness SLO',
      description: 'Fact marts whose newest event is younger than the SLO, out of all fact marts.',
      type: 'stat',
      unit: 'percentunit',
      targets: [
        {
          expr: `avg((time() - ${METRICS.lastEvent}{kind="fact"}) <= bool ${slo * 60})`,
          legendFormat: 'within SLO',
        },
      ],
      width: 6,
      height: 8,
      thresholds: [
        { value: 0, color: 'red' },
        { value: 1, color: 'green' },
      ],
    },
    {
      title: 'Warehouse queries up',
      description: 'Whether the freshness exporter could query the warehouse on its last scrape.',
      type: 'stat',
      unit: 'none',
      targets: [{ expr: `max(${METRICS.exporterUp})`, legendFormat: 'up' }],
      width: 6,
      height: 8,
      thresholds: [
        { value: 0, color: 'red' },
        { value: 1, color: 'green' },
      ],
    },
  ];
  if (broker) {
    specs.push({
      title: 'Consumer lag per topic',
      description: `${broker.lagUnit === 'seconds' ? 'Iterator age' : 'Messages behind'} per topic (${broker.source}). The alert fires above ${broker.lagThreshold}${broker.lagUnit === 'seconds' ? ' s' : ''} for 10 minutes.`,
      type: 'timeseries',
      unit: broker.lagUnit === 'seconds' ? 's' : 'short',
      targets: [
        {
          expr: broker.lag,
          legendFormat: broker.lagLabels.map((label) => `{{${label}}}`).join(' / '),
        },
      ],
      width: 12,
      height: 8,
      thresholds: [
        { value: 0, color: 'green' },
        { value: broker.lagThreshold, color: 'red' },
      ],
    });
    if (broker.throughput) {
      specs.push({
        title: 'Throughput per topic',
        description: 'Messages per second published to each topic.',
        type: 'timeseries',
        unit: 'mps',
        targets: [
          {
            expr: broker.throughput,
            legendFormat: `{{${broker.lagLabels.includes('topic') ? 'topic' : (broker.lagLabels[0] ?? 'topic')}}}`,
          },
        ],
        width: 12,
        height: 8,
      });
    }
    if (broker.deadLetters) {
      specs.push({
        title: 'Dead-letter rate',
        description:
          'Records per second sent to the dead-letter topics after the loader gave up on them. Anything above zero needs a look.',
        type: 'timeseries',
        unit: 'mps',
        targets: [
          {
            expr: broker.deadLetters,
            legendFormat: 'DLQ {{topic}}{{topic_id}}{{dimension_StreamName}}',
          },
        ],
        width: 12,
        height: 8,
        thresholds: [
          { value: 0, color: 'green' },
          { value: 0.001, color: 'red' },
        ],
      });
    }
    specs.push({
      title: 'Ingestion latency',
      description: `Seconds from event time to the row landing in the raw table, over the rows of the last 15 minutes. Target: p95 under ${model.performance.latencyP95Ms / 1000} s.`,
      type: 'timeseries',
      unit: 's',
      targets: [
        {
          expr: `max by (entity) (${METRICS.latency}{quantile="0.95"})`,
          legendFormat: 'p95 {{entity}}',
        },
        {
          expr: `max by (entity) (${METRICS.latency}{quantile="0.99"})`,
          legendFormat: 'p99 {{entity}}',
        },
      ],
      width: 12,
      height: 8,
    });
  }
  specs.push({
    title: 'Rows loaded per hour',
    description:
      'Change of the row count of each mart over the last hour: a flat line on a fact means nothing arrives.',
    type: 'timeseries',
    unit: 'short',
    targets: [{ expr: `delta(${METRICS.rows}[1h])`, legendFormat: '{{mart}}' }],
    width: 12,
    height: 8,
  });
  const failures: Target[] = [];
  if (usesAirflow(model))
    failures.push({
      expr: 'sum by (dag_id, task_id) (increase(airflow_task_finished_total{state="failed"}[1h]))',
      legendFormat: '{{dag_id}}.{{task_id}}',
    });
  if (model.flags.usesDbt)
    failures.push({
      expr: `sum by (resource_type, status) (${METRICS.dbtResults}{status=~"fail|error"})`,
      legendFormat: 'dbt {{resource_type}} {{status}}',
    });
  if (failures.length > 0) {
    specs.push({
      title: 'Task and build failures',
      description:
        'Failed orchestrator tasks in the last hour and failing dbt nodes of the last build.',
      type: 'timeseries',
      unit: 'short',
      targets: failures,
      width: 12,
      height: 8,
      thresholds: [
        { value: 0, color: 'green' },
        { value: 1, color: 'red' },
      ],
    });
  }
  if (model.flags.isAtLeast('advanced')) {
    specs.push({
      title: 'Freshness error budget remaining (28 days)',
      description: `Share of the ${(1 - SLO_TARGETS.freshness) * 100}% error budget of the freshness SLO left over the last 28 days (1 = untouched, 0 = spent).`,
      type: 'stat',
      unit: 'percentunit',
      targets: [
        {
          expr: `1 - (1 - avg_over_time(pipeline:slo_freshness_good:bool[28d])) / ${Number((1 - SLO_TARGETS.freshness).toFixed(4))}`,
          legendFormat: '{{mart}}',
        },
      ],
      width: 12,
      height: 8,
      thresholds: [
        { value: 0, color: 'red' },
        { value: 0.25, color: 'orange' },
        { value: 0.5, color: 'green' },
      ],
    });
  }
  return specs;
}

export function grafanaDashboard(model: ProjectModel): Record<string, unknown> {
  const datasource = { type: 'prometheus', uid: '${datasource}' };
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  const built = panels(model).map((panel, index) => {
    if (x + panel.width > 24) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const gridPos = { h: panel.height, w: panel.width, x, y };
    x += panel.width;
    rowHeight = Math.max(rowHeight, panel.height);
    return {
      id: index + 1,
      type: panel.type,
      title: panel.title,
      description: panel.description,
      datasource,
      gridPos,
      fieldConfig: {
        defaults: {
          unit: panel.unit,
          ...(panel.thresholds
            ? {
                thresholds: {
                  mode: 'absolute',
                  steps: panel.thresholds.map((step, position) => ({
                    color: step.color,
                    value: position === 0 ? null : step.value,
                  })),
                },
              }
            : {}),
        },
        overrides: [],
      },
      options:
        panel.type === 'stat'
          ? {
              reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
              colorMode: 'background',
              graphMode: 'none',
              textMode: 'auto',
            }
          : {
              legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
              tooltip: { mode: 'multi', sort: 'desc' },
            },
      targets: panel.targets.map((target, position) => ({
        refId: String.fromCharCode(65 + position),
        datasource,
        expr: target.expr,
        legendFormat: target.legendFormat,
        range: true,
      })),
    };
  });
  return {
    id: null,
    uid: dashboardUid(model),
    title: `${model.title}: pipeline`,
    description:
      'Freshness, lag, throughput, dead letters, latency and failures of the pipeline. Provisioned from monitoring/grafana/dashboards: edit the JSON in the repository, not in the UI.',
    tags: ['data-pipeline', model.domain, 'skillchain'],
    timezone: 'utc',
    editable: false,
    graphTooltip: 1,
    schemaVersion: 41,
    version: 1,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    templating: {
      list: [
        {
          type: 'datasource',
          name: 'datasource',
          label: 'Data source',
          query: 'prometheus',
          current: { text: 'Prometheus', value: DATASOURCE_UID },
          hide: 0,
          refresh: 1,
          regex: '',
          includeAll: false,
          multi: false,
          options: [],
        },
      ],
    },
    annotations: { list: [] },
    links: [],
    panels: built,
  };
}

export function datasourceProvisioning(): Record<string, unknown> {
  return {
    apiVersion: 1,
    datasources: [
      {
        name: 'Prometheus',
        uid: DATASOURCE_UID,
        type: 'prometheus',
        access: 'proxy',
        url: 'http://prometheus:9090',
        isDefault: true,
        editable: false,
        jsonData: { timeInterval: '15s', httpMethod: 'POST' },
      },
    ],
  };
}

export function dashboardProvisioning(model: ProjectModel): Record<string, unknown> {
  return {
    apiVersion: 1,
    providers: [
      {
        name: `${model.name}-dashboards`,
        folder: model.title,
        type: 'file',
        disableDeletion: true,
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
        options: { path: GRAFANA_DASHBOARDS_DIR, foldersFromFilesStructure: false },
      },
    ],
  };
}
