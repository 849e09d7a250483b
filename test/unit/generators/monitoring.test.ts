import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  performanceEngineeringGenerator,
  runbookKeys,
} from '../../../generators/performance-engineering/index.js';
import { runbookEntries, runbookUrl } from '../../../generators/performance-engineering/runbook.js';
import {
  githubAnchor,
  humanizeDuration,
  renderTemplate,
} from '../../../generators/performance-engineering/templates.js';
import type { ProjectModel } from '../../../source/engine/model/types.js';
import { markdownAnchors } from '../../../source/engine/validate/domain/monitoring.js';
import { buildProject } from '../../support/project.js';
import { renderFileSpecs } from '../../../source/engine/generate/serialize.js';

/** Unit tests of the performance-engineering generator: what each answer produces. */

const ALL = [
  'architecting-data',
  'streaming-data',
  'transforming-data',
  'optimizing-sql',
  'secret-management',
  'performance-engineering',
];
const base = (
  await buildProject({
    goal: 'pipeline performance',
    skills: ALL,
    set: { 'project.maturity': 'advanced', 'streaming-data.broker': 'kafka' },
  })
).model;

function variant(
  performance: Partial<ProjectModel['performance']>,
  maturity: ProjectModel['maturity'] = 'advanced',
): ProjectModel {
  const levels = ['starter', 'intermediate', 'advanced'];
  return {
    ...base,
    maturity,
    performance: { ...base.performance, ...performance },
    flags: {
      ...base.flags,
      usesPrometheus: (performance.metrics ?? base.performance.metrics) === 'prometheus-grafana',
      isAtLeast: (level) => levels.indexOf(maturity) >= levels.indexOf(level),
    },
  };
}

function render(model: ProjectModel): Promise<Map<string, string>> {
  return renderFileSpecs(performanceEngineeringGenerator.files(model));
}

interface Rule {
  alert?: string;
  expr: string;
  for?: string;
  labels?: { severity?: string };
  annotations?: Record<string, string>;
}
const rulesOf = (text: string): Rule[] =>
  (parse(text) as { groups: { rules: Rule[] }[] }).groups.flatMap((group) => group.rules);

describe('templates', () => {
  it('renders durations like Prometheus humanizeDuration', () => {
    expect(humanizeDuration(4500)).toBe('1h 15m 0s');
    expect(humanizeDuration(86_400 + 3600)).toBe('1d 1h 0m 0s');
    expect(humanizeDuration(59)).toBe('59s');
  });
  it('fills labels and the value', () => {
    expect(
      renderTemplate(
        '{{ $labels.mart }} is {{ $value | humanizeDuration }} old',
        { mart: 'fct_orders' },
        '1h 0m 0s',
      ),
    ).toBe('fct_orders is 1h 0m 0s old');
  });
  it('anchors like GitHub', () => {
    expect(githubAnchor('Alert: ConsumerLagHigh')).toBe('alert-consumerlaghigh');
    expect(markdownAnchors('### Alert: ConsumerLagHigh\n### Alert: ConsumerLagHigh\n')).toEqual(
      new Set(['alert-consumerlaghigh', 'alert-consumerlaghigh-1']),
    );
  });
});

const alertFiles = await render(
  variant({ metrics: 'prometheus-grafana', lagAlertThreshold: 750, freshnessSloMinutes: 45 }),
);

describe('alerts (prometheus-grafana)', () => {
  const files = alertFiles;
  const rules = rulesOf(files.get('monitoring/prometheus/alerts.yml') ?? '').filter(
    (rule) => rule.alert,
  );
  it('uses the lag threshold and the freshness SLO', () => {
    expect(rules.find((rule) => rule.alert === 'ConsumerLagHigh')?.expr).toMatch(/> 750$/);
    expect(rules.find((rule) => rule.alert === 'ConsumerLagHigh')?.for).toBe('10m');
    expect(rules.find((rule) => rule.alert === 'MartFreshnessSloBreached')?.expr).toMatch(
      /> 2700$/,
    );
  });
  it('lags on the topics of the model', () => {
    const expr = rules.find((rule) => rule.alert === 'ConsumerLagHigh')?.expr ?? '';
    for (const topic of base.topics) expect(expr).toContain(topic.name.replaceAll('.', '\\.'));
  });
  it('gives every alert for, a severity of the set and a runbook link to a contributed entry', () => {
    const titles = new Set(
      runbookEntries(base, runbookKeys(variant({ metrics: 'prometheus-grafana' }))).map((entry) =>
        githubAnchor(entry.title),
      ),
    );
    expect(rules.length).toBeGreaterThan(5);
    for (const rule of rules) {
      expect(rule.for, rule.alert).toMatch(/^\d+[smhd]$/);
      expect(['critical', 'warning', 'info'], rule.alert).toContain(rule.labels?.severity);
      const anchor = rule.annotations?.runbook_url?.split('#')[1] ?? '';
      expect(titles, rule.alert).toContain(anchor);
    }
  });
  it('adds SLO recording rules and burn-rate alerts at advanced maturity only', async () => {
    expect(files.has('monitoring/prometheus/slo-rules.yml')).toBe(true);
    const slo = rulesOf(files.get('monitoring/prometheus/slo-rules.yml') ?? '');
    expect(
      slo.some(
        (rule) =>
          rule.alert === 'FreshnessErrorBudgetBurnFast' &&
          rule.expr.includes('ratio_rate1h > (14.4 * 0.01)'),
      ),
    ).toBe(true);
    expect(
      (await render(variant({ metrics: 'prometheus-grafana' }, 'intermediate'))).has(
        'monitoring/prometheus/slo-rules.yml',
      ),
    ).toBe(false);
  });
});

describe('alert_route answer', () => {
  it('slack reads the webhook from a file written from the environment', async () => {
    const files = await render(variant({ metrics: 'prometheus-grafana', alertRoute: 'slack' }));
    expect(files.get('monitoring/alertmanager/alertmanager.yml')).toContain(
      'api_url_file: /tmp/alertmanager/secrets/slack_webhook_url',
    );
    expect(files.get('monitoring/alertmanager/entrypoint.sh')).toContain('${SLACK_WEBHOOK_URL:?');
  });
  it('email renders recipient and relay from the environment', async () => {
    const text =
      (await render(variant({ metrics: 'prometheus-grafana', alertRoute: 'email' }))).get(
        'monitoring/alertmanager/alertmanager.yml',
      ) ?? '';
    expect(text).toContain('to: ${ALERT_EMAIL_TO}');
    expect(text).toContain('smtp_auth_password_file:');
  });
  it('pagerduty uses a routing key file', async () => {
    expect(
      (await render(variant({ metrics: 'prometheus-grafana', alertRoute: 'pagerduty' }))).get(
        'monitoring/alertmanager/alertmanager.yml',
      ),
    ).toContain('routing_key_file:');
  });
  it('none: no Alertmanager and no alerting section', async () => {
    const files = await render(variant({ metrics: 'prometheus-grafana', alertRoute: 'none' }));
    expect(files.has('monitoring/alertmanager/alertmanager.yml')).toBe(false);
    expect(files.get('monitoring/prometheus/prometheus.yml')).not.toContain('alerting:');
  });
});

describe('metrics answer', () => {
  it('datadog: monitors and a widget dashboard, no Prometheus files', async () => {
    const files = await render(variant({ metrics: 'datadog' }));
    expect(files.has('monitoring/prometheus/alerts.yml')).toBe(false);
    expect(files.get('monitoring/datadog/monitors.yaml')).toMatch(/freshness/i);
    expect(files.get('monitoring/datadog/monitors.yaml')).toMatch(/lag/i);
    expect(JSON.parse(files.get('monitoring/datadog/dashboard.json') ?? '{}')).toHaveProperty(
      'widgets',
    );
  });
  it('cloudwatch: Terraform alarms per mart and per topic, a widget dashboard', async () => {
    const files = await render(variant({ metrics: 'cloudwatch' }));
    const alarms = files.get('monitoring/cloudwatch/alarms.tf') ?? '';
    expect(alarms.match(/resource "aws_cloudwatch_metric_alarm"/g)?.length).toBeGreaterThan(
      base.topics.length,
    );
    expect(alarms).toContain('SumOffsetLag');
    expect(JSON.parse(files.get('monitoring/cloudwatch/dashboard.json') ?? '{}')).toHaveProperty(
      'widgets',
    );
  });
});

describe('load_tool answer and maturity', () => {
  it('k6: thresholds on p95 and failures, scenarios', async () => {
    const script =
      (await render(variant({ loadTool: 'k6', latencyP95Ms: 250 }))).get(
        'monitoring/load-tests/ingest.js',
      ) ?? '';
    expect(script).toContain("http_req_duration: ['p(95)<250', 'p(99)<500']");
    expect(script).toContain("http_req_failed: ['rate<0.01']");
    expect(script).toContain('scenarios:');
  });
  it('locust: a quitting hook that gates on the fail ratio and the percentiles', async () => {
    const script =
      (await render(variant({ loadTool: 'locust' }))).get('monitoring/load-tests/locustfile.py') ??
      '';
    expect(script).toContain('@events.quitting.add_listener');
    expect(script).toContain('environment.process_exit_code = 1');
  });
  it('starter: no SLOs and no load test; intermediate: SLOs', async () => {
    const starter = await render(variant({}, 'starter'));
    expect(
      [...starter.keys()].some(
        (path) => path.startsWith('monitoring/load-tests/') || path === 'monitoring/slos.yaml',
      ),
    ).toBe(false);
    expect((await render(variant({}, 'intermediate'))).get('monitoring/slos.yaml')).toMatch(
      /p95_ms/,
    );
  });
});

describe('integration', () => {
  it.each<Record<string, string>>([
    {
      'performance-engineering.metrics': 'prometheus-grafana',
      'performance-engineering.alert_route': 'email',
    },
    {
      'performance-engineering.metrics': 'prometheus-grafana',
      'performance-engineering.alert_route': 'pagerduty',
    },
    { 'performance-engineering.metrics': 'datadog' },
    { 'performance-engineering.metrics': 'cloudwatch', 'streaming-data.broker': 'kinesis' },
  ])('every ${VAR} of the monitoring files is in the environment registry (%o)', async (set) => {
    const { model } = await buildProject({
      goal: 'pipeline performance',
      skills: ALL,
      set: { 'project.maturity': 'advanced', ...set },
    });
    const registry = new Set(model.env.map((variable) => variable.name));
    let references = 0;
    for (const [path, text] of await render(model)) {
      for (const match of text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) {
        references++;
        expect(registry, `${path}: ${match[1] ?? ''}`).toContain(match[1]);
      }
    }
    if (set['performance-engineering.metrics'] === 'prometheus-grafana')
      expect(references).toBeGreaterThan(0);
  });
  it('runbook URLs are docs/runbook.md anchors', () => {
    expect(runbookUrl('MartFreshnessSloBreached')).toBe(
      'docs/runbook.md#alert-martfreshnessslobreached',
    );
  });
  it('is deterministic', async () => {
    const model = variant({});
    expect(await render(model)).toEqual(await render(model));
  });
});
