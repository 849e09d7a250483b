import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readJournal } from '../engine/commit/journal.js';
import { ANSWERS_FILE } from '../engine/manifest/manifest.js';
import { InputError } from './input-error.js';
import { defaultAccepted, stageProject, writeProject } from '../engine/pipeline.js';
import type { EngineData } from '../engine/session.js';
import { missingWork, validateProject } from '../engine/validate/validate-project.js';
import { printChanges, printValidation } from './describe.js';
import type { Output } from './output.js';

/**
 * `skillchain validate DIR [--json] [--fix]`: the validation tree, headless. Exit 0 when the
 * project passes, 1 below the bar (or a failed check), 2 on an input error.
 */
export async function runValidate(
  data: EngineData,
  dirArgument: string,
  options: { isJson: boolean; isFix: boolean },
  out: Output,
): Promise<number> {
  const dir = resolve(dirArgument);
  // Half-written files would be validated as if they were the project.
  if (await readJournal(dir))
    throw new InputError(
      `an earlier write to ${dir} was interrupted: run \`skillchain recover ${dir}\` first`,
    );
  let report = await validateProject(dir, data);
  if (options.isFix && !report.passes) {
    const work = missingWork(report);
    if (work.generators.length > 0) {
      const staged = await stageProject(report.model, dir, {
        generators: work.generators,
        onlyPaths: work.onlyPaths,
      });
      // Generate missing brings back what is missing, including files the user deleted.
      const accepted = defaultAccepted(staged.changeSet, false, true);
      if (!options.isJson) printChanges(out, staged.changeSet, accepted);
      // The stored answers stay as they are: generate missing changes files, not choices.
      const answersYaml = await readFile(join(dir, ANSWERS_FILE), 'utf8');
      const result = await writeProject({
        staged,
        accepted,
        answersYaml,
        toolVersion: data.toolVersion,
      });
      if (!options.isJson)
        out.line(
          `Generated ${result.written.length} missing file${result.written.length === 1 ? '' : 's'}.`,
        );
      report = await validateProject(dir, data);
    }
  }
  if (options.isJson) {
    out.line(
      JSON.stringify(report, (key, value: unknown) => (key === 'model' ? undefined : value), 2),
    );
  } else {
    out.line(
      `${out.bold('skillchain validate')} ${dir} · ${report.maturity} · chain: ${report.chain.join(', ')}`,
    );
    for (const node of report.tree) {
      const deliverables = node.deliverables.filter(
        (deliverable) => deliverable.status !== 'skipped',
      );
      const fulfilled = deliverables.filter(
        (deliverable) => deliverable.status === 'fulfilled',
      ).length;
      const failedChecks = node.checks.filter((check) => check.status !== 'passed').length;
      const mark =
        fulfilled === deliverables.length && failedChecks === 0 ? out.green('✓') : out.red('✗');
      out.line(
        `${mark} ${node.title.padEnd(26)} ${fulfilled}/${deliverables.length} deliverables · ${node.checks.length - failedChecks}/${node.checks.length} checks`,
      );
    }
    printValidation(out, report);
  }
  return report.passes ? 0 : 1;
}
