import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DomainProblem } from '../types.js';
import { quoteRelation, type CompiledModel, type Relation } from './compile.js';
import { dataTestSql, parseRelationReference, testName } from './data-tests.js';
import type { ColumnSpec, DataTestSpec, DbtProject, ModelNode, NodeProperties } from './project.js';
import { runUnitTests } from './unit-tests.js';
import { asText, baseType, quoteIdentifier } from './sql-text.js';
import { Warehouse } from './warehouse.js';
import type { CompiledProject } from './compile-project.js';

/**
 * `dbt seed && dbt build` on an in-memory DuckDB: seeds are loaded with their column types,
 * models materialized in DAG order (views and ephemeral models are created as views, then kept as
 * tables), contracts checked the way dbt
 * checks them, generic tests run as SQL that must return no rows, unit tests compared row by row.
 * Then every incremental model runs once more as an incremental run (is_incremental() true) and
 * the tests run again: a lookback window that re-inserts rows fails `unique` there.
 */

const DUCKDB_STRATEGIES = new Set(['append', 'merge', 'delete+insert', 'microbatch']);

export async function buildProject(
  project: DbtProject,
  compiled: CompiledProject,
  problems: DomainProblem[],
): Promise<void> {
  const warehouse = await Warehouse.open();
  const scratch = await mkdtemp(join(tmpdir(), 'skillchain-dbt-'));
  try {
    const run = new ProjectRun(project, compiled, warehouse, problems);
    await run.seed(scratch);
    const built = await run.buildModels();
    if (!built) return;
    await run.dataTests('');
    await run.singularTests();
    await runUnitTests(project, compiled, warehouse, problems, (name) => run.relationText(name));
    const changed = await run.incrementalRun();
    if (changed.size > 0) await run.refreshViews(changed);
    if (changed.size > 0)
      await run.dataTests(' (after an incremental run)', run.downstreamOf(changed));
  } finally {
    warehouse.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

class ProjectRun {
  private readonly relations = new Map<string, Relation>();
  /** The SQL of view and ephemeral models, kept as tables: refreshed when what they read changes. */
  private readonly viewSql = new Map<string, string>();
  private readonly schemas = new Set<string>();

  constructor(
    private readonly project: DbtProject,
    private readonly compiled: CompiledProject,
    private readonly warehouse: Warehouse,
    private readonly problems: DomainProblem[],
  ) {}

  relationText(name: string): string | undefined {
    const relation = this.relations.get(name);
    return relation ? quoteRelation(relation) : undefined;
  }

  private async ensureSchema(schema: string): Promise<void> {
    if (this.schemas.has(schema)) return;
    await this.warehouse.run(`create schema if not exists ${quoteIdentifier(schema)}`);
    this.schemas.add(schema);
  }

  private fail(path: string, message: string, line?: number): void {
    this.problems.push({ path, ...(line !== undefined ? { line } : {}), message });
  }

  async seed(scratch: string): Promise<void> {
    const { compiler } = this.compiled;
    for (const seed of this.project.seeds.values()) {
      const config = { ...compiler.folderConfig('seeds', []), ...(seed.properties?.config ?? {}) };
      if (config.enabled === false) continue;
      const schema = compiler.schemaFor(config.schema, { name: seed.name, resource_type: 'seed' });
      const relation = { schema, name: seed.name };
      await this.ensureSchema(schema);
      const file = join(scratch, `${seed.name}.csv`);
      await writeFile(file, seed.csv);
      const columnTypes = (config.column_types ?? {}) as Record<string, string>;
      const header = (seed.csv.split(/\r?\n/, 1)[0] ?? '')
        .split(',')
        .map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
      const struct = (entries: [string, string][]) =>
        `{${entries.map(([column, type]) => `'${column.replaceAll("'", "''")}': '${type.replaceAll("'", "''")}'`).join(', ')}}`;
      // With a type for every column there is nothing to sniff; otherwise DuckDB infers the rest, as agate does for dbt.
      const isFullyTyped = header.length > 0 && header.every((name) => name in columnTypes);
      const options = isFullyTyped
        ? `header = true, auto_detect = false, columns = ${struct(header.map((name) => [name, columnTypes[name] ?? 'varchar']))}`
        : `header = true, auto_detect = true${Object.keys(columnTypes).length > 0 ? `, types = ${struct(Object.entries(columnTypes))}` : ''}`;
      try {
        await this.warehouse.run(
          `create table ${quoteRelation(relation)} as select * from read_csv('${file.replaceAll("'", "''")}', ${options})`,
        );
        this.relations.set(seed.name, relation);
      } catch (error) {
        this.fail(seed.path, `seed ${seed.name} does not load: ${message(error)}`);
      }
    }
  }

  private sourceText = (sourceName: string, table: string): string | undefined => {
    const relation = this.compiled.compiler.sourceRelation(sourceName, table);
    return relation ? quoteRelation(relation) : undefined;
  };

  async buildModels(): Promise<boolean> {
    let isComplete = true;
    for (const name of this.compiled.order) {
      const model = this.compiled.models.get(name);
      if (!model) continue;
      const missing = model.refs.filter((ref) => !this.relations.has(ref));
      if (missing.length > 0) {
        this.fail(model.node.path, `${name} skipped: ${missing.join(', ')} did not build`);
        isComplete = false;
        continue;
      }
      try {
        const rendered = this.compiled.compiler.render(model.node, {
          relation: model.relation,
          refText: (ref) => this.relationText(ref),
          sourceText: this.sourceText,
        });
        await this.ensureSchema(model.relation.schema);
        await this.materialize(model, rendered.sql);
        this.relations.set(name, model.relation);
      } catch (error) {
        this.fail(model.node.path, `${name} does not build on DuckDB: ${message(error)}`);
        isComplete = false;
      }
    }
    return isComplete;
  }

  private async materialize(model: CompiledModel, sql: string): Promise<void> {
    const target = quoteRelation(model.relation);
    const properties = model.node.properties;
    const contract = (model.config.contract ?? {}) as { enforced?: boolean };
    if (contract.enforced === true) await this.checkContract(model, sql, properties);
    switch (model.materialized) {
      case 'view':
      case 'ephemeral':
        // Created as a view first, so the view's own DDL is checked; then kept as a table, because
        // the tests read every staging view many times and the data under it does not change
        // (views downstream of incremental models are refreshed after the incremental run).
        await this.warehouse.run(`create or replace view ${target} as (\n${sql}\n)`);
        await this.warehouse.run(`drop view ${target}`);
        await this.warehouse.run(`create table ${target} as (\n${sql}\n)`);
        this.viewSql.set(model.node.name, sql);
        return;
      case 'table':
      case 'incremental': {
        if (model.materialized === 'incremental') this.checkStrategy(model);
        if (contract.enforced === true && properties) {
          const columns = properties.columns
            .map((column) => this.columnDefinition(column))
            .join(', ');
          await this.warehouse.run(`create or replace table ${target} (${columns})`);
          const names = properties.columns.map((column) => quoteIdentifier(column.name)).join(', ');
          await this.warehouse.run(
            `insert into ${target} (${names}) select ${names} from (\n${sql}\n) as model_output`,
          );
        } else {
          await this.warehouse.run(`create or replace table ${target} as (\n${sql}\n)`);
        }
        return;
      }
      default:
        throw new Error(
          `materialized='${model.materialized}' is not a materialization dbt-duckdb builds here (view, table, incremental, ephemeral)`,
        );
    }
  }

  private declaredType(column: ColumnSpec): string {
    const rendered = String(this.compiled.compiler.renderValue(column.dataType ?? ''));
    // dbt's type aliasing (alias_types, on by default): `string` is the adapter's text type.
    return rendered.toLowerCase() === 'string' ? 'text' : rendered;
  }

  private columnDefinition(column: ColumnSpec): string {
    const constraints = column.constraints.flatMap((constraint) => {
      switch (constraint.type) {
        case 'not_null':
          return ['not null'];
        case 'unique':
          return ['unique'];
        case 'primary_key':
          return ['primary key'];
        case 'check':
          return constraint.expression ? [`check (${constraint.expression})`] : [];
        default:
          return [];
      }
    });
    return [quoteIdentifier(column.name), this.declaredType(column), ...constraints].join(' ');
  }

  /** dbt's contract check: same column names, and each type the declared type casts to. */
  private async checkContract(
    model: CompiledModel,
    sql: string,
    properties: NodeProperties | undefined,
  ): Promise<void> {
    if (!properties || properties.columns.length === 0)
      throw new Error('contract enforced but no columns are declared');
    const untyped = properties.columns
      .filter((column) => !column.dataType)
      .map((column) => column.name);
    if (untyped.length > 0)
      throw new Error(
        `contract enforced but these columns have no data_type: ${untyped.join(', ')}`,
      );
    const actual = await this.warehouse.columns(sql);
    const declared = await this.warehouse.columns(
      `select ${properties.columns.map((column) => `cast(null as ${this.declaredType(column)}) as ${quoteIdentifier(column.name)}`).join(', ')}`,
    );
    const actualByName = new Map(actual.map((column) => [column.name.toLowerCase(), column.type]));
    const declaredNames = new Set(declared.map((column) => column.name.toLowerCase()));
    const differences: string[] = [];
    for (const column of declared) {
      const type = actualByName.get(column.name.toLowerCase());
      if (type === undefined)
        differences.push(`${column.name} is declared but the SQL does not return it`);
      else if (baseType(type) !== baseType(column.type))
        differences.push(`${column.name} is ${type} in the SQL but ${column.type} in the contract`);
    }
    for (const column of actual)
      if (!declaredNames.has(column.name.toLowerCase()))
        differences.push(`${column.name} is returned by the SQL but not declared`);
    if (differences.length > 0) throw new Error(`contract violated: ${differences.join('; ')}`);
  }

  private checkStrategy(model: CompiledModel): void {
    const configured = model.config.incremental_strategy;
    if (configured === undefined || configured === null) return;
    const strategy = asText(configured);
    if (!DUCKDB_STRATEGIES.has(strategy)) {
      throw new Error(
        `incremental_strategy '${strategy}' is not supported by dbt-duckdb (append, merge, delete+insert, microbatch)`,
      );
    }
    if ((strategy === 'merge' || strategy === 'delete+insert') && !model.config.unique_key) {
      throw new Error(`incremental_strategy '${strategy}' needs a unique_key`);
    }
  }

  /**
   * Every generic test of models, seeds and sources, as one query (one count per test) so DuckDB
   * plans them together; when that query fails, each test runs alone to name the broken one.
   */
  async dataTests(when: string, only?: ReadonlySet<string>): Promise<void> {
    const targets: { node: string; relation: string | undefined; properties: NodeProperties }[] =
      [];
    for (const model of this.project.models.values())
      if (model.properties)
        targets.push({
          node: model.name,
          relation: this.relationText(model.name),
          properties: model.properties,
        });
    for (const seed of this.project.seeds.values())
      if (seed.properties)
        targets.push({
          node: seed.name,
          relation: this.relationText(seed.name),
          properties: seed.properties,
        });
    for (const table of this.project.sources.values()) {
      if (
        table.properties.tests.length === 0 &&
        table.properties.columns.every((column) => column.tests.length === 0)
      )
        continue;
      targets.push({
        node: `source_${table.source}_${table.name}`,
        relation: this.sourceText(table.source, table.name),
        properties: table.properties,
      });
    }
    const runnable: {
      name: string;
      sql: string;
      test: DataTestSpec;
      properties: NodeProperties;
      line: number;
    }[] = [];
    for (const target of targets) {
      if (!target.relation || (only && !only.has(target.node))) continue;
      const tests: { test: DataTestSpec; column?: string; line: number }[] = [
        ...target.properties.tests.map((test) => ({ test, line: target.properties.line })),
        ...target.properties.columns.flatMap((column) =>
          column.tests.map((test) => ({
            test,
            column: column.name,
            line: column.line ?? target.properties.line,
          })),
        ),
      ];
      for (const { test, column, line } of tests) {
        const name = testName(test, target.node, column);
        const compiledTest = dataTestSql(
          test,
          { relation: target.relation, ...(column ? { column } : {}) },
          (reference) => this.resolveReference(reference),
        );
        if ('error' in compiledTest)
          this.fail(target.properties.path, `${name}: ${compiledTest.error}`, line);
        else
          runnable.push({ name, sql: compiledTest.sql, test, properties: target.properties, line });
      }
    }
    if (runnable.length === 0) return;
    let counts: number[];
    try {
      const rows = await this.warehouse.rows(
        runnable
          .map(
            (entry, index) =>
              `select ${index} as test_index, count(*) as failures from (\n${entry.sql}\n) as test_rows`,
          )
          .join('\nunion all\n'),
      );
      counts = runnable.map(() => 0);
      for (const row of rows) counts[Number(row.test_index)] = Number(row.failures);
    } catch {
      counts = [];
      for (const entry of runnable) {
        try {
          const [row] = await this.warehouse.rows(
            `select count(*) as failures from (\n${entry.sql}\n) as test_rows`,
          );
          counts.push(Number(row?.failures ?? 0));
        } catch (error) {
          counts.push(0);
          this.fail(
            entry.properties.path,
            `${entry.name} does not run${when}: ${message(error)}`,
            entry.line,
          );
        }
      }
    }
    runnable.forEach((entry, index) => {
      const failures = counts[index] ?? 0;
      if (failures > 0 && entry.test.config.severity !== 'warn') {
        this.fail(
          entry.properties.path,
          `${entry.name} failed${when}: ${failures} failing row${failures === 1 ? '' : 's'}`,
          entry.line,
        );
      }
    });
  }

  /** Singular data tests (tests/*.sql): each must return no rows. */
  async singularTests(): Promise<void> {
    for (const test of this.compiled.singularTests) {
      try {
        const rendered = this.compiled.compiler.render(test.node, {
          relation: { schema: 'dbt_test__audit', name: test.node.name },
          refText: (ref) => this.relationText(ref),
          sourceText: this.sourceText,
        });
        const [row] = await this.warehouse.rows(
          `select count(*) as failures from (\n${rendered.sql}\n) as test_rows`,
        );
        const failures = Number(row?.failures ?? 0);
        if (failures > 0 && rendered.config.severity !== 'warn') {
          this.fail(
            test.node.path,
            `${test.node.name} failed: ${failures} failing row${failures === 1 ? '' : 's'}`,
          );
        }
      } catch (error) {
        this.fail(test.node.path, `${test.node.name} does not run: ${message(error)}`);
      }
    }
  }

  private resolveReference(reference: string): string | undefined {
    const parsed = parseRelationReference(reference);
    if (!parsed) return undefined;
    return parsed.kind === 'ref'
      ? this.relationText(parsed.name)
      : this.sourceText(parsed.source, parsed.table);
  }

  /** Rebuilds the view models (kept as tables) downstream of `changed`, in build order. */
  async refreshViews(changed: ReadonlySet<string>): Promise<void> {
    for (const name of this.compiled.order) {
      const sql = this.viewSql.get(name);
      const model = this.compiled.models.get(name);
      if (sql === undefined || !model || changed.has(name) || !this.downstreamOf(changed).has(name))
        continue;
      await this.warehouse.run(
        `create or replace table ${quoteRelation(model.relation)} as (\n${sql}\n)`,
      );
    }
  }

  /** The models whose data can change when `changed` change: themselves and every model after them. */
  downstreamOf(changed: ReadonlySet<string>): Set<string> {
    const affected = new Set(changed);
    for (const name of this.compiled.order) {
      const model = this.compiled.models.get(name);
      if (model?.refs.some((ref) => affected.has(ref))) affected.add(name);
    }
    return affected;
  }

  /** A second run of every incremental model with is_incremental() true, applying its strategy. */
  async incrementalRun(): Promise<Set<string>> {
    const changed = new Set<string>();
    for (const name of this.compiled.order) {
      const model = this.compiled.models.get(name);
      if (model?.materialized !== 'incremental') continue;
      changed.add(name);
      const target = quoteRelation(model.relation);
      try {
        const rendered = this.compiled.compiler.render(model.node, {
          isIncremental: true,
          relation: model.relation,
          refText: (ref) => this.relationText(ref),
          sourceText: this.sourceText,
        });
        const keys = [model.config.unique_key]
          .flat()
          .filter((key): key is string => typeof key === 'string');
        const strategy = asText(
          model.config.incremental_strategy ?? (keys.length > 0 ? 'delete+insert' : 'append'),
        );
        await this.warehouse.run(
          `create or replace temporary table dbt_incremental_batch as (\n${rendered.sql}\n)`,
        );
        if (strategy !== 'append' && keys.length > 0) {
          const tuple = keys.map(quoteIdentifier).join(', ');
          await this.warehouse.run(
            `delete from ${target} where (${tuple}) in (select ${tuple} from dbt_incremental_batch)`,
          );
        }
        await this.warehouse.run(
          `insert into ${target} by name select * from dbt_incremental_batch`,
        );
      } catch (error) {
        this.fail(
          model.node.path,
          `${name} fails on an incremental run (is_incremental() true): ${message(error)}`,
        );
      }
    }
    return changed;
  }
}

export function message(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n').slice(0, 3).join(' ').trim();
}

export type { ModelNode };
