import { lines } from '../shared/text.js';
import {
  renderWarehouseClient,
  WAREHOUSE_CLIENT_REQUIREMENTS,
} from '../shared/warehouse-python-client.js';
import type {
  Contributions,
  FileSpec,
  GeneratorDefinition,
  MakeTarget,
  ProjectModel,
} from '../types.js';
import { alertmanagerConfig, renderAlertmanagerEntrypoint } from './alertmanager.js';
import { cloudwatchAlarms, cloudwatchDashboard, renderCloudwatchAlarms } from './cloudwatch.js';
import { composeServices, IMAGES } from './compose.js';
import {
  datadogDashboard,
  datadogMonitors,
  datadogMonitorsFile,
  datadogOpenMetricsCheck,
  renderDatadogApply,
} from './datadog.js';
import { exporterTargets, renderFreshnessExporter } from './exporter.js';
import {
  dashboardFileName,
  dashboardProvisioning,
  dashboardUid,
  datasourceProvisioning,
  grafanaDashboard,
} from './grafana.js';
import { renderK6Script, renderLocustfile, renderVolumeTest } from './load-tests.js';
import { alertingEnabled, prometheusConfig, ruleFiles, scrapeJobs } from './prometheus/config.js';
import { ruleTests } from './prometheus/rule-tests.js';
import {
  alertGroups,
  groupsObject,
  isAlert,
  sloGroups,
  type RuleGroup,
} from './prometheus/rules.js';
import { renderMonitoringReadme } from './readme.js';
import { runbookEntries, type RunbookKey } from './runbook.js';
import { slosDocument } from './slos.js';
import { statsdMappings } from './statsd.js';
import { usesAirflow } from './signals.js';
import { commentedDocument } from './yaml-document.js';

/**
 * performance-engineering: metrics, alerts with runbooks, dashboards, SLOs and load tests for the
 * metrics stack of the answers (Prometheus + Grafana, Datadog or CloudWatch). Autoscaling is
 * consumed by the Kubernetes manifests, not generated here.
 */

export interface MonitoringPlan {
  groups: RuleGroup[];
  sloGroups: RuleGroup[];
}

export function monitoringPlan(model: ProjectModel): MonitoringPlan {
  const jobs = scrapeJobs(model).map((job) => job.name);
  return {
    groups: alertGroups(model, jobs),
    sloGroups: model.flags.isAtLeast('advanced') ? sloGroups(model) : [],
  };
}

/** The runbook entries the rules, monitors or alarms of this project link to. */
export function runbookKeys(model: ProjectModel): Set<RunbookKey> {
  switch (model.performance.metrics) {
    case 'prometheus-grafana': {
      const plan = monitoringPlan(model);
      return new Set(
        [...plan.groups, ...plan.sloGroups].flatMap((group) =>
          group.rules.filter(isAlert).map((rule) => rule.runbook),
        ),
      );
    }
    case 'datadog':
      return new Set(datadogMonitors(model).map((monitor) => monitor.runbook));
    case 'cloudwatch':
      return new Set(cloudwatchAlarms(model).map((alarm) => alarm.runbook));
  }
}

function prometheusFiles(model: ProjectModel): FileSpec[] {
  const plan = monitoringPlan(model);
  const jobs = scrapeJobs(model);
  const files: FileSpec[] = [
    {
      path: 'monitoring/prometheus/prometheus.yml',
      kind: 'yaml',
      header: [
        `Prometheus of ${model.title}: scrape jobs, rule files and the Alertmanager.`,
        'Check it with `make check-alerts` (promtool check config).',
      ],
      data: () =>
        commentedDocument(prometheusConfig(model), [
          ...jobs.map((job, index) => ({ path: ['scrape_configs', index], comment: job.why })),
          {
            path: ['rule_files'],
            comment: 'Relative to this file: /etc/prometheus in the container.',
          },
        ]),
    },
    {
      path: 'monitoring/prometheus/alerts.yml',
      kind: 'yaml',
      header: [
        `Alerts of ${model.title}, on symptoms: late marts, consumer lag, dead letters, failing tasks and builds, targets down.`,
        'Every alert: for, a severity label (critical, warning, info), summary, description and runbook_url.',
        'Unit tests: alerts.test.yml (make check-alerts).',
      ],
      data: () => groupsObject(plan.groups),
    },
    {
      path: 'monitoring/prometheus/alerts.test.yml',
      kind: 'yaml',
      header: [
        'promtool unit tests of the alerts: input series, the time at which each alert must fire, its labels and annotations.',
        'Run: make check-alerts',
      ],
      data: () => ruleTests(ruleFiles(model), [...plan.groups, ...plan.sloGroups]),
    },
    {
      path: `monitoring/grafana/dashboards/${dashboardFileName(model)}`,
      kind: 'json',
      data: () => grafanaDashboard(model),
    },
    {
      path: 'monitoring/grafana/provisioning/datasources/prometheus.yaml',
      kind: 'yaml',
      header: [
        'Grafana data source: the Prometheus of the compose stack (provisioned, not editable in the UI).',
      ],
      data: () => datasourceProvisioning(),
    },
    {
      path: 'monitoring/grafana/provisioning/dashboards/dashboards.yaml',
      kind: 'yaml',
      header: ['Loads the dashboards of monitoring/grafana/dashboards (mounted read-only).'],
      data: () => dashboardProvisioning(model),
    },
  ];
  if (plan.sloGroups.length > 0) {
    files.push({
      path: 'monitoring/prometheus/slo-rules.yml',
      kind: 'yaml',
      header: [
        'SLO rules (see monitoring/slos.yaml): each SLI as a 0/1 series, its error ratio over the burn-rate windows,',
        'and multiwindow multi-burn-rate alerts: a long window proves the burn is real, a short one ends the alert quickly.',
      ],
      data: () => groupsObject(plan.sloGroups),
    });
  }
  if (alertingEnabled(model)) {
    files.push(
      {
        path: 'monitoring/alertmanager/alertmanager.yml',
        kind: 'yaml',
        header: [
          `Alertmanager of ${model.title}: critical alerts to ${model.performance.alertRoute} at once, warnings grouped, info dropped.`,
          'Rendered at start-up by entrypoint.sh: environment references are replaced from .env, secrets are read from files.',
        ],
        data: () => alertmanagerConfig(model),
      },
      {
        path: 'monitoring/alertmanager/entrypoint.sh',
        kind: 'text',
        render: () => renderAlertmanagerEntrypoint(model),
        isExecutable: true,
      },
    );
  }
  if (usesAirflow(model)) {
    files.push({
      path: 'monitoring/statsd/mappings.yml',
      kind: 'yaml',
      header: ['statsd_exporter mapping: Airflow StatsD names to labelled Prometheus series.'],
      data: () => statsdMappings(),
    });
  }
  return files;
}

export const performanceEngineeringGenerator: GeneratorDefinition = {
  name: 'performance-engineering',
  description: 'Metrics, alerts with runbooks, dashboards, SLOs and load tests for the pipeline',
  files(model) {
    const plan = monitoringPlan(model);
    const files: FileSpec[] = [
      {
        path: 'monitoring/README.md',
        kind: 'text',
        render: () =>
          renderMonitoringReadme(model, [...plan.groups, ...plan.sloGroups], scrapeJobs(model)),
      },
      {
        path: 'monitoring/exporters/freshness_exporter.py',
        kind: 'text',
        render: () => renderFreshnessExporter(model),
        isExecutable: true,
      },
      ...exporterTargets(model).map((engine): FileSpec => ({
        path: `monitoring/exporters/${engine === 'duckdb' ? 'duckdb_client' : 'warehouse_client'}.py`,
        kind: 'text',
        render: () =>
          renderWarehouseClient(engine, 'the freshness exporter (read-only queries)', {
            readOnly: true,
          }),
      })),
    ];
    switch (model.performance.metrics) {
      case 'prometheus-grafana':
        files.push(...prometheusFiles(model));
        break;
      case 'datadog':
        files.push(
          {
            path: 'monitoring/datadog/monitors.yaml',
            kind: 'yaml',
            header: [
              'Datadog monitors (API objects) for lag, freshness and failures. Apply: make datadog-apply',
            ],
            data: () => datadogMonitorsFile(model),
          },
          {
            path: 'monitoring/datadog/dashboard.json',
            kind: 'json',
            data: () => datadogDashboard(model),
          },
          {
            path: 'monitoring/datadog/conf.d/openmetrics.d/conf.yaml',
            kind: 'yaml',
            header: [
              'Datadog Agent OpenMetrics check: scrapes the freshness exporter (metrics become pipeline.*).',
            ],
            data: () => datadogOpenMetricsCheck(),
          },
          {
            path: 'monitoring/datadog/apply.py',
            kind: 'text',
            render: () => renderDatadogApply(model),
            isExecutable: true,
          },
        );
        break;
      case 'cloudwatch':
        files.push(
          {
            path: 'monitoring/cloudwatch/alarms.tf',
            kind: 'text',
            render: () => renderCloudwatchAlarms(model),
          },
          {
            path: 'monitoring/cloudwatch/dashboard.json',
            kind: 'json',
            data: () => cloudwatchDashboard(model),
          },
        );
        break;
    }
    if (model.flags.isAtLeast('intermediate')) {
      files.push({
        path: 'monitoring/slos.yaml',
        kind: 'yaml',
        header: [
          `Service level objectives of ${model.title}: freshness, latency (p95/p99) and availability, with error budgets.`,
        ],
        data: () => slosDocument(model),
      });
    }
    if (model.flags.isAtLeast('advanced')) {
      if (!model.flags.hasStreaming)
        files.push({
          path: 'monitoring/load-tests/volume_test.py',
          kind: 'text',
          render: () => renderVolumeTest(model),
          isExecutable: true,
        });
      else if (model.performance.loadTool === 'k6')
        files.push({
          path: 'monitoring/load-tests/ingest.js',
          kind: 'text',
          render: () => renderK6Script(model),
        });
      else
        files.push({
          path: 'monitoring/load-tests/locustfile.py',
          kind: 'text',
          render: () => renderLocustfile(model),
        });
    }
    return files;
  },
  contributions: monitoringContributions,
};

function loadTestTarget(model: ProjectModel): MakeTarget {
  const network = `${model.name}_default`;
  const isKafkaApi = model.flags.usesKafkaApi;
  const start = isKafkaApi ? ['docker compose --profile loadtest up -d --wait rest-proxy'] : [];
  if (!model.flags.hasStreaming) {
    return {
      name: 'load-test',
      help: 'Volume test: the transformation on 100x the data must beat the freshness SLO',
      commands: ['python monitoring/load-tests/volume_test.py --multiplier 100'],
    };
  }
  // -e NAME passes the variable from .env (the Makefile exports it) into the container.
  const environment = `-e LOAD_TEST_TARGET_URL${isKafkaApi ? ' -e LOAD_TEST_REPLICATION_FACTOR' : ''}`;
  const command =
    model.performance.loadTool === 'k6'
      ? `docker run --rm ${environment} --network ${network} -v "$$PWD/monitoring/load-tests:/scripts:ro" ${IMAGES.k6} run /scripts/ingest.js`
      : `docker run --rm ${environment} --network ${network} -v "$$PWD/monitoring/load-tests:/mnt/locust:ro" ${IMAGES.locust} -f /mnt/locust/locustfile.py --headless --users 50 --spawn-rate 10 --run-time 10m --host "$$LOAD_TEST_TARGET_URL"`;
  return {
    name: 'load-test',
    help: `Load-test the ingestion path (${model.performance.loadTool}); fails when a threshold is broken`,
    commands: [...start, command],
  };
}

function monitoringContributions(model: ProjectModel): Contributions {
  const compose = composeServices(model);
  const metrics = model.performance.metrics;
  const makeTargets: MakeTarget[] = [];
  const nextSteps: { title: string; command: string }[] = [];
  const keyFiles: { path: string; description: string }[] = [
    {
      path: 'monitoring/README.md',
      description: 'what is measured, the alerts, the SLOs, how to open the dashboards',
    },
  ];
  if (metrics === 'prometheus-grafana') {
    const promtool = `docker run --rm -v "$$PWD/monitoring/prometheus:/etc/prometheus:ro" --entrypoint promtool ${IMAGES.prometheus}`;
    makeTargets.push(
      {
        name: 'dashboards',
        help: 'Print the URLs of Grafana, Prometheus and Alertmanager',
        commands: [
          `@echo "Grafana:      http://localhost:3000/d/${dashboardUid(model)} (user admin, password GRAFANA_ADMIN_PASSWORD from .env)"`,
          '@echo "Prometheus:   http://localhost:9090/alerts"',
          ...(alertingEnabled(model) ? ['@echo "Alertmanager: http://localhost:9093"'] : []),
        ],
      },
      {
        name: 'check-alerts',
        help: 'Validate the Prometheus config and rules and run the alert unit tests (promtool)',
        commands: [
          `${promtool} check config /etc/prometheus/prometheus.yml`,
          `${promtool} test rules /etc/prometheus/alerts.test.yml`,
        ],
      },
    );
    nextSteps.push(
      { title: 'Open the dashboards (after make up)', command: 'make dashboards' },
      { title: 'Check and unit-test the alert rules', command: 'make check-alerts' },
    );
    keyFiles.push(
      {
        path: 'monitoring/prometheus/alerts.yml',
        description: 'alerts on freshness, lag, failures, with runbook links',
      },
      {
        path: `monitoring/grafana/dashboards/${dashboardFileName(model)}`,
        description: 'the pipeline dashboard (provisioned into Grafana)',
      },
    );
  }
  if (metrics === 'datadog') {
    makeTargets.push({
      name: 'datadog-apply',
      help: 'Create or update the Datadog monitors and dashboard',
      commands: ['python monitoring/datadog/apply.py'],
    });
    nextSteps.push({
      title: 'Create the Datadog monitors and dashboard',
      command: 'make datadog-apply',
    });
    keyFiles.push({
      path: 'monitoring/datadog/monitors.yaml',
      description: 'Datadog monitors for lag, freshness and failures',
    });
  }
  if (metrics === 'cloudwatch') {
    makeTargets.push({
      name: 'cloudwatch-apply',
      help: 'Create or update the CloudWatch alarms and dashboard (Terraform)',
      commands: [
        'terraform -chdir=monitoring/cloudwatch init -input=false',
        `terraform -chdir=monitoring/cloudwatch apply -var "region=$$AWS_REGION" -var "alarm_topic_arn=$$ALERT_SNS_TOPIC_ARN"${model.flags.hasStreaming && model.streaming.broker === 'kafka' ? ' -var "msk_cluster_name=$$MSK_CLUSTER_NAME"' : ''}`,
      ],
    });
    nextSteps.push({
      title: 'Create the CloudWatch alarms and dashboard',
      command: 'make cloudwatch-apply',
    });
    keyFiles.push({
      path: 'monitoring/cloudwatch/alarms.tf',
      description: 'CloudWatch alarms for lag, freshness and failures',
    });
  }
  if (model.flags.isAtLeast('intermediate'))
    keyFiles.push({
      path: 'monitoring/slos.yaml',
      description: 'freshness, latency and availability SLOs with error budgets',
    });
  if (model.flags.isAtLeast('advanced')) {
    makeTargets.push(loadTestTarget(model));
    nextSteps.push({
      title: 'Run the load test (fails when a threshold is broken)',
      command: 'make load-test',
    });
  }
  const requirements = ['prometheus-client>=0.21,<1'];
  const warehouseClient = WAREHOUSE_CLIENT_REQUIREMENTS[model.architecture.warehouse];
  if (warehouseClient) requirements.push(warehouseClient);
  if (metrics === 'datadog') requirements.push('requests>=2.32,<3', 'PyYAML>=6.0,<7');
  if (metrics === 'cloudwatch') requirements.push('boto3>=1.35,<2');
  if (
    model.flags.isAtLeast('advanced') &&
    model.flags.hasStreaming &&
    model.performance.loadTool === 'locust'
  )
    requirements.push('locust>=2.37,<3');
  return {
    composeServices: compose.services,
    composeVolumes: compose.volumes,
    makeTargets,
    keyFiles,
    nextSteps,
    pythonRequirements: requirements,
    readmeSections: [
      {
        title: 'Monitoring',
        body: lines(
          `Freshness of every mart${model.flags.hasStreaming ? ', consumer lag per topic' : ''} and pipeline failures are measured and alerted on (${metrics === 'prometheus-grafana' ? 'Prometheus, Alertmanager and Grafana in the local stack' : metrics === 'datadog' ? 'Datadog monitors' : 'CloudWatch alarms'}); every alert links its entry in [docs/runbook.md](docs/runbook.md). See [monitoring/README.md](monitoring/README.md).`,
        ).trimEnd(),
      },
    ],
    runbook: runbookEntries(model, runbookKeys(model)),
  };
}
