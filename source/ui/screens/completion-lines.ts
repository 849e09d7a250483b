import type { ProjectSummary } from '../../engine/summary.js';
import type { ValidationReport } from '../../engine/validate/validate-project.js';
import type { FileChange } from '../../engine/stage/change-set.js';
import { describeWritten, plural } from '../components/plural.js';
import { SYMBOL, THEME } from '../theme.js';

export interface Line {
  text: string;
  color?: string | undefined;
  isBold?: boolean;
}

/**
 * The completion screen as lines (so it can scroll): what was written, the completeness against
 * the bar, what is not fulfilled, then the final summary both clients print (files, folders and
 * skills; key files; next steps as exact commands; what was chosen per skill).
 */
export function completionLines(input: {
  outDir: string;
  /** The project files the write put on disk. */
  written: readonly string[];
  /** Every file of the change set (to tell what the review left out). */
  changes: readonly FileChange[];
  report: ValidationReport;
  summary: ProjectSummary;
}): Line[] {
  const { report, summary, outDir } = input;
  const written = new Set(input.written);
  const onDisk = new Set(
    input.changes
      .filter(
        (change) =>
          written.has(change.path) || change.status === 'identical' || change.status === 'kept',
      )
      .map((change) => change.path),
  );
  // Obsolete files (no longer generated) are removed or left to the user: not "left out".
  const leftOut = input.changes
    .filter((change) => !onDisk.has(change.path) && change.status !== 'obsolete')
    .map((change) => change.path);
  const withMarkers = input.changes
    .filter((change) => change.status === 'conflict' && written.has(change.path))
    .map((change) => change.path);
  // Key files name a file or a folder (`streaming/schemas/`): listed only when on disk.
  const keyFiles = summary.keyFiles.filter((file) =>
    file.path.endsWith('/')
      ? [...onDisk].some((path) => path.startsWith(file.path))
      : onDisk.has(file.path),
  );
  const { completeness } = report;
  const failed = report.checks.filter((check) => check.status === 'failed');
  const notRun = report.checks.filter((check) => check.status === 'not-run');
  const lines: Line[] = [
    {
      text: `${SYMBOL.done} ${describeWritten(written.size, outDir)}`,
      color: THEME.success,
      isBold: true,
    },
    ...(withMarkers.length > 0
      ? [
          {
            text: `  ${SYMBOL.warning} ${plural(withMarkers.length, 'file')} written with conflict markers to resolve (<<<<<<< yours … >>>>>>>): ${withMarkers.join(', ')}`,
            color: THEME.warning,
            isBold: true,
          },
        ]
      : []),
    ...(leftOut.length > 0
      ? [
          {
            text: `  ${plural(leftOut.length, 'file')} left out in the review (not written): ${leftOut.slice(0, 5).join(', ')}${leftOut.length > 5 ? ` and ${leftOut.length - 5} more` : ''}`,
            color: THEME.warning,
          },
        ]
      : []),
    { text: '' },
    {
      // The verdict first: a narrow terminal cuts the end of the line.
      text: `Validation: ${report.passes ? 'PASS' : 'FAIL'} · ${completeness.percent}% complete (${completeness.fulfilled}/${completeness.required} deliverables, bar ${completeness.threshold}%) · ${report.checks.length - failed.length - notRun.length}/${report.checks.length} checks passed`,
      color: report.passes ? THEME.success : THEME.danger,
      isBold: true,
    },
  ];
  for (const deliverable of report.deliverables) {
    if (deliverable.status === 'fulfilled' || deliverable.status === 'skipped') continue;
    lines.push({
      text: `  ${SYMBOL.failed} ${deliverable.status.padEnd(10)} ${deliverable.name} (${deliverable.skill}): ${deliverable.reason}`,
      color: THEME.danger,
    });
  }
  for (const output of report.outputs) {
    if (output.status === 'present') continue;
    lines.push({
      text: `  ${SYMBOL.failed} ${output.status.padEnd(10)} ${output.path} (${output.skill} output)`,
      color: THEME.danger,
    });
  }
  for (const check of [...failed, ...notRun]) {
    lines.push({
      text: `  ${SYMBOL.failed} ${check.status.padEnd(10)} ${check.title}${check.reason ? `: ${check.reason}` : ''}`,
      color: THEME.danger,
    });
    for (const problem of check.problems.slice(0, 3)) {
      lines.push({
        text: `      ${problem.path ? `${problem.path}${problem.line ? `:${problem.line}` : ''}: ` : ''}${problem.message}`,
        color: THEME.muted,
      });
    }
  }
  lines.push(
    { text: '' },
    {
      text: `Generated ${plural(summary.fileCount, 'file')} in ${plural(summary.folderCount, 'folder')} across ${plural(summary.skillCount, 'skill')}.`,
      isBold: true,
    },
    { text: '' },
    { text: 'Key files', isBold: true },
  );
  const pathWidth = Math.min(44, Math.max(...keyFiles.map((file) => file.path.length), 10));
  for (const file of keyFiles)
    lines.push({ text: `  ${file.path.padEnd(pathWidth)}  ${file.description}` });
  lines.push(
    { text: '' },
    { text: 'Next steps', isBold: true },
    { text: `  cd ${outDir}`, color: THEME.accent },
  );
  const commandWidth = Math.min(
    40,
    Math.max(...summary.nextSteps.map((step) => step.command.length), 10),
  );
  for (const step of summary.nextSteps)
    lines.push({
      text: `  ${step.command.padEnd(commandWidth)}  # ${step.title}`,
      color: THEME.accent,
    });
  lines.push({ text: '' }, { text: 'What was chosen', isBold: true });
  for (const group of summary.choices) {
    lines.push({
      text: `  ${group.title}: ${group.lines.map((line) => line.replace(/^[^:]+: /, '')).join(' · ')}`,
    });
  }
  return lines;
}
