import { checkSchema } from '../../../skills/schema-check.js';
import { parseYamlSource, type YamlSource } from '../../../skills/yaml-source.js';
import type { DomainProblem, ProjectFiles } from '../types.js';
import { projectSchema, propertiesSchema } from './schemas.js';

/** A dbt project read from the project files: its nodes and their YAML properties. */

export interface DataTestSpec {
  /** `unique`, `not_null`, `accepted_values`, `relationships`, or another (unsupported) name. */
  kind: string;
  arguments: Record<string, unknown>;
  config: Record<string, unknown>;
}

export interface ColumnSpec {
  name: string;
  /** Line of the column's entry in its properties file. */
  line?: number;
  dataType?: string;
  constraints: { type: string; expression?: string }[];
  tests: DataTestSpec[];
}

export interface NodeProperties {
  path: string;
  line: number;
  columns: ColumnSpec[];
  tests: DataTestSpec[];
  config: Record<string, unknown>;
}

export interface ModelNode {
  name: string;
  path: string;
  /** Folders under the model path: ['staging'] for models/staging/stg_x.sql. */
  folders: string[];
  sql: string;
  properties?: NodeProperties;
}

export interface SeedNode {
  name: string;
  path: string;
  csv: string;
  properties?: NodeProperties;
}

export interface SourceTable {
  source: string;
  name: string;
  identifier: string;
  /** Raw (unrendered) schema of the source, e.g. "{{ var('raw_schema', 'raw') }}". */
  schema: string;
  properties: NodeProperties;
}

export interface UnitTestSpec {
  name: string;
  model: string;
  path: string;
  line: number;
  given: { input: string; rows: Record<string, unknown>[] }[];
  expect: Record<string, unknown>[];
}

export interface DbtProject {
  root: string;
  name: string;
  config: Record<string, unknown>;
  models: Map<string, ModelNode>;
  seeds: Map<string, SeedNode>;
  macros: { path: string; text: string }[];
  /** Singular data tests: SQL files under the test paths that must return no rows. */
  singularTests: ModelNode[];
  /** Whether the project declares dbt packages (the validator does not install them). */
  hasPackages: boolean;
  sources: Map<string, SourceTable>;
  unitTests: UnitTestSpec[];
  profiles?: { path: string; data: Record<string, unknown>; text: string };
}

const toPaths = (value: unknown, fallback: string[]) =>
  Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : fallback;

function problemFrom(error: {
  file: string;
  line: number;
  field: string;
  message: string;
}): DomainProblem {
  return {
    path: error.file,
    line: error.line,
    message: error.field ? `${error.field}: ${error.message}` : error.message,
  };
}

function parse(
  path: string,
  text: string,
  schema: object,
  problems: DomainProblem[],
): { source: YamlSource; data: unknown } | undefined {
  const { source, errors } = parseYamlSource(path, text);
  if (errors.length > 0) {
    problems.push(...errors.map(problemFrom));
    return undefined;
  }
  const data: unknown = source.doc.toJS();
  const schemaErrors = checkSchema(source, data, schema);
  // A complaint about a field's parent ("must be string" for the other branch) adds nothing.
  const specific = schemaErrors.filter(
    (error) =>
      !schemaErrors.some((other) => other !== error && other.field.startsWith(`${error.field}.`)),
  );
  problems.push(...specific.map(problemFrom));
  return schemaErrors.length > 0 ? undefined : { source, data };
}

function lineOf(source: YamlSource, path: (string | number)[]): number {
  const node = source.doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
  return source.lineCounter.linePos(node?.range?.[0] ?? 0).line;
}

function testsOf(raw: unknown): DataTestSpec[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((entry: unknown) => {
    if (typeof entry === 'string') return { kind: entry, arguments: {}, config: {} };
    const [kind = '', body] =
      Object.entries(
        entry as Record<
          string,
          { arguments?: Record<string, unknown>; config?: Record<string, unknown> }
        >,
      )[0] ?? [];
    return { kind, arguments: body?.arguments ?? {}, config: body?.config ?? {} };
  });
}

interface RawColumn {
  name: string;
  data_type?: string;
  constraints?: { type: string; expression?: string }[];
  data_tests?: unknown;
}

function columnsOf(raw: unknown, lineAt?: (index: number) => number): ColumnSpec[] {
  if (!Array.isArray(raw)) return [];
  return (raw as RawColumn[]).map((column, index) => ({
    name: column.name,
    ...(lineAt ? { line: lineAt(index) } : {}),
    ...(column.data_type !== undefined ? { dataType: column.data_type } : {}),
    constraints: column.constraints ?? [],
    tests: testsOf(column.data_tests),
  }));
}

/**
 * Reads dbt_project.yml, profiles.yml, the SQL, CSV and YAML files of the project under `root`
 * (a prefix such as `transforms/dbt/`). Problems of syntax and schema are appended to `problems`.
 */
export function readProject(
  files: ProjectFiles,
  root: string,
  problems: DomainProblem[],
): DbtProject | undefined {
  const projectPath = `${root}dbt_project.yml`;
  const projectText = files.read(projectPath);
  if (projectText === undefined) {
    problems.push({ path: projectPath, message: 'dbt_project.yml is missing' });
    return undefined;
  }
  const parsedProject = parse(projectPath, projectText, projectSchema, problems);
  if (!parsedProject) return undefined;
  const config = parsedProject.data as Record<string, unknown>;
  const project: DbtProject = {
    root,
    name: String(config.name),
    config,
    models: new Map(),
    seeds: new Map(),
    macros: [],
    singularTests: [],
    hasPackages:
      files.read(`${root}packages.yml`) !== undefined ||
      files.read(`${root}dependencies.yml`) !== undefined,
    sources: new Map(),
    unitTests: [],
  };

  const profilesPath = `${root}profiles.yml`;
  const profilesText = files.read(profilesPath);
  if (profilesText !== undefined) {
    const { source, errors } = parseYamlSource(profilesPath, profilesText);
    if (errors.length > 0) problems.push(...errors.map(problemFrom));
    else
      project.profiles = {
        path: profilesPath,
        data: source.doc.toJS() as Record<string, unknown>,
        text: profilesText,
      };
  }

  const under = (folders: string[]) => (path: string) =>
    folders.some((folder) => path.startsWith(`${root}${folder.replace(/\/$/, '')}/`));
  const inModels = under(toPaths(config['model-paths'], ['models']));
  const inSeeds = under(toPaths(config['seed-paths'], ['seeds']));
  const inMacros = under(toPaths(config['macro-paths'], ['macros']));
  const inTests = under(toPaths(config['test-paths'], ['tests']));
  const propertyFiles: { path: string; source: YamlSource; data: Record<string, unknown[]> }[] = [];

  for (const path of files.paths()) {
    if (!path.startsWith(root)) continue;
    const text = files.read(path) ?? '';
    const base = path.slice(path.lastIndexOf('/') + 1);
    const stem = base.replace(/\.[^.]+$/, '');
    if (inModels(path) && base.endsWith('.sql')) {
      const relative = path.slice(root.length).split('/');
      addUnique(
        project.models,
        stem,
        { name: stem, path, folders: relative.slice(1, -1), sql: text },
        problems,
        project.seeds,
      );
    } else if (inSeeds(path) && base.endsWith('.csv')) {
      addUnique(project.seeds, stem, { name: stem, path, csv: text }, problems, project.models);
    } else if (inMacros(path) && base.endsWith('.sql')) {
      project.macros.push({ path, text });
    } else if (inTests(path) && base.endsWith('.sql') && !path.includes('/generic/')) {
      // tests/generic/ holds {% test %} definitions, not singular tests.
      project.singularTests.push({ name: stem, path, folders: [], sql: text });
    } else if ((inModels(path) || inSeeds(path)) && /\.ya?ml$/.test(base)) {
      const parsed = parse(path, text, propertiesSchema, problems);
      if (parsed)
        propertyFiles.push({
          path,
          source: parsed.source,
          data: (parsed.data ?? {}) as Record<string, unknown[]>,
        });
    }
  }

  for (const file of propertyFiles) attachProperties(project, file, problems);
  return project;
}

function addUnique<T>(
  map: Map<string, T>,
  name: string,
  node: T & { path: string },
  problems: DomainProblem[],
  other: Map<string, { path: string }>,
): void {
  const clash = (map.get(name) as { path: string } | undefined) ?? other.get(name);
  if (clash) {
    problems.push({
      path: node.path,
      message: `"${name}" is defined twice (also ${clash.path}): dbt node names must be unique`,
    });
    return;
  }
  map.set(name, node);
}

interface RawNode {
  name: string;
  config?: Record<string, unknown>;
  data_tests?: unknown;
  columns?: unknown;
}

function attachProperties(
  project: DbtProject,
  file: { path: string; source: YamlSource; data: Record<string, unknown[]> },
  problems: DomainProblem[],
): void {
  const propertiesAt = (section: string, index: number, raw: RawNode): NodeProperties => ({
    path: file.path,
    line: lineOf(file.source, [section, index]),
    columns: columnsOf(raw.columns, (column) =>
      lineOf(file.source, [section, index, 'columns', column]),
    ),
    tests: testsOf(raw.data_tests),
    config: raw.config ?? {},
  });
  (file.data.models ?? []).forEach((entry, index) => {
    const raw = entry as RawNode;
    const node = project.models.get(raw.name);
    if (!node) {
      problems.push({
        path: file.path,
        line: lineOf(file.source, ['models', index]),
        message: `properties for model "${raw.name}", which has no .sql file`,
      });
      return;
    }
    node.properties = propertiesAt('models', index, raw);
  });
  (file.data.seeds ?? []).forEach((entry, index) => {
    const raw = entry as RawNode;
    const node = project.seeds.get(raw.name);
    if (!node) {
      problems.push({
        path: file.path,
        line: lineOf(file.source, ['seeds', index]),
        message: `properties for seed "${raw.name}", which has no .csv file`,
      });
      return;
    }
    node.properties = propertiesAt('seeds', index, raw);
  });
  (file.data.sources ?? []).forEach((entry, sourceIndex) => {
    const raw = entry as {
      name: string;
      schema?: string;
      tables: (RawNode & { identifier?: string })[];
    };
    raw.tables.forEach((table, tableIndex) => {
      project.sources.set(`${raw.name}.${table.name}`, {
        source: raw.name,
        name: table.name,
        identifier: table.identifier ?? table.name,
        schema: raw.schema ?? raw.name,
        properties: {
          path: file.path,
          line: lineOf(file.source, ['sources', sourceIndex, 'tables', tableIndex]),
          columns: columnsOf(table.columns, (column) =>
            lineOf(file.source, ['sources', sourceIndex, 'tables', tableIndex, 'columns', column]),
          ),
          tests: testsOf(table.data_tests),
          config: table.config ?? {},
        },
      });
    });
  });
  (file.data.unit_tests ?? []).forEach((entry, index) => {
    const raw = entry as {
      name: string;
      model: string;
      given: { input: string; rows?: Record<string, unknown>[] }[];
      expect: { rows?: Record<string, unknown>[] };
    };
    project.unitTests.push({
      name: raw.name,
      model: raw.model,
      path: file.path,
      line: lineOf(file.source, ['unit_tests', index]),
      given: raw.given.map((given) => ({ input: given.input, rows: given.rows ?? [] })),
      expect: raw.expect.rows ?? [],
    });
  });
}
