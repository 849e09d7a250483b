import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../source/engine/paths.js';
import { selectAnswers } from '../../source/engine/workflow/selectors.js';
import { includedSkills } from '../../source/engine/workflow/state.js';
import { filesFromMap } from '../../source/engine/validate/domain/types.js';
import { validateFiles } from '../../source/engine/validate/validate-project.js';
import { buildProject, engineData } from '../support/project.js';
import { matrix } from './matrix.js';
import { verificationStats } from './stats.js';

/**
 * The product validates what it generates: for every answer set of the matrix, all three layers
 * of `skillchain validate` (per-skill outputs, blueprint deliverables, every domain check) pass at
 * 100% completeness.
 */
describe('the product validation of every generated project', { timeout: 600_000 }, () => {
  for (const entry of matrix()) {
    it(`${entry.id}: 100% complete, every output present, every domain check passing`, async () => {
      const data = await engineData();
      const project = await buildProject(entry);
      const blueprint = data.catalogue.blueprints[0]!;
      const report = await validateFiles({
        catalogue: data.catalogue,
        blueprint,
        answers: selectAnswers(project.state),
        chain: includedSkills(project.state),
        model: project.model,
        files: filesFromMap(project.files),
        goal: entry.goal,
      });
      const problems = [
        ...report.deliverables
          .filter((item) => item.status === 'missing' || item.status === 'incomplete')
          .map((item) => `${item.id}: ${item.reason} ${JSON.stringify(item.failedChecks)}`),
        ...report.outputs
          .filter((item) => item.status !== 'present')
          .map(
            (item) =>
              `${item.skill} output ${item.path}: ${item.status} ${item.failedPatterns.join(', ')}`,
          ),
        ...report.checks
          .filter((check) => check.status !== 'passed')
          .map(
            (check) =>
              `${check.id}: ${check.status} ${check.reason ?? ''} ${JSON.stringify(check.problems.slice(0, 3))}`,
          ),
      ];
      expect(problems).toEqual([]);
      expect(report.completeness.percent).toBe(100);
      expect(report.passes).toBe(true);
    });
  }
});

describe('docs/testing.md', () => {
  it(
    'states the matrix size, the files generated and the checks run as they are now',
    { timeout: 600_000 },
    async () => {
      const stats = await verificationStats();
      const doc = await readFile(join(packageRoot(), 'docs', 'testing.md'), 'utf8');
      expect(doc).toContain(
        `${stats.entries} answer sets (${stats.goals} goals' defaults and ${stats.entries - stats.goals} pairwise answer sets)`,
      );
      expect(doc).toContain(`${stats.files} generated files`);
      expect(doc).toContain(`${stats.domainChecks} runs of ${stats.distinctChecks} layer-3 checks`);
    },
  );
});
