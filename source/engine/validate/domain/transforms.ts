import { parseDocument } from 'yaml';
import { cronProblem } from '../../answers/cron.js';
import type { ProjectModel } from '../../model/types.js';
import type { DomainCheck, DomainProblem, ProjectFiles } from './types.js';

/**
 * Layer-3 checks of the orchestration part of transforming-data, with no external program:
 * - config/pipeline.yaml has the shape the orchestrators implement (source, destination, schedule
 *   with a valid cron equal to the answer, the project's entities, incremental strategy, quality,
 *   freshness);
 * - config/connections.yaml holds credentials only as ${VAR} references declared in .env.example;
 * - the orchestrator's own schedule (crontab, Airflow DAG, Dagster schedule, Prefect deployment) is
 *   a valid cron expression equal to the answer;
 * - the quality files parse: SodaCL checks and configuration, and the Great Expectations script uses
 *   the GX Core 1.x API, not the 0.18 one.
 */

const PIPELINE_PATH = 'config/pipeline.yaml';
const CONNECTIONS_PATH = 'config/connections.yaml';
const CRONTAB_PATH = 'transforms/cron/crontab';
const PREFECT_PATH = 'transforms/prefect/prefect.yaml';
const SODA_CHECKS_PATH = 'tests/quality/soda/checks.yml';
const SODA_CONFIGURATION_PATH = 'tests/quality/soda/configuration.yml';
const GX_PATH = 'tests/quality/gx/run_checkpoints.py';

const STRATEGIES = ['merge', 'append', 'delete+insert', 'insert-overwrite'];
const QUALITY_FRAMEWORKS = ['dbt-tests', 'great-expectations', 'soda'];
/** Keys whose values are credentials: they must be a bare ${VAR} reference. */
const CREDENTIAL_KEY = /(password|secret|token|private_key|keyfile|api_key|credentials)/i;
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const ONLY_REFERENCE = /^\$\{[A-Z_][A-Z0-9_]*\}$/;

type Parsed = { value: unknown; problems: DomainProblem[] };

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** YAML with duplicate keys rejected, errors with their line. */
export function parseYaml(path: string, text: string): Parsed {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const problems = document.errors.map((error) => ({
    path,
    line: lineOf(text, error.pos[0]),
    message: `YAML: ${error.message.split('\n')[0] ?? ''}`,
  }));
  return { value: problems.length > 0 ? undefined : (document.toJS() as unknown), problems };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lineMatching(text: string, pattern: RegExp): number | undefined {
  const index = text.split('\n').findIndex((line) => pattern.test(line));
  return index < 0 ? undefined : index + 1;
}

/** Variable names declared in .env.example (`NAME=value` lines). */
export function declaredVariables(files: ProjectFiles): Set<string> {
  const text = files.read('.env.example') ?? '';
  return new Set(
    text
      .split('\n')
      .map((line) => /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(line.trim())?.[1])
      .filter((name): name is string => name !== undefined),
  );
}

function cronOfAnswer(model: ProjectModel): string {
  return model.transforms.schedule.trim().split(/\s+/).join(' ');
}

function scheduleProblems(
  path: string,
  line: number | undefined,
  expression: string,
  model: ProjectModel,
): DomainProblem[] {
  const problems: DomainProblem[] = [];
  const problem = cronProblem(expression);
  if (problem)
    problems.push({
      path,
      ...(line ? { line } : {}),
      message: `"${expression}" is not a valid cron expression: ${problem}`,
    });
  else if (expression.trim().split(/\s+/).join(' ') !== cronOfAnswer(model)) {
    problems.push({
      path,
      ...(line ? { line } : {}),
      message: `schedule "${expression}" differs from the answer "${model.transforms.schedule}"`,
    });
  }
  return problems;
}

// -- config/pipeline.yaml ---------------------------------------------------------------------

export function pipelineConfigProblems(text: string, model: ProjectModel): DomainProblem[] {
  const path = PIPELINE_PATH;
  const parsed = parseYaml(path, text);
  if (parsed.problems.length > 0) return parsed.problems;
  const config = parsed.value;
  if (!isRecord(config)) return [{ path, message: 'must be a mapping' }];
  const problems: DomainProblem[] = [];
  const at = (key: string) => lineMatching(text, new RegExp(`^${key}:`));
  for (const key of [
    'source',
    'destination',
    'schedule',
    'entities',
    'incremental',
    'quality',
    'freshness',
  ]) {
    if (!(key in config)) problems.push({ path, message: `missing top-level "${key}:"` });
  }
  for (const key of ['source', 'destination', 'schedule', 'incremental', 'quality', 'freshness']) {
    if (key in config && !isRecord(config[key]))
      problems.push({ path, line: at(key), message: `"${key}" must be a mapping` });
  }
  const schedule = config.schedule;
  if (isRecord(schedule)) {
    if (typeof schedule.cron !== 'string')
      problems.push({
        path,
        line: at('schedule'),
        message: 'schedule.cron must be a cron expression',
      });
    else
      problems.push(
        ...scheduleProblems(path, lineMatching(text, /^\s+cron:/), schedule.cron, model),
      );
    if (schedule.timezone !== 'UTC')
      problems.push({
        path,
        line: at('schedule'),
        message: 'schedule.timezone must be UTC (the schedule answer is UTC)',
      });
  }
  const destination = config.destination;
  if (isRecord(destination) && typeof destination.connection !== 'string')
    problems.push({
      path,
      line: at('destination'),
      message: 'destination.connection must name a connection',
    });
  const entities = config.entities;
  if ('entities' in config) {
    if (!Array.isArray(entities))
      problems.push({ path, line: at('entities'), message: '"entities" must be a list' });
    else {
      const names = entities.map((entity) => (isRecord(entity) ? entity.name : undefined));
      const expected = model.entities.map((entity) => entity.name);
      const missing = expected.filter((name) => !names.includes(name));
      const unknown = names.filter((name) => typeof name !== 'string' || !expected.includes(name));
      if (missing.length > 0)
        problems.push({
          path,
          line: at('entities'),
          message: `entities missing: ${missing.join(', ')}`,
        });
      if (unknown.length > 0)
        problems.push({
          path,
          line: at('entities'),
          message: `entities not in the project: ${unknown.map(String).join(', ')}`,
        });
    }
  }
  const incremental = config.incremental;
  if (isRecord(incremental) && !STRATEGIES.includes(String(incremental.strategy))) {
    problems.push({
      path,
      line: at('incremental'),
      message: `incremental.strategy must be one of ${STRATEGIES.join(', ')}`,
    });
  }
  const quality = config.quality;
  if (isRecord(quality) && !QUALITY_FRAMEWORKS.includes(String(quality.framework))) {
    problems.push({
      path,
      line: at('quality'),
      message: `quality.framework must be one of ${QUALITY_FRAMEWORKS.join(', ')}`,
    });
  }
  const freshness = config.freshness;
  if (
    isRecord(freshness) &&
    (typeof freshness.slo_minutes !== 'number' || freshness.slo_minutes <= 0)
  ) {
    problems.push({
      path,
      line: at('freshness'),
      message: 'freshness.slo_minutes must be a positive number',
    });
  }
  return problems;
}

// -- config/connections.yaml ------------------------------------------------------------------

export function connectionsProblems(text: string, declared: ReadonlySet<string>): DomainProblem[] {
  const path = CONNECTIONS_PATH;
  const parsed = parseYaml(path, text);
  if (parsed.problems.length > 0) return parsed.problems;
  const config = parsed.value;
  if (!isRecord(config) || !isRecord(config.connections))
    return [{ path, message: 'must hold a "connections:" mapping' }];
  const problems: DomainProblem[] = [];
  const walk = (value: unknown, trail: string[]) => {
    if (isRecord(value)) {
      for (const [key, item] of Object.entries(value)) walk(item, [...trail, key]);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        walk(item, [...trail, String(index)]);
      });
      return;
    }
    const key = trail.at(-1) ?? '';
    const where = trail.join('.');
    const line = lineMatching(
      text,
      new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`),
    );
    const text_ = typeof value === 'string' ? value : String(value);
    if (CREDENTIAL_KEY.test(key) && !ONLY_REFERENCE.test(text_)) {
      problems.push({
        path,
        ...(line ? { line } : {}),
        message: `${where} is a credential written in clear: use a \${VAR} reference`,
      });
    }
    for (const match of text_.matchAll(REFERENCE)) {
      const name = match[1] ?? '';
      if (!declared.has(name))
        problems.push({
          path,
          ...(line ? { line } : {}),
          message: `${where} references \${${name}}, which .env.example does not declare`,
        });
    }
  };
  walk(config.connections, ['connections']);
  return problems;
}

// -- orchestrator schedules -------------------------------------------------------------------

/** The five-field schedules of a crontab's job lines (environment assignments and comments skipped). */
export function crontabSchedules(text: string): { line: number; expression: string }[] {
  const jobs: { line: number; expression: string }[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^[A-Za-z_][A-Za-z0-9_]*\s*=/.test(line)) return;
    const fields = line.split(/\s+/);
    const first = fields[0] ?? '';
    const expression = first.startsWith('@') ? first : fields.slice(0, 5).join(' ');
    jobs.push({ line: index + 1, expression });
  });
  return jobs;
}

export function orchestratorScheduleProblems(
  files: ProjectFiles,
  model: ProjectModel,
): DomainProblem[] {
  const problems: DomainProblem[] = [];
  const read = (path: string) => files.read(path);
  switch (model.transforms.orchestrator) {
    case 'cron': {
      const text = read(CRONTAB_PATH);
      if (text === undefined) return [{ path: CRONTAB_PATH, message: 'missing' }];
      const jobs = crontabSchedules(text);
      if (jobs.length === 0) problems.push({ path: CRONTAB_PATH, message: 'no job line' });
      for (const job of jobs)
        problems.push(...scheduleProblems(CRONTAB_PATH, job.line, job.expression, model));
      return problems;
    }
    case 'prefect': {
      const text = read(PREFECT_PATH);
      if (text === undefined) return [{ path: PREFECT_PATH, message: 'missing' }];
      const parsed = parseYaml(PREFECT_PATH, text);
      if (parsed.problems.length > 0) return parsed.problems;
      const deployments =
        isRecord(parsed.value) && Array.isArray(parsed.value.deployments)
          ? parsed.value.deployments
          : [];
      if (deployments.length === 0) return [{ path: PREFECT_PATH, message: 'no deployment' }];
      for (const deployment of deployments) {
        const schedules =
          isRecord(deployment) && Array.isArray(deployment.schedules) ? deployment.schedules : [];
        const crons = schedules
          .map((schedule) => (isRecord(schedule) ? schedule.cron : undefined))
          .filter((cron): cron is string => typeof cron === 'string');
        if (crons.length === 0)
          problems.push({ path: PREFECT_PATH, message: 'a deployment has no cron schedule' });
        for (const cron of crons)
          problems.push(
            ...scheduleProblems(PREFECT_PATH, lineMatching(text, /cron:/), cron, model),
          );
      }
      return problems;
    }
    case 'airflow':
    case 'dagster': {
      const folder =
        model.transforms.orchestrator === 'airflow'
          ? 'transforms/airflow/dags/'
          : 'transforms/dagster/';
      const pattern =
        model.transforms.orchestrator === 'airflow'
          ? /^\s*schedule\s*=\s*"([^"]*)"/
          : /^\s*cron_schedule\s*=\s*"([^"]*)"/;
      const sources = files
        .paths()
        .filter((path) => path.startsWith(folder) && path.endsWith('.py'));
      let found = 0;
      for (const path of sources) {
        const text = read(path) ?? '';
        text.split('\n').forEach((line, index) => {
          const expression = pattern.exec(line)?.[1];
          if (expression === undefined) return;
          found++;
          problems.push(...scheduleProblems(path, index + 1, expression, model));
        });
      }
      if (found === 0)
        problems.push({
          path: folder,
          message: `no ${model.transforms.orchestrator === 'airflow' ? 'DAG schedule=' : 'ScheduleDefinition cron_schedule='} found`,
        });
      return problems;
    }
  }
}

// -- quality files ----------------------------------------------------------------------------

const SODA_METRIC =
  /^(row_count|missing_count|missing_percent|duplicate_count|duplicate_percent|invalid_count|invalid_percent|freshness|schema|values in|avg|min|max|sum|failed rows|reference)\b/;

export function sodaProblems(
  checksText: string | undefined,
  configurationText: string | undefined,
): DomainProblem[] {
  const problems: DomainProblem[] = [];
  if (checksText === undefined) problems.push({ path: SODA_CHECKS_PATH, message: 'missing' });
  else {
    const parsed = parseYaml(SODA_CHECKS_PATH, checksText);
    problems.push(...parsed.problems);
    if (parsed.problems.length === 0) {
      if (!isRecord(parsed.value) || Object.keys(parsed.value).length === 0)
        problems.push({
          path: SODA_CHECKS_PATH,
          message: 'must map "checks for <table>" to checks',
        });
      else {
        for (const [key, checks] of Object.entries(parsed.value)) {
          const line = lineMatching(
            checksText,
            new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`),
          );
          if (!/^checks for [A-Za-z_][A-Za-z0-9_.]*$/.test(key)) {
            problems.push({
              path: SODA_CHECKS_PATH,
              ...(line ? { line } : {}),
              message: `"${key}" is not a SodaCL "checks for <table>" section`,
            });
            continue;
          }
          if (!Array.isArray(checks) || checks.length === 0) {
            problems.push({
              path: SODA_CHECKS_PATH,
              ...(line ? { line } : {}),
              message: `${key} must be a non-empty list of checks`,
            });
            continue;
          }
          for (const check of checks) {
            const expression =
              typeof check === 'string'
                ? check
                : isRecord(check)
                  ? (Object.keys(check)[0] ?? '')
                  : '';
            if (!SODA_METRIC.test(expression))
              problems.push({
                path: SODA_CHECKS_PATH,
                ...(line ? { line } : {}),
                message: `${key}: "${expression}" is not a SodaCL check`,
              });
          }
        }
      }
    }
  }
  if (configurationText === undefined)
    problems.push({ path: SODA_CONFIGURATION_PATH, message: 'missing' });
  else {
    const parsed = parseYaml(SODA_CONFIGURATION_PATH, configurationText);
    problems.push(...parsed.problems);
    if (parsed.problems.length === 0) {
      const sources = isRecord(parsed.value)
        ? Object.entries(parsed.value).filter(([key]) => key.startsWith('data_source '))
        : [];
      if (sources.length === 0)
        problems.push({
          path: SODA_CONFIGURATION_PATH,
          message: 'no "data_source <name>:" section',
        });
      for (const [key, source] of sources) {
        if (!isRecord(source) || typeof source.type !== 'string') {
          problems.push({ path: SODA_CONFIGURATION_PATH, message: `${key} has no type` });
          continue;
        }
        for (const [field, value] of Object.entries(source)) {
          if (CREDENTIAL_KEY.test(field) && !ONLY_REFERENCE.test(String(value)))
            problems.push({
              path: SODA_CONFIGURATION_PATH,
              message: `${key}.${field} is a credential written in clear`,
            });
        }
      }
    }
  }
  return problems;
}

/** GX Core 1.x names the script must use, and the 0.18 API it must not. */
const GX_REQUIRED = [
  'gx.get_context(',
  'data_sources.',
  'add_batch_definition',
  'ExpectationSuite(',
  'ValidationDefinition(',
  'Checkpoint(',
];
const GX_LEGACY: [RegExp, string][] = [
  [/\bget_validator\(/, 'get_validator() (0.18)'],
  [/add_or_update_expectation_suite\(/, 'add_or_update_expectation_suite() (0.18)'],
  [/\bSimpleCheckpoint\b/, 'SimpleCheckpoint (0.18)'],
  [/\bcontext\.sources\./, 'context.sources (0.18; now context.data_sources)'],
  [/\brun_checkpoint\(/, 'run_checkpoint() (0.18)'],
  [/expectation_suite_name\s*=/, 'expectation_suite_name= (0.18)'],
  [/\bRuntimeBatchRequest\b|\bBatchRequest\(/, 'batch requests (0.18)'],
  [/\bexpect_[a-z_]+\(/, 'validator.expect_*() calls (0.18; now gxe.Expect* classes)'],
];

export function greatExpectationsProblems(text: string | undefined): DomainProblem[] {
  if (text === undefined) return [{ path: GX_PATH, message: 'missing' }];
  const problems: DomainProblem[] = [];
  for (const name of GX_REQUIRED)
    if (!text.includes(name))
      problems.push({
        path: GX_PATH,
        message: `does not use the GX Core 1.x ${name.replace(/[.(]$/, '')}`,
      });
  for (const [pattern, label] of GX_LEGACY) {
    const line = lineMatching(text, pattern);
    if (line !== undefined)
      problems.push({ path: GX_PATH, line, message: `uses the legacy API: ${label}` });
  }
  return problems;
}

// -- the checks -------------------------------------------------------------------------------

const applies = (model: ProjectModel) => model.flags.hasTransforms;

export const transformsChecks: DomainCheck[] = [
  {
    id: 'transforms.pipeline-config',
    title:
      'Pipeline configuration: source, destination, schedule, entities, incremental, quality, freshness',
    skill: 'transforming-data',
    appliesTo: applies,
    run(files, model) {
      const text = files.read(PIPELINE_PATH);
      return text === undefined
        ? [{ path: PIPELINE_PATH, message: 'missing' }]
        : pipelineConfigProblems(text, model);
    },
  },
  {
    id: 'transforms.connections',
    title: 'Connections reference credentials only as ${VAR} declared in .env.example',
    skill: 'transforming-data',
    appliesTo: applies,
    run(files) {
      const text = files.read(CONNECTIONS_PATH);
      return text === undefined
        ? [{ path: CONNECTIONS_PATH, message: 'missing' }]
        : connectionsProblems(text, declaredVariables(files));
    },
  },
  {
    id: 'transforms.schedule',
    title: 'The orchestrator runs on a valid cron expression equal to the schedule answer',
    skill: 'transforming-data',
    appliesTo: applies,
    run: (files, model) => orchestratorScheduleProblems(files, model),
  },
  {
    id: 'transforms.quality-files',
    title: 'Quality checks parse (SodaCL) or use the GX Core 1.x API',
    skill: 'transforming-data',
    appliesTo: (model) => applies(model) && model.transforms.quality !== 'dbt-tests',
    run(files, model) {
      if (model.transforms.quality === 'soda')
        return sodaProblems(files.read(SODA_CHECKS_PATH), files.read(SODA_CONFIGURATION_PATH));
      return greatExpectationsProblems(files.read(GX_PATH));
    },
  },
];
