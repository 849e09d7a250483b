import type { ProjectModel } from '../../model/types.js';
import { compileProject } from './dbt/compile-project.js';
import { readProject } from './dbt/project.js';
import type { DomainCheck, DomainProblem, ProjectFiles } from './types.js';

/**
 * Layer-3 checks of the dbt project (transforms/dbt/): its files in dbt 1.10 syntax, and a real
 * build of its models, tests and unit tests on an in-memory DuckDB with the sample seeds.
 */

export const DBT_PROJECT_ROOT = 'transforms/dbt/';

export interface DbtValidationOptions {
  /** Where the dbt project is inside the files: `transforms/dbt/`, or '' for a bare project. */
  root?: string;
  /** --vars for the build; by default the raw source reads the seeds (raw_schema: raw_sample). */
  vars?: Record<string, unknown>;
  /** Environment variable names the project may read (the model's env registry). */
  environment?: readonly string[];
  /** Stop after the static checks (YAML, profiles, rendering, DAG). */
  staticOnly?: boolean;
}

export interface DbtValidation {
  /** YAML syntax and schema, profiles, environment references, rendering, refs, sources, cycles. */
  staticProblems: DomainProblem[];
  /** Seeds, models, contracts, data tests and unit tests on DuckDB (empty when the build did not run). */
  buildProblems: DomainProblem[];
  /** Whether the build ran (it needs the static checks to pass). */
  isBuilt: boolean;
}

/** The whole validation: static checks, then the build on DuckDB when they pass. */
export async function runDbtValidation(
  files: ProjectFiles,
  options: DbtValidationOptions = {},
): Promise<DbtValidation> {
  const staticProblems: DomainProblem[] = [];
  const project = readProject(files, options.root ?? DBT_PROJECT_ROOT, staticProblems);
  // Without valid YAML the project's sources, tests and configs are unknown: stop at the YAML.
  if (!project || staticProblems.length > 0)
    return { staticProblems, buildProblems: [], isBuilt: false };
  checkProfiles(project.profiles, project.config.profile, staticProblems);
  if (options.environment)
    checkEnvironmentReferences(files, project.root, options.environment, staticProblems);
  const compiled = compileProject(
    project,
    options.vars ?? { raw_schema: 'raw_sample' },
    staticProblems,
  );
  if (!compiled || staticProblems.length > 0 || options.staticOnly)
    return { staticProblems, buildProblems: [], isBuilt: false };
  const buildProblems: DomainProblem[] = [];
  // DuckDB loads only when a build runs: the static checks and the CLI's start stay light.
  const { buildProject } = await import('./dbt/build.js');
  await buildProject(project, compiled, buildProblems);
  return { staticProblems, buildProblems, isBuilt: true };
}

/** Every problem of the project, static or from the build. */
export async function validateDbtProject(
  files: ProjectFiles,
  options: DbtValidationOptions = {},
): Promise<DomainProblem[]> {
  const result = await runDbtValidation(files, options);
  return [...result.staticProblems, ...result.buildProblems];
}

function checkProfiles(
  profiles: { path: string; data: Record<string, unknown> } | undefined,
  profileName: unknown,
  problems: DomainProblem[],
): void {
  if (!profiles) return;
  const profile = profiles.data[String(profileName)] as
    { target?: unknown; outputs?: Record<string, { type?: unknown }> } | undefined;
  if (!profile) {
    problems.push({
      path: profiles.path,
      message: `profiles.yml has no profile "${String(profileName)}" (dbt_project.yml's profile)`,
    });
    return;
  }
  const outputs = profile.outputs ?? {};
  const target = typeof profile.target === 'string' ? profile.target : '';
  if (!(target in outputs))
    problems.push({
      path: profiles.path,
      message: `default target "${target}" is not one of the outputs (${Object.keys(outputs).join(', ')})`,
    });
  else if (outputs[target]?.type !== 'duckdb')
    problems.push({
      path: profiles.path,
      message: `the default target "${target}" should be the local DuckDB so that dbt runs offline by default`,
    });
}

/** Every env_var('NAME') in the dbt project is a declared environment variable. */
function checkEnvironmentReferences(
  files: ProjectFiles,
  root: string,
  environment: readonly string[],
  problems: DomainProblem[],
): void {
  const declared = new Set(environment);
  for (const path of files.paths()) {
    if (!path.startsWith(root)) continue;
    const text = files.read(path) ?? '';
    for (const match of text.matchAll(/env_var\(\s*['"]([A-Za-z0-9_]+)['"]/g)) {
      const name = match[1] ?? '';
      if (!declared.has(name)) {
        const line = text.slice(0, match.index).split('\n').length;
        problems.push({
          path,
          line,
          message: `env_var('${name}') is not in the environment registry (.env.example)`,
        });
      }
    }
  }
}

const applies = (model: ProjectModel) => model.flags.usesDbt;
const environmentOf = (model: ProjectModel) => model.env.map((variable) => variable.name);

export const dbtChecks: DomainCheck[] = [
  {
    id: 'dbt-project-files',
    title: 'dbt project files use dbt 1.10 syntax, render, and form a sound DAG',
    skill: 'transforming-data',
    appliesTo: applies,
    run: async (files, model) =>
      (await runDbtValidation(files, { environment: environmentOf(model), staticOnly: true }))
        .staticProblems,
  },
  {
    id: 'dbt-build',
    title: 'dbt seeds, models, contracts, data tests and unit tests pass on DuckDB',
    skill: 'transforming-data',
    appliesTo: applies,
    run: async (files, model) => {
      const result = await runDbtValidation(files, { environment: environmentOf(model) });
      if (!result.isBuilt)
        return [
          {
            path: DBT_PROJECT_ROOT,
            message: 'not built: the dbt project files have problems (see the check above)',
          },
        ];
      return result.buildProblems;
    },
  },
];
