import type { DomainProblem } from '../types.js';
import { DbtJinja, dispatcher, RenderError, splitArguments, type RenderScope } from './jinja.js';
import type { DbtProject, ModelNode } from './project.js';

/**
 * Rendering (dbt's "compile"): every macro file and model is rendered with the names dbt gives a
 * DuckDB project, recording the refs, sources and config() of each model to build the DAG.
 */

export interface Relation {
  schema: string;
  name: string;
}

export const quoteRelation = (relation: Relation) => `"${relation.schema}"."${relation.name}"`;

export interface CompiledModel {
  node: ModelNode;
  sql: string;
  refs: string[];
  sources: string[];
  config: Record<string, unknown>;
  materialized: string;
  relation: Relation;
}

export interface CompileOptions {
  /** --vars: override dbt_project.yml vars (the validator builds on the seeds: raw_schema=raw_sample). */
  vars: Record<string, unknown>;
}

export const TARGET = {
  name: 'local',
  type: 'duckdb',
  schema: 'main',
  database: 'memory',
  threads: 1,
  profile_name: 'validator',
};

/** dbt's cross-database macros as dbt-duckdb renders them (only those with one obvious spelling). */
function dbtNamespace(): Record<string, (...args: unknown[]) => string> {
  const text = (value: unknown) => String(value);
  return {
    type_string: () => 'varchar',
    type_int: () => 'integer',
    type_bigint: () => 'bigint',
    type_boolean: () => 'boolean',
    type_timestamp: () => 'timestamp',
    type_float: () => 'float',
    type_numeric: () => 'numeric(28,6)',
    current_timestamp: () => 'now()',
    date_trunc: (datepart, date) => `date_trunc('${text(datepart)}', ${text(date)})`,
    dateadd: (datepart, interval, from) =>
      `(${text(from)} + ((interval '1 ${text(datepart)}') * (${text(interval)})))`,
    datediff: (first, second, datepart) =>
      `date_diff('${text(datepart)}', ${text(first)}, ${text(second)})`,
    hash: (field) => `md5(cast(${text(field)} as varchar))`,
    safe_cast: (field, type) => `try_cast(${text(field)} as ${text(type)})`,
    concat: (fields) =>
      `concat(${(Array.isArray(fields) ? fields : [fields]).map(text).join(', ')})`,
  };
}

export class Compiler {
  readonly jinja: DbtJinja;
  readonly vars: Record<string, unknown>;

  constructor(
    readonly project: DbtProject,
    options: CompileOptions,
    problems: DomainProblem[],
  ) {
    const configured = (project.config.vars ?? {}) as Record<string, unknown>;
    this.vars = { ...configured, ...options.vars };
    const builtins = dbtNamespace();
    let jinja: DbtJinja | undefined;
    this.jinja = jinja = new DbtJinja({
      target: TARGET,
      project_name: project.name,
      execute: true,
      dbt: builtins,
      adapter: dispatcher(() => jinja as DbtJinja, builtins),
      var: (...args: unknown[]) => {
        const [name, fallback] = splitArguments(args).positional;
        const key = String(name);
        if (key in this.vars) return this.vars[key];
        if (fallback !== undefined) return fallback;
        throw new Error(`Required var '${key}' not found in config`);
      },
      env_var: (...args: unknown[]) => {
        const [name, fallback] = splitArguments(args).positional;
        if (fallback !== undefined) return fallback;
        throw new Error(
          `env_var('${String(name)}') has no default; models must not depend on the environment`,
        );
      },
      return: (value: unknown) => value,
      log: () => '',
      exceptions: {
        raise_compiler_error: (message: unknown) => {
          throw new Error(String(message));
        },
      },
    });
    for (const macro of project.macros) {
      try {
        this.jinja.loadMacros(macro.text);
      } catch (error) {
        problems.push(renderProblem(macro.path, error, 'does not compile'));
      }
    }
  }

  /** The schema dbt gives a node: generate_schema_name(custom schema, node) when the project overrides it. */
  schemaFor(customSchema: unknown, node: { name: string; resource_type: string }): string {
    const custom = typeof customSchema === 'string' ? customSchema : null;
    const override = this.jinja.macros.get('generate_schema_name');
    if (override) return String(override(custom, node)).trim();
    return custom ? `${TARGET.schema}_${custom.trim()}` : TARGET.schema;
  }

  /** Folder-level configs from dbt_project.yml (`models: <project>: staging: +materialized: view`). */
  folderConfig(section: 'models' | 'seeds', folders: readonly string[]): Record<string, unknown> {
    const resolved: Record<string, unknown> = {};
    let level = ((this.project.config[section] ?? {}) as Record<string, unknown>)[
      this.project.name
    ];
    const apply = (value: unknown) => {
      if (typeof value !== 'object' || value === null) return;
      for (const [key, setting] of Object.entries(value))
        if (key.startsWith('+')) resolved[key.slice(1)] = this.renderValue(setting);
    };
    apply(level);
    for (const folder of folders) {
      level =
        typeof level === 'object' && level !== null
          ? (level as Record<string, unknown>)[folder]
          : undefined;
      apply(level);
    }
    return resolved;
  }

  /** A YAML value with Jinja in it ("{{ target.name != 'prod' }}"), rendered as dbt renders it. */
  renderValue(value: unknown): unknown {
    if (typeof value !== 'string' || !value.includes('{{')) return value;
    const rendered = this.jinja.render(value).trim();
    if (/^(true|false)$/i.test(rendered)) return rendered.toLowerCase() === 'true';
    return rendered;
  }

  sourceRelation(sourceName: string, tableName: string): Relation | undefined {
    const table = this.project.sources.get(`${sourceName}.${tableName}`);
    if (!table) return undefined;
    return { schema: String(this.renderValue(table.schema)), name: table.identifier };
  }

  /**
   * Renders a model. `resolve` turns a ref into SQL text (a relation, or an inline fixture in unit
   * tests); refs and sources are recorded either way.
   */
  render(
    node: ModelNode,
    options: {
      isIncremental?: boolean;
      relation: Relation;
      refText?: (name: string) => string | undefined;
      sourceText?: (source: string, table: string) => string | undefined;
    },
  ): Omit<CompiledModel, 'materialized' | 'relation'> {
    const refs: string[] = [];
    const sources: string[] = [];
    const config: Record<string, unknown> = {};
    const configFunction = Object.assign(
      (...args: unknown[]) => {
        const { positional, keywords } = splitArguments(args);
        const first = positional[0];
        Object.assign(config, typeof first === 'object' && first !== null ? first : {}, keywords);
        return '';
      },
      { get: (name: unknown, fallback?: unknown) => config[String(name)] ?? fallback ?? null },
    );
    const scope: RenderScope = {
      ref: (...args: unknown[]) => {
        const positional = splitArguments(args).positional.map(String);
        const name = positional[positional.length - 1] ?? '';
        refs.push(name);
        return options.refText?.(name) ?? `"__missing__"."${name}"`;
      },
      source: (...args: unknown[]) => {
        const [sourceName = '', tableName = ''] = splitArguments(args).positional.map(String);
        sources.push(`${sourceName}.${tableName}`);
        return options.sourceText?.(sourceName, tableName) ?? `"__missing__"."${tableName}"`;
      },
      config: configFunction,
      this: {
        ...options.relation,
        identifier: options.relation.name,
        toString: () => quoteRelation(options.relation),
      },
      is_incremental: () => options.isIncremental === true,
      model: { name: node.name, resource_type: 'model', path: node.path },
    };
    const sql = this.jinja.render(node.sql, scope);
    return { node, sql, refs, sources, config };
  }
}

export function renderProblem(path: string, error: unknown, what: string): DomainProblem {
  if (error instanceof RenderError)
    return {
      path,
      ...(error.line !== undefined ? { line: error.line } : {}),
      message: `${what}: ${error.message}`,
    };
  return { path, message: `${what}: ${error instanceof Error ? error.message : String(error)}` };
}
