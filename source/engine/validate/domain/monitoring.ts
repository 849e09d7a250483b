import { parseDocument } from 'yaml';
import type { ProjectModel } from '../../model/types.js';
import type { DomainCheck, DomainProblem, ProjectFiles } from './types.js';

/**
 * Layer-3 checks of monitoring/ (performance-engineering), without external programs: the shape
 * of every Prometheus alerting rule (for, severity from a fixed set, summary, description and a
 * runbook_url whose anchor is a heading of docs/runbook.md), prometheus.yml's rule files and
 * jobs, the Grafana dashboard model, the SLO file, and the Datadog / CloudWatch files. promtool
 * itself (PromQL, unit tests) runs in the verification suite.
 */

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
const RUNBOOK = 'docs/runbook.md';

function readYaml(files: ProjectFiles, path: string, problems: DomainProblem[]): unknown {
  const text = files.read(path);
  if (text === undefined) {
    problems.push({ path, message: `${path} is missing` });
    return undefined;
  }
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length > 0) {
    const error = document.errors[0];
    problems.push({
      path,
      line: error?.linePos?.[0]?.line,
      message: `invalid YAML: ${error?.message.split('\n')[0] ?? ''}`,
    });
    return undefined;
  }
  return document.toJS() as unknown;
}

function readJson(files: ProjectFiles, path: string, problems: DomainProblem[]): unknown {
  const text = files.read(path);
  if (text === undefined) {
    problems.push({ path, message: `${path} is missing` });
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.push({ path, message: `invalid JSON: ${(error as Error).message}` });
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.trim() !== '';

/** GitHub's heading anchor: lowercase, punctuation dropped, spaces to hyphens. */
export function headingAnchor(title: string): string {
  return title
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Anchors of the headings of a Markdown file (GitHub numbers repeated headings -1, -2, …). */
export function markdownAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) inFence = !inFence;
    const match = inFence ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!match?.[1]) continue;
    const base = headingAnchor(match[1]);
    const count = seen.get(base) ?? 0;
    anchors.add(count === 0 ? base : `${base}-${count}`);
    seen.set(base, count + 1);
  }
  return anchors;
}

/** Brackets balance in a PromQL expression (outside quotes): the cheapest syntax proof we can run everywhere. */
function unbalancedExpression(expr: string): string | undefined {
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  let quote = '';
  for (const char of expr) {
    if (quote) {
      if (char === quote) quote = '';
      continue;
    }
    if (char === '"' || char === "'" || char === '`') quote = char;
    else if (char === '(' || char === '[' || char === '{') stack.push(char);
    else if (char in pairs) {
      if (stack.pop() !== pairs[char]) return `unbalanced "${char}"`;
    }
  }
  if (quote) return 'an unterminated string';
  return stack.length > 0 ? `unclosed "${stack[stack.length - 1] ?? ''}"` : undefined;
}

/** Rule files: every YAML file of monitoring/prometheus/ holding rule `groups`. */
export function ruleFilePaths(files: ProjectFiles): string[] {
  return files
    .paths()
    .filter(
      (path) =>
        /^monitoring\/prometheus\/[^/]+\.ya?ml$/.test(path) &&
        /^groups:/m.test(files.read(path) ?? ''),
    );
}

/** Every alerting rule: alert, expr, for, severity from the fixed set, summary, description, runbook_url → an existing runbook heading. */
export function checkAlertRules(
  files: ProjectFiles,
  paths: readonly string[] = ruleFilePaths(files),
): DomainProblem[] {
  const problems: DomainProblem[] = [];
  if (paths.length === 0)
    return [{ path: 'monitoring/prometheus/alerts.yml', message: 'no Prometheus rule file' }];
  const runbook = files.read(RUNBOOK);
  const anchors = runbook === undefined ? undefined : markdownAnchors(runbook);
  let alerts = 0;
  for (const path of paths) {
    const data = readYaml(files, path, problems);
    if (data === undefined) continue;
    const groups = isRecord(data) ? data.groups : undefined;
    if (!Array.isArray(groups) || groups.length === 0) {
      problems.push({ path, message: 'no rule groups' });
      continue;
    }
    const names = new Set<string>();
    for (const group of groups) {
      if (!isRecord(group) || !isText(group.name)) {
        problems.push({ path, message: 'a rule group has no name' });
        continue;
      }
      if (names.has(group.name))
        problems.push({ path, message: `rule group ${group.name} is defined twice` });
      names.add(group.name);
      if (
        group.interval !== undefined &&
        !(typeof group.interval === 'string' && DURATION.test(group.interval))
      ) {
        problems.push({ path, message: `group ${group.name}: interval is not a duration` });
      }
      const rules = Array.isArray(group.rules) ? (group.rules as unknown[]) : [];
      if (rules.length === 0) problems.push({ path, message: `group ${group.name} has no rules` });
      for (const rule of rules) {
        if (!isRecord(rule)) continue;
        const name = isText(rule.alert)
          ? rule.alert
          : isText(rule.record)
            ? rule.record
            : '(unnamed rule)';
        const where = `group ${group.name}, ${name}`;
        if (!isText(rule.expr)) {
          problems.push({ path, message: `${where}: no expr` });
        } else {
          const issue = unbalancedExpression(rule.expr);
          if (issue) problems.push({ path, message: `${where}: expr has ${issue}` });
        }
        if (rule.record !== undefined) {
          if (!isText(rule.record) || !/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(rule.record))
            problems.push({ path, message: `${where}: invalid record name` });
          continue;
        }
        if (!isText(rule.alert)) {
          problems.push({ path, message: `${where}: neither alert nor record` });
          continue;
        }
        alerts++;
        if (typeof rule.for !== 'string' || !DURATION.test(rule.for))
          problems.push({
            path,
            message: `${where}: no \`for:\` duration (an alert must hold before it fires)`,
          });
        const labels = isRecord(rule.labels) ? rule.labels : {};
        if (!SEVERITIES.includes(labels.severity as (typeof SEVERITIES)[number])) {
          problems.push({
            path,
            message: `${where}: labels.severity must be one of ${SEVERITIES.join(', ')} (got ${JSON.stringify(labels.severity ?? null)})`,
          });
        }
        const annotations = isRecord(rule.annotations) ? rule.annotations : {};
        for (const key of ['summary', 'description', 'runbook_url']) {
          if (!isText(annotations[key]))
            problems.push({ path, message: `${where}: annotations.${key} is missing` });
        }
        const url = annotations.runbook_url;
        if (isText(url)) {
          const match = /^(?:.*\/)?docs\/runbook\.md#([^#\s]+)$/.exec(url);
          if (!match?.[1])
            problems.push({
              path,
              message: `${where}: runbook_url must point to ${RUNBOOK}#<anchor> (got ${url})`,
            });
          else if (!anchors)
            problems.push({
              path: RUNBOOK,
              message: `${where} links ${RUNBOOK}, which is missing`,
            });
          else if (!anchors.has(match[1]))
            problems.push({
              path,
              message: `${where}: runbook anchor #${match[1]} is not a heading of ${RUNBOOK}`,
            });
        }
      }
    }
  }
  if (alerts === 0)
    problems.push({ path: paths[0] ?? 'monitoring/prometheus', message: 'no alerting rule' });
  return problems;
}

/** prometheus.yml: rule files exist, job names are unique, every job has targets; the unit-test file points at existing rule files. */
export function checkPrometheusConfig(files: ProjectFiles): DomainProblem[] {
  const problems: DomainProblem[] = [];
  const path = 'monitoring/prometheus/prometheus.yml';
  const data = readYaml(files, path, problems);
  if (!isRecord(data)) return problems.length > 0 ? problems : [{ path, message: 'not a mapping' }];
  const ruleFiles = Array.isArray(data.rule_files) ? (data.rule_files as unknown[]) : [];
  if (ruleFiles.length === 0)
    problems.push({ path, message: 'no rule_files: the alerts are never loaded' });
  for (const file of ruleFiles) {
    if (!isText(file) || files.read(`monitoring/prometheus/${file}`) === undefined)
      problems.push({
        path,
        message: `rule file ${String(file)} does not exist next to prometheus.yml`,
      });
  }
  const jobs = Array.isArray(data.scrape_configs) ? (data.scrape_configs as unknown[]) : [];
  if (jobs.length === 0) problems.push({ path, message: 'no scrape_configs' });
  const names = new Set<string>();
  for (const job of jobs) {
    if (!isRecord(job) || !isText(job.job_name)) {
      problems.push({ path, message: 'a scrape config has no job_name' });
      continue;
    }
    if (names.has(job.job_name))
      problems.push({ path, message: `job ${job.job_name} is defined twice` });
    names.add(job.job_name);
    const statics = Array.isArray(job.static_configs) ? (job.static_configs as unknown[]) : [];
    const targets = statics.flatMap((item) =>
      isRecord(item) && Array.isArray(item.targets) ? (item.targets as unknown[]) : [],
    );
    if (
      targets.length === 0 ||
      targets.some((target) => !isText(target) || !/^[^:\s]+:\d+$/.test(target))
    ) {
      problems.push({ path, message: `job ${job.job_name}: targets must be host:port` });
    }
  }
  const testPath = 'monitoring/prometheus/alerts.test.yml';
  if (files.read(testPath) !== undefined) {
    const tests = readYaml(files, testPath, problems);
    const testRuleFiles =
      isRecord(tests) && Array.isArray(tests.rule_files) ? (tests.rule_files as unknown[]) : [];
    if (testRuleFiles.length === 0)
      problems.push({ path: testPath, message: 'the unit tests load no rule file' });
    for (const file of testRuleFiles) {
      if (!isText(file) || files.read(`monitoring/prometheus/${file}`) === undefined)
        problems.push({ path: testPath, message: `rule file ${String(file)} does not exist` });
    }
    if (!isRecord(tests) || !Array.isArray(tests.tests) || tests.tests.length === 0)
      problems.push({ path: testPath, message: 'no test cases' });
  }
  return problems;
}

/** A Grafana dashboard in the classic JSON model, provisioned read-only with a datasource variable. */
export function checkGrafanaDashboard(path: string, dashboard: unknown): DomainProblem[] {
  const problems: DomainProblem[] = [];
  const fail = (message: string) => problems.push({ path, message });
  if (!isRecord(dashboard)) return [{ path, message: 'not a JSON object' }];
  if (dashboard.id !== null)
    fail('`id` must be null (Grafana assigns it; a fixed id collides across instances)');
  if (!isText(dashboard.uid) || dashboard.uid.length > 40)
    fail(
      '`uid` must be a fixed string of at most 40 characters (links and provisioning rely on it)',
    );
  if (!isText(dashboard.title)) fail('no title');
  if (!Array.isArray(dashboard.tags)) fail('no tags');
  if (typeof dashboard.schemaVersion !== 'number') fail('no schemaVersion');
  if (!isRecord(dashboard.time) || !isText(dashboard.time.from) || !isText(dashboard.time.to))
    fail('no time range');
  if (!isText(dashboard.refresh)) fail('no refresh interval');
  if (dashboard.editable !== false) fail('`editable` must be false for a provisioned dashboard');
  const variables =
    isRecord(dashboard.templating) && Array.isArray(dashboard.templating.list)
      ? (dashboard.templating.list as unknown[])
      : [];
  const datasourceVariable = variables.find(
    (variable): variable is Record<string, unknown> =>
      isRecord(variable) && variable.type === 'datasource',
  );
  if (!datasourceVariable || !isText(datasourceVariable.name))
    fail('no datasource template variable');
  const variableReference =
    datasourceVariable && isText(datasourceVariable.name)
      ? `\${${datasourceVariable.name}}`
      : undefined;
  const panels = Array.isArray(dashboard.panels) ? (dashboard.panels as unknown[]) : [];
  if (panels.length === 0) fail('no panels');
  const ids = new Set<unknown>();
  panels.forEach((panel, index) => {
    const where = `panel ${index + 1}`;
    if (!isRecord(panel)) {
      fail(`${where} is not an object`);
      return;
    }
    if (ids.has(panel.id)) fail(`${where}: duplicate id ${String(panel.id)}`);
    ids.add(panel.id);
    if (!isText(panel.type)) fail(`${where}: no type`);
    const grid = panel.gridPos;
    if (
      !isRecord(grid) ||
      !['h', 'w', 'x', 'y'].every((key) => typeof grid[key] === 'number') ||
      (grid.x as number) + (grid.w as number) > 24
    ) {
      fail(
        `${where} (${String(panel.title)}): gridPos must have numeric h, w, x, y within the 24-column grid`,
      );
    }
    if (panel.type === 'row') return;
    const source = panel.datasource;
    if (!isRecord(source) || (variableReference !== undefined && source.uid !== variableReference))
      fail(
        `${where} (${String(panel.title)}): datasource must be the template variable ${variableReference ?? ''}`,
      );
    const targets = Array.isArray(panel.targets) ? (panel.targets as unknown[]) : [];
    if (targets.length === 0) fail(`${where} (${String(panel.title)}): no targets`);
    const refIds = new Set<unknown>();
    for (const target of targets) {
      if (!isRecord(target) || !isText(target.refId) || !isText(target.expr))
        fail(`${where} (${String(panel.title)}): every target needs refId and expr`);
      else {
        if (refIds.has(target.refId)) fail(`${where}: duplicate refId ${target.refId}`);
        refIds.add(target.refId);
        const issue = unbalancedExpression(target.expr);
        if (issue) fail(`${where}: expr has ${issue}`);
      }
    }
  });
  return problems;
}

export function checkGrafana(files: ProjectFiles): DomainProblem[] {
  const problems: DomainProblem[] = [];
  const dashboards = files
    .paths()
    .filter((path) => /^monitoring\/grafana\/dashboards\/[^/]+\.json$/.test(path));
  if (dashboards.length === 0)
    problems.push({ path: 'monitoring/grafana/dashboards/', message: 'no dashboard' });
  for (const path of dashboards) {
    const dashboard = readJson(files, path, problems);
    if (dashboard !== undefined) problems.push(...checkGrafanaDashboard(path, dashboard));
  }
  for (const path of [
    'monitoring/grafana/provisioning/datasources/prometheus.yaml',
    'monitoring/grafana/provisioning/dashboards/dashboards.yaml',
  ]) {
    const data = readYaml(files, path, problems);
    if (data !== undefined && (!isRecord(data) || data.apiVersion !== 1))
      problems.push({ path, message: 'provisioning files need apiVersion: 1' });
  }
  return problems;
}

/** monitoring/slos.yaml: named SLOs with a target in (0, 1), a window and an error budget; freshness and latency (p95/p99) present. */
export function checkSlos(files: ProjectFiles, path = 'monitoring/slos.yaml'): DomainProblem[] {
  const problems: DomainProblem[] = [];
  const data = readYaml(files, path, problems);
  if (data === undefined) return problems;
  const slos = isRecord(data) && Array.isArray(data.slos) ? (data.slos as unknown[]) : [];
  if (slos.length === 0) return [{ path, message: 'no slos' }];
  const names = new Set<string>();
  for (const slo of slos) {
    if (!isRecord(slo) || !isText(slo.name)) {
      problems.push({ path, message: 'an SLO has no name' });
      continue;
    }
    names.add(slo.name);
    if (typeof slo.target !== 'number' || slo.target <= 0 || slo.target >= 1)
      problems.push({
        path,
        message: `${slo.name}: target must be a ratio between 0 and 1 (exclusive)`,
      });
    if (!isText(slo.window) || !DURATION.test(slo.window))
      problems.push({ path, message: `${slo.name}: window must be a duration` });
    const budget = isRecord(slo.error_budget) ? slo.error_budget : undefined;
    if (!budget || typeof budget.ratio !== 'number')
      problems.push({ path, message: `${slo.name}: no error_budget ratio` });
    else if (typeof slo.target === 'number' && Math.abs(budget.ratio - (1 - slo.target)) > 1e-6)
      problems.push({ path, message: `${slo.name}: error_budget.ratio must be 1 - target` });
    if (!isRecord(slo.sli) || !isText(slo.sli.metric))
      problems.push({ path, message: `${slo.name}: the SLI names no metric` });
  }
  if (!names.has('freshness')) problems.push({ path, message: 'no freshness SLO' });
  const latency = slos.find(
    (slo): slo is Record<string, unknown> => isRecord(slo) && slo.name === 'latency',
  );
  const sli = latency && isRecord(latency.sli) ? latency.sli : undefined;
  if (!sli || typeof sli.p95_ms !== 'number' || typeof sli.p99_ms !== 'number')
    problems.push({ path, message: 'the latency SLO needs p95_ms and p99_ms' });
  return problems;
}

/** Datadog: monitors with name, type, query and a runbook link; the dashboard has widgets. */
export function checkDatadog(files: ProjectFiles): DomainProblem[] {
  const problems: DomainProblem[] = [];
  const monitorsPath = 'monitoring/datadog/monitors.yaml';
  const data = readYaml(files, monitorsPath, problems);
  const monitors =
    isRecord(data) && Array.isArray(data.monitors) ? (data.monitors as unknown[]) : [];
  if (data !== undefined && monitors.length === 0)
    problems.push({ path: monitorsPath, message: 'no monitors' });
  for (const monitor of monitors) {
    if (
      !isRecord(monitor) ||
      !isText(monitor.name) ||
      !isText(monitor.type) ||
      !isText(monitor.query)
    ) {
      problems.push({ path: monitorsPath, message: 'every monitor needs name, type and query' });
      continue;
    }
    if (!isText(monitor.message) || !/docs\/runbook\.md#/.test(monitor.message))
      problems.push({
        path: monitorsPath,
        message: `${monitor.name}: the message links no runbook entry`,
      });
  }
  problems.push(...checkWidgets(files, 'monitoring/datadog/dashboard.json'));
  return problems;
}

/** CloudWatch: Terraform alarms with the required arguments; the dashboard has widgets. */
export function checkCloudwatch(files: ProjectFiles): DomainProblem[] {
  const problems: DomainProblem[] = [];
  const path = 'monitoring/cloudwatch/alarms.tf';
  const text = files.read(path);
  if (text === undefined) problems.push({ path, message: `${path} is missing` });
  else {
    const blocks = text.split(/^resource "aws_cloudwatch_metric_alarm" /m).slice(1);
    if (blocks.length === 0) problems.push({ path, message: 'no aws_cloudwatch_metric_alarm' });
    for (const block of blocks) {
      const name = /^"([^"]+)"/.exec(block)?.[1] ?? '(unnamed)';
      for (const argument of [
        'alarm_name',
        'metric_name',
        'namespace',
        'threshold',
        'comparison_operator',
        'evaluation_periods',
        'alarm_actions',
      ]) {
        if (!new RegExp(`^\\s+${argument}\\s+=`, 'm').test(block))
          problems.push({ path, message: `alarm ${name}: no ${argument}` });
      }
      if (!/docs\/runbook\.md#/.test(block))
        problems.push({ path, message: `alarm ${name}: the description links no runbook entry` });
    }
    const braces = (text.match(/\{/g)?.length ?? 0) - (text.match(/\}/g)?.length ?? 0);
    if (braces !== 0) problems.push({ path, message: 'unbalanced braces' });
  }
  problems.push(...checkWidgets(files, 'monitoring/cloudwatch/dashboard.json'));
  return problems;
}

function checkWidgets(files: ProjectFiles, path: string): DomainProblem[] {
  const problems: DomainProblem[] = [];
  const dashboard = readJson(files, path, problems);
  if (
    dashboard !== undefined &&
    (!isRecord(dashboard) || !Array.isArray(dashboard.widgets) || dashboard.widgets.length === 0)
  ) {
    problems.push({ path, message: 'the dashboard has no widgets' });
  }
  return problems;
}

const usesPrometheus = (model: ProjectModel) =>
  model.flags.hasPerformance && model.performance.metrics === 'prometheus-grafana';

export const monitoringChecks: DomainCheck[] = [
  {
    id: 'monitoring-alert-rules',
    title:
      'every alert has for, a severity (critical/warning/info), summary, description and a runbook_url to a docs/runbook.md heading',
    skill: 'performance-engineering',
    appliesTo: usesPrometheus,
    run: (files) => checkAlertRules(files),
  },
  {
    id: 'monitoring-prometheus-config',
    title:
      'prometheus.yml loads existing rule files and scrapes host:port targets; the unit tests load existing rules',
    skill: 'performance-engineering',
    appliesTo: usesPrometheus,
    run: (files) => checkPrometheusConfig(files),
  },
  {
    id: 'monitoring-grafana',
    title:
      'Grafana dashboards follow the provisioned classic JSON model (uid, gridPos, datasource variable, targets)',
    skill: 'performance-engineering',
    appliesTo: usesPrometheus,
    run: (files) => checkGrafana(files),
  },
  {
    id: 'monitoring-slos',
    title:
      'slos.yaml defines freshness and latency (p95/p99) SLOs with targets, windows and error budgets',
    skill: 'performance-engineering',
    appliesTo: (model) => model.flags.hasPerformance && model.flags.isAtLeast('intermediate'),
    run: (files) => checkSlos(files),
  },
  {
    id: 'monitoring-datadog',
    title: 'Datadog monitors link their runbook entries; the dashboard has widgets',
    skill: 'performance-engineering',
    appliesTo: (model) => model.flags.hasPerformance && model.performance.metrics === 'datadog',
    run: (files) => checkDatadog(files),
  },
  {
    id: 'monitoring-cloudwatch',
    title:
      'CloudWatch alarms have their required arguments and runbook links; the dashboard has widgets',
    skill: 'performance-engineering',
    appliesTo: (model) => model.flags.hasPerformance && model.performance.metrics === 'cloudwatch',
    run: (files) => checkCloudwatch(files),
  },
];
