import type { DomainProblem } from '../types.js';
import { Compiler, renderProblem, type CompiledModel } from './compile.js';
import { buildOrder } from './graph.js';
import type { DbtProject } from './project.js';
import { asText } from './sql-text.js';

export interface CompiledProject {
  compiler: Compiler;
  models: Map<string, CompiledModel>;
  /** Singular data tests, rendered like models (their refs are checked too). */
  singularTests: Omit<CompiledModel, 'materialized' | 'relation'>[];
  order: string[];
}

/** Rendering and the DAG: problems here mean the project would not compile. */
export function compileProject(
  project: DbtProject,
  vars: Record<string, unknown>,
  problems: DomainProblem[],
): CompiledProject | undefined {
  const before = problems.length;
  const compiler = new Compiler(project, { vars }, problems);
  const models = new Map<string, CompiledModel>();
  for (const node of project.models.values()) {
    const folderConfig = compiler.folderConfig('models', node.folders);
    try {
      const provisional = { schema: 'pending', name: node.name };
      const rendered = compiler.render(node, {
        relation: provisional,
        refText: (name) => `"__ref__"."${name}"`,
        sourceText: (source, table) => `"__source__"."${source}.${table}"`,
      });
      const config = { ...folderConfig, ...(node.properties?.config ?? {}), ...rendered.config };
      const schema = compiler.schemaFor(config.schema, { name: node.name, resource_type: 'model' });
      models.set(node.name, {
        ...rendered,
        config,
        materialized: asText(config.materialized ?? 'view'),
        relation: { schema, name: asText(config.alias ?? node.name) },
      });
    } catch (error) {
      problems.push(renderProblem(node.path, error, `${node.name} does not compile`));
    }
  }
  const singularTests: CompiledProject['singularTests'] = [];
  for (const test of project.singularTests) {
    try {
      singularTests.push(
        compiler.render(test, {
          relation: { schema: 'dbt_test__audit', name: test.name },
          refText: (name) => `"__ref__"."${name}"`,
          sourceText: (source, table) => `"__source__"."${source}.${table}"`,
        }),
      );
    } catch (error) {
      problems.push(renderProblem(test.path, error, `singular test ${test.name} does not compile`));
    }
  }
  for (const compiled of [...models.values(), ...singularTests]) {
    for (const ref of compiled.refs) {
      if (!project.models.has(ref) && !project.seeds.has(ref)) {
        problems.push({
          path: compiled.node.path,
          message: `ref('${ref}') names no model or seed of this project`,
        });
      }
    }
    for (const source of compiled.sources) {
      if (!project.sources.has(source)) {
        const [sourceName, table] = source.split('.');
        problems.push({
          path: compiled.node.path,
          message: `source('${sourceName ?? ''}', '${table ?? ''}') is not declared in any sources: block`,
        });
      }
    }
  }
  const dependencies = new Map(
    [...models.values()].map((compiled) => [
      compiled.node.name,
      compiled.refs.filter((ref) => models.has(ref)),
    ]),
  );
  const { order, problems: cycles } = buildOrder(
    dependencies,
    (name) => project.models.get(name)?.path ?? name,
  );
  problems.push(...cycles);
  for (const test of project.unitTests) {
    if (!project.models.has(test.model))
      problems.push({
        path: test.path,
        line: test.line,
        message: `unit test ${test.name} names model "${test.model}", which does not exist`,
      });
  }
  if (project.hasPackages) {
    // The validator installs no packages: say so where a package macro is the likely cause.
    for (const problem of problems.slice(before)) {
      if (/Unable to call|undefined/.test(problem.message)) {
        problem.message +=
          ' (the project declares dbt packages, which the validator does not install)';
      }
    }
  }
  return problems.length > before ? undefined : { compiler, models, singularTests, order };
}
