import { WAREHOUSE_TITLES } from '../shared/sql-dialect.js';
import { lines } from '../shared/text.js';
import { WAREHOUSE_CLIENT_REQUIREMENTS } from '../shared/warehouse-python-client.js';
import type { Contributions, FileSpec, GeneratorDefinition, ProjectModel } from '../types.js';
import { captureDuckdbPlans } from './capture-plans.js';
import { sqlPlan, WORKLOAD_TITLES } from './plan.js';
import { renderBeforeAfter, renderExplain, renderSqlReadme } from './render/docs.js';
import {
  renderIndexes,
  renderMaintenance,
  renderQueries,
  renderSlowQueryFile,
} from './render/sql-files.js';
import { renderApplyScript, renderCaptureScript, renderEngineModule } from './render/tools.js';

/**
 * optimizing-sql: the physical design (indexes, clustering, partitioning, materialized views) of
 * the engine for the workload, the optimized queries over the marts, how to capture and read
 * their plans, a before/after of the slow query, and the maintenance that keeps it all working.
 */
export const optimizingSqlGenerator: GeneratorDefinition = {
  name: 'optimizing-sql',
  description:
    'Indexes or clustering for the workload, optimized queries, EXPLAIN plans, before/after and maintenance',
  files(model) {
    const plan = sqlPlan(model);
    const engine = model.sql.engine;
    // DuckDB runs in-process, so its plans are captured now; the other engines need the real
    // database (`make explain`).
    const captured = async () => (engine === 'duckdb' ? captureDuckdbPlans(plan) : undefined);
    const files: FileSpec[] = [
      { path: 'sql/README.md', kind: 'text', render: () => renderSqlReadme(plan) },
      { path: 'sql/indexes.sql', kind: 'text', render: () => renderIndexes(plan) },
      { path: 'sql/queries.sql', kind: 'text', render: () => renderQueries(plan) },
      { path: 'sql/maintenance.sql', kind: 'text', render: () => renderMaintenance(plan) },
      {
        path: 'sql/before-after.md',
        kind: 'text',
        render: async () => renderBeforeAfter(plan, await captured()),
      },
      {
        path: 'sql/explain/slow_query_before.sql',
        kind: 'text',
        render: () => renderSlowQueryFile(plan, 'before'),
      },
      {
        path: 'sql/explain/slow_query_after.sql',
        kind: 'text',
        render: () => renderSlowQueryFile(plan, 'after'),
      },
      ...plan.workload.queries.map((query): FileSpec => ({
        path: `sql/explain/${query.name}.md`,
        kind: 'text',
        render: async () => renderExplain(plan, query, await captured()),
      })),
      { path: 'sql/engine.py', kind: 'text', render: () => renderEngineModule(engine) },
      {
        path: 'sql/apply.py',
        kind: 'text',
        render: () => renderApplyScript(engine),
        isExecutable: true,
      },
      {
        path: 'sql/explain/capture_plans.py',
        kind: 'text',
        render: () => renderCaptureScript(engine),
        isExecutable: true,
      },
    ];
    return files;
  },
  contributions: sqlContributions,
};

function sqlContributions(model: ProjectModel): Contributions {
  const engine = WAREHOUSE_TITLES[model.sql.engine];
  const requirement = WAREHOUSE_CLIENT_REQUIREMENTS[model.sql.engine];
  return {
    makeTargets: [
      {
        name: 'sql-indexes',
        help: `Apply sql/indexes.sql to ${engine} (idempotent)`,
        commands: ['python sql/apply.py sql/indexes.sql'],
      },
      {
        name: 'sql-maintenance',
        help: `Run sql/maintenance.sql on ${engine} (statistics, vacuum, refreshes)`,
        commands: ['python sql/apply.py sql/maintenance.sql'],
      },
      {
        name: 'explain',
        help: 'Capture the plans of sql/queries.sql into sql/explain/plans/',
        commands: ['python sql/explain/capture_plans.py'],
      },
    ],
    keyFiles: [
      {
        path: 'sql/README.md',
        description: `index and layout strategy for ${engine}, how to capture and read plans`,
      },
      {
        path: 'sql/indexes.sql',
        description:
          'indexes, clustering, partitioning and materialized views, each with the query it serves',
      },
      {
        path: 'sql/queries.sql',
        description: `the optimized ${WORKLOAD_TITLES[model.sql.workload]} queries`,
      },
      {
        path: 'sql/before-after.md',
        description: 'the slow query before and after, with the reasoning per change',
      },
    ],
    nextSteps: [
      { title: `Apply the physical design to ${engine}`, command: 'make sql-indexes' },
      { title: 'Capture the query plans (commit them with the change)', command: 'make explain' },
    ],
    pythonRequirements: requirement ? [requirement] : [],
    readmeSections: [
      {
        title: 'SQL optimization',
        body: lines(
          `The marts are tuned for a ${WORKLOAD_TITLES[model.sql.workload]} workload on ${engine}: \`sql/indexes.sql\` holds the physical design, \`sql/queries.sql\` the optimized queries and \`sql/explain/\` how to capture and read their plans (\`make explain\`). See [sql/README.md](sql/README.md).`,
        ).trimEnd(),
      },
    ],
    runbook: [
      {
        title: 'A dashboard query got slow',
        body: lines(
          '1. Capture its plan: `make explain` (or run the EXPLAIN statement of `sql/explain/<query>.md`).',
          '2. Compare with the committed plan in `sql/explain/plans/`: a scan that now reads far more rows,',
          '   partitions or bytes than before points at the layout; estimates far from actuals point at statistics.',
          '3. Refresh statistics and re-apply the design (dbt rebuilds can drop indexes): `make sql-maintenance && make sql-indexes`.',
          '4. Capture again and confirm the plan matches the "plan to expect" of the query\'s page.',
        ).trimEnd(),
      },
    ],
  };
}
