import { formatAnswer } from '../engine/answers/parse.js';
import type { AnswerMap } from '../engine/answers/types.js';
import { describeReason } from '../engine/chain/plan-chain.js';
import { describeEstimate, type ChainEstimate } from '../engine/chain/estimate.js';
import { countChanges, type ChangeSet } from '../engine/stage/change-set.js';
import type { ProjectSummary } from '../engine/summary.js';
import type { ValidationReport } from '../engine/validate/validate-project.js';
import type { WorkflowState } from '../engine/workflow/state.js';
import { plural, type Output } from './output.js';

/** Plain-line renderings of each stage, shared by `skillchain GOAL` and `skillchain update`. */

export function printChain(out: Output, state: WorkflowState, estimate: ChainEstimate): void {
  const links = state.chain.filter((entry) => entry.isIncluded);
  out.line(
    out.bold(`Chain: ${links.length} skill${links.length === 1 ? '' : 's'}`) +
      out.dim(` · ${describeEstimate(estimate)}`),
  );
  links.forEach((entry, index) => {
    const reason =
      entry.reason.kind === 'none' || entry.reason.kind === 'added'
        ? 'selected'
        : describeReason(entry.reason);
    out.line(
      `  ${index + 1}. ${entry.skill.padEnd(24)} score ${String(entry.score).padStart(2)}  ${out.dim(reason)}`,
    );
  });
}

export function printAnswers(out: Output, answers: AnswerMap): void {
  const applicable = [...answers.values()].filter((answer) => answer.isApplicable);
  const counts = new Map<string, number>();
  for (const answer of applicable)
    counts.set(answer.provenance, (counts.get(answer.provenance) ?? 0) + 1);
  out.line(
    out.bold(`Answers: ${applicable.length}`) +
      out.dim(
        ` (${[...counts].map(([provenance, count]) => `${count} ${provenance}`).join(', ')})`,
      ),
  );
  for (const answer of applicable) {
    if (answer.provenance === 'default' && !answer.reason) continue;
    out.line(
      `  ${answer.key} = ${formatAnswer(answer.value)}  ${out.dim(`(${answer.provenance}${answer.reason ? `: ${answer.reason}` : ''})`)}`,
    );
  }
}

export function printDecisions(out: Output, state: WorkflowState): void {
  if (state.decisions.length === 0) {
    out.line(`${out.bold('Conflicts:')} none`);
    return;
  }
  out.line(out.bold(`Conflicts: ${state.decisions.length}`));
  for (const decision of state.decisions) {
    out.line(`  ${out.yellow('!')} ${decision.message}`);
    out.line(
      `    → ${decision.label}${decision.isAutomatic ? out.dim(' (recommended; --strict fails instead)') : ''}`,
    );
  }
}

export function printChanges(
  out: Output,
  changeSet: ChangeSet,
  accepted: ReadonlySet<string>,
): void {
  const counts = countChanges(changeSet.changes);
  const parts = Object.entries(counts.byStatus)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  out.line(
    out.bold(`Changes in ${changeSet.outDir}: ${plural(counts.total, 'file')}`) +
      out.dim(` (${parts.join(', ')})`),
  );
  for (const change of changeSet.changes) {
    if (change.status === 'create' || change.status === 'identical' || change.status === 'update')
      continue;
    const decision = accepted.has(change.path)
      ? change.status === 'obsolete'
        ? 'will remove'
        : 'will write'
      : 'kept as is';
    out.line(
      `  ${change.status.padEnd(16)} ${change.path}  ${out.dim(`${change.note}; ${decision}`)}`,
    );
  }
}

export function printValidation(out: Output, report: ValidationReport): void {
  const { completeness } = report;
  const failedChecks = report.checks.filter((check) => check.status === 'failed');
  const notRun = report.checks.filter((check) => check.status === 'not-run');
  const verdict = report.passes ? out.green('PASS') : out.red('FAIL');
  out.line(
    `${out.bold('Validation:')} ${completeness.percent}% complete (${completeness.fulfilled}/${completeness.required} deliverables, bar ${completeness.threshold}%) · ` +
      `${report.checks.length - failedChecks.length - notRun.length}/${report.checks.length} checks passed · ${verdict}`,
  );
  for (const deliverable of report.deliverables) {
    if (deliverable.status === 'fulfilled' || deliverable.status === 'skipped') continue;
    out.line(
      `  ${out.red(deliverable.status.padEnd(10))} ${deliverable.name} (${deliverable.skill}): ${deliverable.reason}`,
    );
    for (const check of deliverable.failedChecks)
      out.line(`      ${check.description}: /${check.pattern}/ not in ${check.files.join(', ')}`);
  }
  for (const output of report.outputs) {
    if (output.status === 'present') continue;
    out.line(
      `  ${out.red(output.status.padEnd(10))} ${output.path} (${output.skill} output)${output.failedPatterns.length > 0 ? `: missing /${output.failedPatterns.join('/, /')}/` : ''}`,
    );
  }
  for (const check of [...failedChecks, ...notRun]) {
    out.line(
      `  ${out.red(check.status.padEnd(10))} ${check.title}${check.reason ? `: ${check.reason}` : ''}`,
    );
    for (const problem of check.problems.slice(0, 5)) {
      out.line(
        `      ${problem.path ? `${problem.path}${problem.line ? `:${problem.line}` : ''}: ` : ''}${problem.message}`,
      );
    }
    if (check.problems.length > 5) out.line(`      … ${check.problems.length - 5} more`);
  }
}

export function printSummary(out: Output, summary: ProjectSummary, outDir: string): void {
  out.line(
    out.bold(
      `Generated ${plural(summary.fileCount, 'file')} in ${plural(summary.folderCount, 'folder')} across ${plural(summary.skillCount, 'skill')}.`,
    ),
  );
  out.line();
  out.line(out.bold('Key files'));
  for (const file of summary.keyFiles)
    out.line(`  ${file.path.padEnd(44)} ${out.dim(file.description)}`);
  out.line();
  out.line(out.bold('Next steps'));
  out.line(`  cd ${outDir}`);
  for (const step of summary.nextSteps)
    out.line(`  ${step.command.padEnd(32)} ${out.dim(`# ${step.title}`)}`);
  out.line();
  out.line(out.bold('What was chosen'));
  for (const group of summary.choices)
    out.line(`  ${group.title}: ${out.dim(group.settings.join(' · '))}`);
}
