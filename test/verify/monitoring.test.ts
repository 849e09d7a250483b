import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkAlertRules,
  checkCloudwatch,
  checkDatadog,
  checkGrafanaDashboard,
  checkPrometheusConfig,
  checkSlos,
  monitoringChecks,
} from '../../source/engine/validate/domain/monitoring.js';
import {
  evaluateDeliverables,
  evaluateOutputs,
} from '../../source/engine/validate/completeness.js';
import { selectAnswers } from '../../source/engine/workflow/selectors.js';
import { filesFromMap } from '../../source/engine/validate/domain/types.js';
import {
  findAmtool,
  findProgram,
  findPromtool,
  promtool,
  runCommand,
} from '../support/promtool.js';
import { buildProject, engineData } from '../support/project.js';
import { matrix } from './matrix.js';

/**
 * Verification of performance-engineering over the matrix. Every entry with the skill passes the
 * layer-3 monitoring checks; with prometheus-grafana, promtool checks the rules (PromQL included),
 * runs the alert unit tests and checks prometheus.yml (offline: static targets only); the Python
 * files compile, the k6 script parses as an ES module (`node --check`), the Alertmanager
 * entrypoint passes shellcheck. Each broken fixture under test/fixtures/monitoring/ is rejected.
 */

const FIXTURES = join(import.meta.dirname, '../fixtures/monitoring');
// Built once up front so the suites below cover exactly the entries whose chain has the skill.
const projects = await Promise.all(
  matrix().map(async (entry) => ({ entry, built: await buildProject(entry) })),
);
const withSkill = projects.filter(({ built }) =>
  built.model.chain.includes('performance-engineering'),
);
const withPrometheus = withSkill.filter(
  ({ built }) => built.model.performance.metrics === 'prometheus-grafana',
);

let workspace: string;
beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), 'skillchain-monitoring-'));
});
afterAll(async () => {
  await rm(workspace, { recursive: true, force: true });
});

/** Writes the files under `prefix` into a fresh folder; returns it. */
async function writeFiles(
  files: ReadonlyMap<string, string>,
  name: string,
  prefix = 'monitoring/',
): Promise<string> {
  const root = join(workspace, name);
  for (const [path, contents] of files) {
    if (!path.startsWith(prefix)) continue;
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), contents);
  }
  return root;
}

function output(result: { stdout: string; stderr: string }): string {
  return `${result.stdout}\n${result.stderr}`.trim();
}

describe('the matrix covers the metrics options', () => {
  it('has entries with the skill and with Prometheus', () => {
    expect(withSkill.length).toBeGreaterThan(10);
    expect(withPrometheus.length).toBeGreaterThan(5);
  });
});

describe('external programs', () => {
  it('promtool is available (PROMTOOL or PATH)', () => {
    expect(findPromtool()).toMatch(/promtool$/);
  });
  it('amtool is available (AMTOOL or PATH)', () => {
    expect(findAmtool()).toMatch(/amtool$/);
  });
  it('shellcheck is available (apt-get install -y shellcheck)', () => {
    expect(findProgram('shellcheck', 'apt-get install -y shellcheck')).toMatch(/shellcheck$/);
  });
});

describe.each(withSkill)('$entry.id', ({ entry, built }) => {
  it('passes the layer-3 monitoring checks', async () => {
    const { model, files } = built;
    const problems = [];
    for (const check of monitoringChecks) {
      if (check.appliesTo(model))
        problems.push(
          ...(await check.run(filesFromMap(files), model)).map(
            (problem) => `${check.id}: ${problem.path ?? ''} ${problem.message}`,
          ),
        );
    }
    expect(problems).toEqual([]);
  });

  it('Python, k6 and shell files of monitoring/ pass their syntax checks', async () => {
    const { model, files } = built;
    const root = await writeFiles(files, `${entry.id}-syntax`);
    const paths = [...files.keys()].filter((path) => path.startsWith('monitoring/'));
    const python = paths.filter((path) => path.endsWith('.py'));
    expect(python).toContain('monitoring/exporters/freshness_exporter.py');
    for (const path of python) {
      const result = await runCommand('python3', ['-m', 'py_compile', path], root);
      expect(result.exitCode, `${path}: ${output(result)}`).toBe(0);
    }
    for (const path of paths.filter((item) => item.endsWith('.js'))) {
      // k6 scripts are ES modules: parse them as .mjs (imports of k6/* are not resolved by --check).
      await copyFile(join(root, path), join(root, `${path}.mjs`));
      const result = await runCommand('node', ['--check', `${path}.mjs`], root);
      expect(result.exitCode, `${path}: ${output(result)}`).toBe(0);
    }
    for (const path of paths.filter((item) => item.endsWith('.sh'))) {
      const result = await runCommand(
        findProgram('shellcheck', 'apt-get install -y shellcheck'),
        [path],
        root,
      );
      expect(result.exitCode, `${path}: ${output(result)}`).toBe(0);
    }
    if (model.flags.isAtLeast('advanced')) {
      const loadTests = paths.filter((path) => path.startsWith('monitoring/load-tests/'));
      expect(loadTests.length).toBe(1);
      const text = files.get(loadTests[0] ?? '') ?? '';
      if (loadTests[0]?.endsWith('.js')) {
        expect(text).toContain(`p(95)<${model.performance.latencyP95Ms}`);
        expect(text).toMatch(/http_req_failed: \['rate<0\.01'\]/);
        expect(text).toContain('scenarios');
      } else if (loadTests[0]?.endsWith('locustfile.py')) {
        expect(text).toContain('fail_ratio');
        expect(text).toContain('get_response_time_percentile(0.95)');
      }
    }
  });
});

describe.each(withPrometheus)('$entry.id (prometheus-grafana)', ({ entry, built }) => {
  it('promtool checks the rules and config and the alert unit tests pass', async () => {
    const { files } = built;
    const root = await writeFiles(files, `${entry.id}-prometheus`);
    const folder = join(root, 'monitoring/prometheus');
    const ruleFiles = [...files.keys()]
      .filter((path) => /^monitoring\/prometheus\/(alerts|slo-rules)\.yml$/.test(path))
      .map((path) => path.split('/').pop() ?? '');
    expect(ruleFiles).toContain('alerts.yml');
    const rules = await promtool(['check', 'rules', ...ruleFiles], folder);
    expect(rules.exitCode, output(rules)).toBe(0);
    const tests = await promtool(['test', 'rules', 'alerts.test.yml'], folder);
    expect(tests.exitCode, output(tests)).toBe(0);
    expect(output(tests)).toContain('SUCCESS');
    const config = await promtool(['check', 'config', 'prometheus.yml'], folder);
    expect(config.exitCode, output(config)).toBe(0);
  });

  it('amtool accepts alertmanager.yml rendered as the entrypoint renders it', async () => {
    const { model, files } = built;
    const text = files.get('monitoring/alertmanager/alertmanager.yml');
    if (model.performance.alertRoute === 'none') {
      expect(text).toBeUndefined();
      return;
    }
    // The entrypoint replaces each environment reference with its value: use the .env.example placeholders.
    const examples = new Map(model.env.map((variable) => [variable.name, variable.example]));
    const rendered = (text ?? '').replace(
      /\$\{([A-Z0-9_]+)\}/g,
      (_match, name: string) => examples.get(name) ?? '',
    );
    const file = join(workspace, `${entry.id}-alertmanager.yml`);
    await writeFile(file, rendered);
    const result = await runCommand(findAmtool(), ['check-config', file], workspace);
    expect(result.exitCode, output(result)).toBe(0);
    expect(output(result)).toContain('SUCCESS');
  });
});

describe.each(withSkill)('$entry.id: outputs and deliverables', ({ built }) => {
  it('holds every output of skills/performance-engineering/outputs.yaml and fulfils its blueprint deliverables', async () => {
    const data = await engineData();
    const blueprint = data.catalogue.blueprints.find((item) => item.name === 'data-pipeline');
    expect(blueprint).toBeDefined();
    const context = {
      catalogue: data.catalogue,
      chain: built.model.chain,
      answers: selectAnswers(built.state),
      maturity: built.model.maturity,
      files: filesFromMap(built.files),
    };
    const outputs = evaluateOutputs(context).filter(
      (output) => output.skill === 'performance-engineering',
    );
    expect(outputs.length).toBeGreaterThan(0);
    expect(
      outputs
        .filter((output) => output.status !== 'present')
        .map((output) => `${output.path}: ${output.status} ${output.failedPatterns.join(', ')}`),
    ).toEqual([]);
    if (!blueprint) return;
    const deliverables = evaluateDeliverables({ ...context, blueprint }).filter((deliverable) =>
      ['metrics-alerts', 'dashboards', 'slos', 'load-tests'].includes(deliverable.id),
    );
    expect(
      deliverables
        .filter(
          (deliverable) => deliverable.status !== 'fulfilled' && deliverable.status !== 'skipped',
        )
        .map((deliverable) => `${deliverable.id}: ${deliverable.status}`),
    ).toEqual([]);
    if (built.model.maturity !== 'starter')
      expect(deliverables.some((deliverable) => deliverable.status === 'fulfilled')).toBe(true);
  });
});

describe('broken fixtures', () => {
  it('promtool rejects a rule file with invalid PromQL that the shape check cannot see', async () => {
    const folder = join(FIXTURES, 'bad-promql');
    const text = await readFile(join(folder, 'alerts.yml'), 'utf8');
    const runbook = '### Alert: DeadLetterMessagesArriving\n';
    expect(
      checkAlertRules(
        filesFromMap(
          new Map([
            ['monitoring/prometheus/alerts.yml', text],
            ['docs/runbook.md', runbook],
          ]),
        ),
      ),
    ).toEqual([]);
    const result = await promtool(['check', 'rules', 'alerts.yml'], folder);
    expect(result.exitCode).not.toBe(0);
    expect(output(result)).toMatch(/FAILED|parse error|bad duration|unknown unit/i);
  });

  it('the shape check rejects an alert without for or runbook_url, an unknown severity and a dangling runbook anchor', async () => {
    const folder = join(FIXTURES, 'alert-without-for');
    const files = filesFromMap(
      new Map([
        ['monitoring/prometheus/alerts.yml', await readFile(join(folder, 'alerts.yml'), 'utf8')],
        ['docs/runbook.md', await readFile(join(folder, 'runbook.md'), 'utf8')],
      ]),
    );
    const messages = checkAlertRules(files).map((problem) => problem.message);
    expect(
      messages.some((message) => message.includes('MartFreshnessSloBreached: no `for:`')),
    ).toBe(true);
    expect(
      messages.some((message) =>
        message.includes('MartFreshnessSloBreached: annotations.runbook_url is missing'),
      ),
    ).toBe(true);
    expect(
      messages.some((message) =>
        message.includes('ConsumerLagHigh: labels.severity must be one of'),
      ),
    ).toBe(true);
    expect(
      messages.some((message) => message.includes('#alert-no-such-entry is not a heading')),
    ).toBe(true);
  });

  it('promtool reports a failing alert unit test', async () => {
    const folder = join(FIXTURES, 'failing-unit-test');
    const rules = await promtool(['check', 'rules', 'alerts.yml'], folder);
    expect(rules.exitCode, output(rules)).toBe(0);
    const result = await promtool(['test', 'rules', 'alerts.test.yml'], folder);
    expect(result.exitCode).not.toBe(0);
    expect(output(result)).toContain('FAILED');
  });

  it('the dashboard check rejects a dashboard without uid and gridPos', async () => {
    const path = 'monitoring/grafana/dashboards/broken.json';
    const dashboard = JSON.parse(
      await readFile(join(FIXTURES, 'dashboard-without-uid.json'), 'utf8'),
    ) as unknown;
    const messages = checkGrafanaDashboard(path, dashboard).map((problem) => problem.message);
    expect(messages.some((message) => message.startsWith('`uid` must be'))).toBe(true);
    expect(
      messages.some((message) => message.includes('gridPos must have numeric h, w, x, y')),
    ).toBe(true);
    expect(messages.some((message) => message.startsWith('`editable` must be false'))).toBe(true);
  });

  it('the SLO check rejects a target that is not a ratio and missing budgets and latency', async () => {
    const text = await readFile(join(FIXTURES, 'slos-without-budget.yaml'), 'utf8');
    const messages = checkSlos(filesFromMap(new Map([['monitoring/slos.yaml', text]]))).map(
      (problem) => problem.message,
    );
    expect(messages).toContain('freshness: target must be a ratio between 0 and 1 (exclusive)');
    expect(messages).toContain('freshness: no error_budget ratio');
    expect(messages).toContain('the latency SLO needs p95_ms and p99_ms');
  });

  it('the Prometheus config check rejects a missing rule file and a target without port', async () => {
    const text = await readFile(join(FIXTURES, 'prometheus-missing-rules.yml'), 'utf8');
    const messages = checkPrometheusConfig(
      filesFromMap(new Map([['monitoring/prometheus/prometheus.yml', text]])),
    ).map((problem) => problem.message);
    expect(messages).toContain(
      'rule file missing-alerts.yml does not exist next to prometheus.yml',
    );
    expect(messages).toContain('job freshness-exporter: targets must be host:port');
  });

  it('the Datadog check rejects a dashboard without widgets', async () => {
    const dashboard = await readFile(
      join(FIXTURES, 'datadog-dashboard-without-widgets.json'),
      'utf8',
    );
    const monitors =
      'monitors:\n  - name: freshness\n    type: query alert\n    query: max(last_10m):max:pipeline.mart_freshness_seconds{*} > 3600\n    message: "Stale. Runbook: docs/runbook.md#alert-martfreshnessslobreached"\n';
    const messages = checkDatadog(
      filesFromMap(
        new Map([
          ['monitoring/datadog/dashboard.json', dashboard],
          ['monitoring/datadog/monitors.yaml', monitors],
        ]),
      ),
    ).map((problem) => problem.message);
    expect(messages).toEqual(['the dashboard has no widgets']);
  });

  it('the CloudWatch check rejects an alarm without threshold or runbook link', async () => {
    const alarms = await readFile(join(FIXTURES, 'cloudwatch-alarm-without-threshold.tf'), 'utf8');
    const messages = checkCloudwatch(
      filesFromMap(
        new Map([
          ['monitoring/cloudwatch/alarms.tf', alarms],
          ['monitoring/cloudwatch/dashboard.json', '{"widgets": [{"type": "metric"}]}'],
        ]),
      ),
    ).map((problem) => problem.message);
    expect(messages).toContain('alarm fct_orders_freshness: no threshold');
    expect(messages).toContain(
      'alarm fct_orders_freshness: the description links no runbook entry',
    );
  });
});
