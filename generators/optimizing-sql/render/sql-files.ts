import { WAREHOUSE_TITLES } from '../../shared/sql-dialect.js';
import { lines } from '../../shared/text.js';
import type { SqlPlan } from '../plan.js';
import { WORKLOAD_TITLES } from '../plan.js';

/** sql/indexes.sql, sql/queries.sql, sql/maintenance.sql and the before/after query files. */

const RULE = '-- ---------------------------------------------------------------------------';

function comment(text: string): string {
  return `-- ${text}`;
}

export function renderIndexes(plan: SqlPlan): string {
  const { model, design } = plan;
  const engine = WAREHOUSE_TITLES[model.sql.engine];
  return lines(
    comment(
      `${model.title}: physical design for ${engine}, ${WORKLOAD_TITLES[model.sql.workload]}.`,
    ),
    comment(
      `Techniques: ${model.sql.techniques.join(', ') || 'indexes'}. Each block says which query of sql/queries.sql it serves and why.`,
    ),
    comment(
      'Apply with `make sql-indexes` (runs this file statement by statement); every statement is idempotent.',
    ),
    comment(
      'Blocks marked "baseline" are kept whatever the techniques: the rest of the design relies on them.',
    ),
    '--',
    design.persistence.map((paragraph) => wrapComment(paragraph)),
    design.items.map((item) => [
      '',
      RULE,
      comment(`${item.id} (${item.technique}) on ${item.table}`),
      comment(
        `Serves: ${item.serves.length > 0 ? item.serves.join(', ') : 'the joins and lookups on this table'}`,
      ),
      wrapComment(item.why.join(' ')),
      RULE,
      item.statements,
    ]),
  );
}

export function renderQueries(plan: SqlPlan): string {
  const { model, workload, design } = plan;
  return lines(
    comment(
      `${model.title}: the optimized queries of the ${WORKLOAD_TITLES[model.sql.workload]} workload, in ${WAREHOUSE_TITLES[model.sql.engine]} SQL.`,
    ),
    comment(
      'Each query starts with a `-- name:` marker; `make explain` captures the plan of each into sql/explain/plans/.',
    ),
    comment('Literal keys are sample values from the seeds: applications bind them as parameters.'),
    workload.queries.map((query) => {
      const servedBy = design.items
        .filter((item) => item.serves.includes(query.name))
        .map((item) => item.id);
      return [
        '',
        `-- name: ${query.name}`,
        comment(query.question),
        comment(
          `Served by: ${servedBy.length > 0 ? servedBy.join(', ') : 'scans only (see sql/explain/' + query.name + '.md)'}`,
        ),
        query.notes.map((note) => wrapComment(`Why: ${note}`)),
        `${query.sql};`,
      ];
    }),
  );
}

export function renderMaintenance(plan: SqlPlan): string {
  const { model, design } = plan;
  return lines(
    comment(
      `${model.title}: maintenance for ${WAREHOUSE_TITLES[model.sql.engine]}, so the design of indexes.sql keeps paying off.`,
    ),
    comment(
      'Run all of it with `make sql-maintenance`, or the steps on their own schedule (each says when).',
    ),
    design.maintenance.map((step) => [
      '',
      RULE,
      comment(step.title),
      comment(`When: ${step.schedule}`),
      wrapComment(step.why.join(' ')),
      RULE,
      step.statements,
    ]),
  );
}

export function renderSlowQueryFile(plan: SqlPlan, which: 'before' | 'after'): string {
  const { slowQuery } = plan;
  return lines(
    comment(
      `${which === 'before' ? 'Before' : 'After'}: ${slowQuery.title} (see sql/before-after.md).`,
    ),
    comment('`make explain` captures its plan next to the optimized queries.'),
    `${which === 'before' ? slowQuery.before : slowQuery.after};`,
  );
}

/** Wraps a long comment paragraph at about 100 columns. */
export function wrapComment(text: string, width = 100): string[] {
  const words = text.split(/\s+/);
  const out: string[] = [];
  let line = '--';
  for (const word of words) {
    if (line.length + word.length + 1 > width && line !== '--') {
      out.push(line);
      line = `-- ${word}`;
    } else {
      line = `${line} ${word}`;
    }
  }
  if (line !== '--') out.push(line);
  return out;
}
