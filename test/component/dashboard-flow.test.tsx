import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { renderDashboard, temporaryFolder } from '../support/ui/render-dashboard.js';

/**
 * A whole run with the keyboard only, as a person would do it from the on-screen hints: the goal
 * typed in, the chain confirmed, some answers typed or chosen, the rest taken with Ctrl+D, the
 * files reviewed and written into a temporary folder, the summary read, the dashboard left.
 */
it('goes from the goal to written files with the keyboard', { timeout: 120_000 }, async () => {
  const out = await temporaryFolder();
  const screen = await renderDashboard({ out, size: { columns: 120, rows: 40 } });

  await screen.type('stream clickstream events from kafka into snowflake and model them with dbt');
  await screen.press('enter');
  await screen.waitFor('Chain: 3 skills');
  await screen.press('enter');

  // project.name: typed; project.maturity: the option below the default (advanced).
  expect(screen.frame()).toContain('project.name');
  await screen.type('clicks');
  await screen.press('enter');
  expect(screen.frame()).toContain('project.maturity');
  await screen.press('down', 'enter');
  // Back one question: the answer is kept and shown.
  await screen.press('escape');
  expect(screen.frame()).toContain('Your answer: advanced');
  await screen.press('enter');
  // The remaining project questions take their defaults (Tab), then the first skill is announced.
  for (let guard = 0; guard < 10 && !screen.frame().includes('Step 1/3'); guard++)
    await screen.press('tab');
  expect(screen.frame()).toContain('Step 1/3 · Data architecture');
  await screen.press('enter');
  // Ctrl+D: every remaining question takes its default; then conflicts (if any) and generation.
  await screen.press('ctrl-d');
  for (let guard = 0; guard < 5 && !screen.frame().includes('files →'); guard++) {
    if (screen.frame().includes('settle before generating')) await screen.press('enter');
    else await screen.waitFor(/files →|settle before generating/);
  }
  await screen.waitFor('files →');
  expect(screen.frame()).toContain(`files → ${out}`);
  // Nothing is on disk before the write.
  await expect(stat(join(out, 'README.md'))).rejects.toThrow();

  await screen.press('w');
  await screen.waitFor('Validation:', 100_000);
  expect(screen.frame()).toContain(`Wrote`);
  await screen.press('q');
  expect([0, 1]).toContain(await screen.waitForExit());

  const answers = await readFile(join(out, '.skillchain', 'answers.yaml'), 'utf8');
  expect(answers).toMatch(/name: clicks/);
  expect(answers).toMatch(/maturity: advanced/);
  expect((await stat(join(out, 'README.md'))).isFile()).toBe(true);
  screen.unmount();
});
