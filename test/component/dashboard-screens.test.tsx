import { cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultSkillsRoot } from '../../source/engine/paths.js';
import { loadEngineData } from '../../source/engine/session.js';
import { engineServices } from '../../source/ui/app/services.js';
import {
  engineData,
  renderDashboard,
  temporaryFolder,
  type RenderedDashboard,
} from '../support/ui/render-dashboard.js';

const GOAL = 'stream clickstream events from kafka into snowflake and model them with dbt';
let dashboard: RenderedDashboard | undefined;

afterEach(() => {
  dashboard?.unmount();
  dashboard = undefined;
});

async function open(
  options: Parameters<typeof renderDashboard>[0] = {},
): Promise<RenderedDashboard> {
  dashboard = await renderDashboard(options);
  return dashboard;
}

/** From the chain to the first question of a skill, taking every default on the way. */
async function skipTo(screen: RenderedDashboard, text: string): Promise<void> {
  for (let guard = 0; guard < 40 && !screen.frame().includes(text); guard++) {
    await screen.press(screen.frame().includes('start ·') ? 'enter' : 'tab');
  }
  expect(screen.frame()).toContain(text);
}

function lineCount(frame: string): number {
  return frame.split('\n').length;
}

describe('goal input', () => {
  it('asks for the goal; ? types a question mark while F1 opens help; Enter matches the goal', async () => {
    const screen = await open();
    expect(screen.frame()).toContain('What do you want to build?');
    await screen.type('kafka?');
    expect(screen.frame()).toContain('kafka?');
    expect(screen.frame()).not.toContain('Keys ·');
    await screen.press('f1');
    expect(screen.frame()).toContain('Keys · Goal input');
    await screen.press('escape');
    expect(screen.frame()).toContain('kafka?');
    await screen.press('backspace', 'enter');
    await screen.waitFor('Chain: ');
    // At 100 columns the skill-id column gives way to the reason it joined.
    expect(screen.frame()).toMatch(/Streaming data\s+score 10 matched 'kafka'/);
  });

  it('Esc on the chain goes back to the goal, kept for rephrasing', async () => {
    const screen = await open();
    await screen.type('bake a cake');
    await screen.press('enter');
    await screen.waitFor('The goal matched no skill');
    expect(screen.frame()).toContain('Esc to rephrase the goal');
    await screen.press('escape');
    await screen.waitFor('What do you want to build?');
    expect(screen.frame()).toContain('bake a cake');
    await screen.press('ctrl-u');
    await screen.type('kafka into snowflake');
    await screen.press('enter');
    await screen.waitFor('Chain: ');
    expect(screen.frame()).toMatch(/Streaming data\s+score 10 matched 'kafka'/);
  });

  it('refuses an empty goal with a message', async () => {
    const screen = await open();
    await screen.press('enter');
    expect(screen.frame()).toContain('Type a goal first');
  });
});

describe('chain confirmation', () => {
  it('shows each skill with its score and keyword, dependencies and why, the estimate and the keys', async () => {
    const screen = await open({ goal: GOAL, size: { columns: 160, rows: 40 } });
    const frame = screen.frame();
    expect(frame).toContain('Chain: 3 skills · ~26 questions · 9–15 min');
    expect(frame).toMatch(/Streaming data\s+streaming-data\s+score 20 matched 'stream', 'kafka'/);
    expect(frame).toMatch(
      /Data architecture\s+architecting-data\s+added as dependency of transforming/,
    );
    expect(frame).toContain('needs architecting-data');
    expect(frame).toContain('Not in the chain: optimizing-sql');
    const narrow = await open({ goal: GOAL, size: { columns: 80, rows: 24 } });
    expect(narrow.frame()).toContain('added as dependency of transforming-data');
    expect(frame).toContain(
      'Enter confirm · s skip (all defaults) · c customize · Esc rephrase goal · q stop · F1 help · Ctrl+C quit',
    );
  });

  it('offers continue / retry / stop for a skill that failed to load, and retry re-reads it', async () => {
    const root = await temporaryFolder('skillchain-skills-');
    await cp(defaultSkillsRoot(), root, { recursive: true });
    const skillFile = join(root, 'optimizing-sql', 'SKILL.md');
    const original = await readFile(skillFile, 'utf8');
    await writeFile(skillFile, original.replace(/^plugin: .*$/m, 'plugin: [unclosed'));
    const data = await loadEngineData(root);
    expect(data.catalogue.failures.map((failure) => failure.name)).toContain('optimizing-sql');
    const screen = await open({
      goal: GOAL,
      data,
      services: { ...engineServices({ skillsRoot: root }) },
    });
    expect(screen.frame()).toContain('optimizing-sql failed to load and is left out');
    expect(screen.frame()).toMatch(/optimizing-sql\/SKILL\.md:\d+/);
    expect(screen.frame()).toContain(
      'Enter continue without it · r retry (re-read from disk) · q stop',
    );
    await writeFile(skillFile, original);
    await screen.press('r');
    await screen.waitFor(/^(?![\s\S]*failed to load)[\s\S]*Chain: 3 skills/);
    expect(screen.frame()).not.toContain('r retry');
  });

  it('customize adds and removes skills, re-checking dependencies and saying why', async () => {
    const screen = await open({ goal: 'model orders with dbt' });
    await screen.press('c');
    expect(screen.frame()).toContain('Customize the chain');
    // Focus starts on the first skill (architecting-data, a dependency of transforming-data).
    await screen.press('space');
    expect(screen.frame()).toMatch(/Removed architecting-data\. transforming-data depends on it/);
    await screen.press('space');
    expect(screen.frame()).toContain('Added architecting-data.');
    await screen.press('enter');
    expect(screen.frame()).toContain('Chain: ');
  });
});

describe('skills and questions', () => {
  it('announces each skill with its step, title, plugin name and purpose', async () => {
    const screen = await open({ goal: GOAL, size: { columns: 160, rows: 40 } });
    await screen.press('enter');
    await skipTo(screen, 'Step 1/3');
    expect(screen.frame()).toContain(
      'Step 1/3 · Data architecture · data-engineering-skills:architecting-data',
    );
    expect(screen.frame()).toContain('5 questions');
    await screen.press('enter');
    expect(screen.frame()).toContain('Question 1/5 · architecting-data.');
  });

  it('draws the sidebar, the default with its reason, context from earlier skills and the dependencies', async () => {
    const screen = await open({ goal: GOAL, size: { columns: 200, rows: 50 } });
    await screen.press('enter');
    expect(screen.frame()).toMatch(/◆ Project\s+1\/6/);
    expect(screen.frame()).toMatch(/○ Data architecture/);
    expect(screen.frame()).toMatch(/– SQL optimiz/);
    await skipTo(screen, 'streaming-data.broker');
    const broker = screen.frame();
    expect(broker).toMatch(/✓ Project/);
    expect(broker).toMatch(/✓ Data architecture/);
    expect(broker).toMatch(/› \(•\) kafka \(default\)\s+Apache Kafka/);
    expect(broker).toContain("from 'kafka' in your goal");
    expect(broker).toMatch(/Earlier answers: .*warehouse snowflake/);
    await skipTo(screen, 'Step 3/3');
    await screen.press('enter');
    expect(screen.frame()).toContain('Builds on: architecting-data ✓');
  });

  it('at 60×16, the minimum size, a select question shows its options and always the highlighted one', async () => {
    const size = { columns: 60, rows: 16 };
    const screen = await open({ goal: GOAL, size });
    await screen.press('enter');
    await skipTo(screen, 'architecting-data.storage');
    const options = () =>
      screen.frame().match(/^ *(›| ) \((•| )\) (warehouse|lake|lakehouse)\b/gm) ?? [];
    expect(options()).toHaveLength(3);
    expect(screen.frame()).toMatch(/› \(•\) warehouse/);
    await screen.press('down');
    expect(screen.frame()).toMatch(/› \(•\) lake /);
    expect(lineCount(screen.frame())).toBeLessThanOrEqual(size.rows - 1);
    // A longer list: the window follows the highlighted option, with the hidden ones counted.
    await skipTo(screen, 'architecting-data.warehouse');
    for (let step = 0; step < 5; step++) {
      await screen.press('down');
      expect(screen.frame()).toMatch(/› \(•\) \w+/);
      expect(lineCount(screen.frame())).toBeLessThanOrEqual(size.rows - 1);
    }
    expect(screen.frame()).toMatch(/↑ \d+ more/);
  });

  it('validates a text answer inline; ? types; the typed word "status" opens the status overlay', async () => {
    const screen = await open({ goal: GOAL });
    await screen.press('enter');
    expect(screen.frame()).toContain('project.name');
    await screen.type('Bad Name?');
    expect(screen.frame()).toContain('Bad Name?');
    await screen.press('enter');
    expect(screen.frame()).toContain('✗ 3–50 characters, lowercase letters, digits and dashes');
    await screen.press('ctrl-u');
    await screen.type('status');
    await screen.press('enter');
    expect(screen.frame()).toContain('Status · ');
    expect(screen.frame()).toMatch(/◆ Project\s+question 1\/6/);
    await screen.press('escape');
    await screen.type('orders-pipe');
    await screen.press('enter');
    expect(screen.frame()).toContain('project.maturity');
    await screen.press('escape');
    expect(screen.frame()).toContain('Your answer: orders-pipe');
  });

  it('an inline error stands alone, and goes once the answer is edited', async () => {
    const screen = await open({ goal: GOAL });
    await screen.press('enter');
    expect(screen.frame()).toContain("from 'clickstream' in your goal");
    await screen.type('Bad Name');
    await screen.press('enter');
    expect(screen.frame()).toContain('✗ 3–50 characters');
    // The default's reason would read as if it explained the error.
    expect(screen.frame()).not.toContain("from 'clickstream' in your goal");
    await screen.press('ctrl-u');
    expect(screen.frame()).not.toContain('✗ 3–50 characters');
    expect(screen.frame()).toContain('Default: clickstream-pipeline');
    await screen.type('X');
    await screen.press('enter');
    expect(screen.frame()).toContain('✗ 3–50 characters');
  });

  it('→ copies the default into an empty text field to edit it', async () => {
    const screen = await open({ goal: GOAL });
    await screen.press('enter', 'right');
    await screen.type('-v2');
    await screen.press('enter', 'escape');
    expect(screen.frame()).toContain('Your answer: clickstream-pipeline-v2');
  });

  it('toggles options of a multi-select with Space and answers with Enter', async () => {
    const screen = await open({
      goal: 'speed up slow queries',
      skills: ['optimizing-sql'],
      size: { columns: 160, rows: 40 },
    });
    await screen.press('enter');
    await skipTo(screen, 'optimizing-sql.techniques');
    expect(screen.frame()).toContain('Space toggles, Enter confirms');
    const before = screen.frame().match(/\[x\]/g)?.length ?? 0;
    await screen.press('space');
    const after = screen.frame().match(/\[x\]/g)?.length ?? 0;
    expect(Math.abs(after - before)).toBe(1);
  });

  it('opens the guide (Ctrl+G) and status (Ctrl+T) over the pane, which keeps its draft', async () => {
    const screen = await open({ goal: GOAL });
    await screen.press('enter');
    await skipTo(screen, 'Step 2/3');
    await screen.press('ctrl-g');
    expect(screen.frame()).toContain(
      'Guide · Streaming data (data-engineering-skills:streaming-data)',
    );
    await screen.press('pagedown', 'escape');
    await screen.press('enter');
    await screen.press('ctrl-t');
    expect(screen.frame()).toMatch(/Status · step 2\/3/);
    expect(screen.frame()).toMatch(/◆ Streaming data\s+question 1\/\d+/);
    // Keys do not leak to the pane under an overlay.
    await screen.press('down', 'escape');
    expect(screen.frame()).toMatch(/› \(•\) kafka/);
  });

  it('Ctrl+R asks first, then restarts at the chain with the goal kept', async () => {
    const screen = await open({ goal: GOAL });
    await screen.press('enter', 'tab', 'ctrl-r');
    expect(screen.frame()).toContain('Restart from the chain?');
    expect(screen.frame()).toContain('1 answer so far is cleared; the goal is kept.');
    // n keeps the answers: still on the second question.
    await screen.press('n');
    expect(screen.frame()).not.toContain('Restart from the chain?');
    expect(screen.frame()).toContain('project.maturity');
    await screen.press('ctrl-r', 'y');
    expect(screen.frame()).toContain('Restarted: answers cleared, goal kept.');
    expect(screen.frame()).toContain('Chain: 3 skills');
  });

  it('the typed word "restart" asks first too; Esc keeps the answers', async () => {
    const screen = await open({ goal: GOAL });
    await screen.press('enter');
    await screen.type('restart');
    await screen.press('enter');
    expect(screen.frame()).toContain('Restart from the chain?');
    await screen.press('escape');
    expect(screen.frame()).toContain('project.name');
    expect(screen.frame()).not.toContain('Restarted');
  });
});

describe('dialogs before generation', () => {
  it('shows a conflict with its resolutions and applies the one chosen', async () => {
    const explicit = new Map([['project.cloud', { value: 'gcp', provenance: 'flag' as const }]]);
    const screen = await open({ goal: 'load orders into redshift with dbt', explicit });
    await screen.press('s');
    await screen.waitFor('Conflict');
    expect(screen.frame()).toMatch(/Redshift lives on AWS, but the cloud is (another|gcp)/);
    expect(screen.frame()).toContain('egress');
    expect(screen.frame()).toContain('(recommended)');
    await screen.press('enter');
    await screen.waitFor('files →');
  });

  it('Esc in a conflict goes back to the last question, answers kept', async () => {
    const explicit = new Map([['project.cloud', { value: 'gcp', provenance: 'flag' as const }]]);
    const screen = await open({ goal: 'load orders into redshift with dbt', explicit });
    await screen.press('enter');
    await screen.type('orders-pipe');
    await screen.press('enter', 'ctrl-d');
    await screen.waitFor('Conflict');
    expect(screen.frame()).toContain('Esc back');
    await screen.press('escape');
    expect(screen.frame()).not.toContain('Conflict');
    expect(screen.frame()).toMatch(/Question \d+\/\d+ · /);
    // Done again: the conflict is back, and the answer typed before it was kept.
    await screen.press('ctrl-d');
    await screen.waitFor('Conflict');
    await screen.press('escape');
    for (let guard = 0; guard < 30 && !screen.frame().includes('project.name'); guard++)
      await screen.press('escape');
    expect(screen.frame()).toContain('Your answer: orders-pipe');
  });

  it("Esc in a conflict reached with the chain's skip goes back to the chain", async () => {
    const explicit = new Map([['project.cloud', { value: 'gcp', provenance: 'flag' as const }]]);
    const screen = await open({ goal: 'load orders into redshift with dbt', explicit });
    await screen.press('s');
    await screen.waitFor('Conflict');
    await screen.press('escape');
    expect(screen.frame()).toContain('Chain: ');
  });

  it('at 60×16 a conflict shows every resolution', async () => {
    const explicit = new Map([['project.cloud', { value: 'gcp', provenance: 'flag' as const }]]);
    const screen = await open({
      goal: 'load orders into redshift with dbt',
      explicit,
      size: { columns: 60, rows: 16 },
    });
    await screen.press('s');
    await screen.waitFor('Conflict');
    expect(screen.frame()).toContain('Run on AWS');
    expect(screen.frame()).toContain('Use Snowflake');
    expect(screen.frame()).toContain('Keep both');
    expect(screen.frame()).not.toContain('more');
  });

  it('shows a skipped dependency with continue / go back', async () => {
    const screen = await open({ goal: GOAL, skills: ['transforming-data'] });
    await screen.press('s');
    await screen.waitFor('Skipped dependency');
    expect(screen.frame()).toContain('Continue without architecting-data');
    expect(screen.frame()).toContain('Go back and add architecting-data to the chain');
    await screen.press('down', 'enter');
    await screen.waitFor('Step 1/2 · Data architecture');
    expect(screen.frame()).toMatch(/◆ Data architecture/);
  });
});

describe('generation, hand-off and completion', () => {
  it('shows generation progress per generator with a bar and counts', async () => {
    const services = engineServices();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const screen = await open({
      goal: GOAL,
      services: {
        ...services,
        stage: async (model, outDir, onProgress) => {
          onProgress({
            generator: 'project',
            generatorIndex: 0,
            generatorCount: 4,
            done: 9,
            total: 9,
            path: 'README.md',
          });
          onProgress({
            generator: 'streaming-data',
            generatorIndex: 1,
            generatorCount: 4,
            done: 3,
            total: 12,
            path: 'streaming/topics.yaml',
          });
          await gate;
          return services.stage(model, outDir, () => undefined);
        },
      },
    });
    await screen.press('s');
    await screen.waitFor('streaming-data');
    expect(screen.frame()).toContain('Generating in memory · nothing is written yet');
    expect(screen.frame()).toContain('1/4 generators · 12 files staged');
    expect(screen.frame()).toMatch(/✓ project\s+█+ 9\/9/);
    expect(screen.frame()).toMatch(/◆ streaming-data\s+█+░+ 3\/12/);
    release();
    await screen.waitFor('files →');
  });

  it(
    'lists the files with statuses, toggles, opens a diff, accepts all and writes; then the summary',
    { timeout: 120_000 },
    async () => {
      const out = await temporaryFolder();
      const screen = await open({ goal: GOAL, out });
      await screen.press('s');
      await screen.waitFor('files →');
      expect(screen.frame()).toMatch(
        /\d+ create · \d+ to write · nothing is on disk until you write/,
      );
      expect(screen.frame()).toMatch(/› \[x\] create\s+\.env\.example/);
      await screen.press('space');
      expect(screen.frame()).toMatch(/› \[ \] create\s+\.env\.example/);
      expect(screen.frame()).toContain('will be skipped');
      await screen.press('enter');
      expect(screen.frame()).toContain('+++ b/.env.example');
      await screen.press('escape', 'a');
      expect(screen.frame()).toMatch(/› \[x\] create\s+\.env\.example/);
      await screen.press('w');
      await screen.waitFor('Validation:', 100_000);
      const frame = screen.frame();
      expect(frame).toContain(`Wrote`);
      expect(frame).toMatch(/Validation: (PASS|FAIL) · \d+% complete/);
      expect(frame).toMatch(/Generated \d+ files in \d+ folders across 3 skills/);
      await screen.press('pagedown', 'pagedown');
      expect(screen.frame()).toContain('What was chosen');
      await screen.press('q');
      expect([0, 1]).toContain(await screen.waitForExit());
    },
  );

  it(
    'counts the writing progress in accepted files, then validates on a line of its own',
    { timeout: 120_000 },
    async () => {
      const out = await temporaryFolder();
      const services = engineServices();
      const reported: [number, number][] = [];
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const screen = await open({
        goal: GOAL,
        out,
        services: {
          ...services,
          write: (input) =>
            services.write({
              ...input,
              onWrite: (written, total) => {
                reported.push([written, total]);
                input.onWrite(written, total);
              },
            }),
          validate: async (dir, data) => {
            await gate;
            return services.validate(dir, data);
          },
        },
      });
      await screen.press('s');
      await screen.waitFor('files →');
      await screen.press('space');
      const toWrite = Number(/(\d+) to write/.exec(screen.frame())?.[1]);
      expect(toWrite).toBeGreaterThan(10);
      await screen.press('w');
      await screen.waitFor('Validating the written project', 60_000);
      // The engine also writes .skillchain/ (a base copy per file, manifest, answers): not counted.
      expect(reported.at(-1)).toEqual([toWrite, toWrite]);
      expect(reported.every(([, total]) => total === toWrite)).toBe(true);
      expect(screen.frame()).toContain(`✓ Wrote ${toWrite} files to ${out}`);
      expect(screen.frame()).not.toMatch(/\d+\/\d+/);
      release();
      await screen.waitFor('Validation:', 100_000);
    },
  );

  it('pages the file list with PgUp/PgDn and jumps to its ends with Home/End', async () => {
    const screen = await open({ goal: GOAL, size: { columns: 100, rows: 24 } });
    await screen.press('s');
    await screen.waitFor('files →');
    const focusedFile = () => /› \[[x ]\] \S+\s+(\S+)/.exec(screen.frame())?.[1];
    const first = focusedFile();
    expect(first).toBe('.env.example');
    await screen.press('pagedown');
    const paged = focusedFile();
    expect(paged).not.toBe(first);
    expect(screen.frame()).toContain('↑');
    await screen.press('pageup');
    expect(focusedFile()).toBe(first);
    await screen.press('end');
    expect(screen.frame()).not.toContain('↓');
    const last = focusedFile();
    expect(last).not.toBe(first);
    await screen.press('home');
    expect(focusedFile()).toBe(first);
    // With the diff open, PgDn scrolls the diff and the file stays.
    await screen.press('enter', 'pagedown');
    expect(focusedFile()).toBe(first);
  });

  it(
    'counts and lists only the files written, and says which the review left out',
    { timeout: 120_000 },
    async () => {
      const out = await temporaryFolder();
      const screen = await open({ goal: GOAL, out, size: { columns: 160, rows: 90 } });
      await screen.press('s');
      await screen.waitFor('files →');
      const total = Number(/(\d+) to write/.exec(screen.frame())?.[1]);
      for (const path of ['README.md', 'docker-compose.yml']) {
        const focused = new RegExp(`› \\[x\\] \\S+\\s+${path.replace('.', '\\.')}$`, 'm');
        for (let guard = 0; guard < 200 && !focused.test(screen.frame()); guard++)
          await screen.press('down');
        expect(screen.frame()).toMatch(focused);
        await screen.press('space');
      }
      expect(screen.frame()).toContain(`${total - 2} to write`);
      await screen.press('w');
      const frame = await screen.waitFor('Validation:', 100_000);
      expect(frame).toContain(`✓ Wrote ${total - 2} files to ${out}`);
      expect(frame).toMatch(
        /2 files left out in the review \(not written\): (README\.md|docker-compose\.yml), /,
      );
      expect(frame).toMatch(new RegExp(`Generated ${total - 2} files in`));
      const keyFiles = frame.slice(frame.indexOf('Key files'), frame.indexOf('Next steps'));
      expect(keyFiles).toContain('architecture/README.md');
      expect(keyFiles).not.toMatch(/^ {3}README\.md/m);
      expect(keyFiles).not.toContain('docker-compose.yml');
    },
  );

  it('says "1 file", not "1 files"', { timeout: 120_000 }, async () => {
    const out = await temporaryFolder();
    const services = engineServices();
    const screen = await open({
      goal: GOAL,
      out,
      size: { columns: 120, rows: 150 },
      services: {
        ...services,
        // A change set of one file (the README).
        stage: async (model, outDir, onProgress) => {
          const staged = await services.stage(model, outDir, onProgress);
          const changes = staged.changeSet.changes.filter((change) => change.path === 'README.md');
          return { ...staged, changeSet: { ...staged.changeSet, changes } };
        },
      },
    });
    await screen.press('s');
    await screen.waitFor(/files? →/);
    expect(screen.frame()).toContain(`1 file → ${out}`);
    expect(screen.frame()).toContain('1 create · 1 to write');
    await screen.press('w');
    const frame = await screen.waitFor('Validation:', 100_000);
    expect(frame).toContain(`✓ Wrote 1 file to ${out}`);
    expect(frame).toContain('Generated 1 file in 0 folders across 3 skills.');
  });

  it(
    'says that an accepted conflict is written with conflict markers, before and after the write',
    { timeout: 120_000 },
    async () => {
      const out = await temporaryFolder();
      const services = engineServices();
      const screen = await open({
        goal: GOAL,
        out,
        size: { columns: 160, rows: 40 },
        services: {
          ...services,
          // As on a re-run where the user and the template changed the same lines of one file.
          stage: async (model, outDir, onProgress) => {
            const staged = await services.stage(model, outDir, onProgress);
            const changes = staged.changeSet.changes.map((change, index) =>
              index === 0
                ? {
                    ...change,
                    status: 'conflict' as const,
                    conflicts: 1,
                    isAcceptedByDefault: false,
                    note: 'your edits and the template changed the same lines (1 conflict)',
                  }
                : change,
            );
            return { ...staged, changeSet: { ...staged.changeSet, changes } };
          },
        },
      });
      await screen.press('s');
      await screen.waitFor('files →');
      expect(screen.frame()).toMatch(/› \[ \] conflict\s+\.env\.example/);
      expect(screen.frame()).toContain('will be skipped (your version stays as it is)');
      await screen.press('space');
      expect(screen.frame()).toContain(
        'will be written WITH conflict markers (<<<<<<< >>>>>>>) for you to resolve',
      );
      expect(screen.frame()).toMatch(/\d+ to write \(1 with conflict markers\)/);
      await screen.press('w');
      const frame = await screen.waitFor('Validation:', 100_000);
      expect(frame).toContain('! 1 file written with conflict markers to resolve');
      expect(frame).toContain('.env.example');
    },
  );

  it('gives the open diff every row the list leaves', async () => {
    const size = { columns: 80, rows: 24 };
    const screen = await open({ goal: GOAL, size });
    await screen.press('s');
    await screen.waitFor('files →');
    await screen.press('enter');
    // Once the list has made room for the diff, the row above the footer's rule is diff text,
    // not a blank row.
    const frame = await screen.waitFor(/^(?![\s\S]*10_raw_users\.sql)[\s\S]*\+\+\+ b\//, 5_000);
    const lines = frame.split('\n');
    expect(lines).toHaveLength(size.rows - 1);
    expect(lines.at(-3)?.trim()).toMatch(/^[+@-]/);
  });

  it(
    'counts a removed obsolete file neither as written nor as left out',
    { timeout: 120_000 },
    async () => {
      const out = await temporaryFolder();
      const services = engineServices();
      const reported: [number, number][] = [];
      const screen = await open({
        goal: GOAL,
        out,
        size: { columns: 160, rows: 60 },
        services: {
          ...services,
          // As on a re-run after a change of orchestrator: one file is no longer generated.
          stage: async (model, outDir, onProgress) => {
            const staged = await services.stage(model, outDir, onProgress);
            const [first] = staged.changeSet.changes;
            if (!first) throw new Error('nothing staged');
            await mkdir(join(outDir, 'transforms/airflow/dags'), { recursive: true });
            await writeFile(join(outDir, 'transforms/airflow/dags/old_pipeline.py'), '# old\n');
            const obsolete = {
              ...first,
              path: 'transforms/airflow/dags/old_pipeline.py',
              status: 'obsolete' as const,
              contents: '',
              isAcceptedByDefault: true,
              note: 'no longer generated · unedited',
            };
            const changes = [...staged.changeSet.changes, obsolete];
            return { ...staged, changeSet: { ...staged.changeSet, changes } };
          },
          write: (input) =>
            services.write({
              ...input,
              onWrite: (written, total) => {
                reported.push([written, total]);
                input.onWrite(written, total);
              },
            }),
        },
      });
      await screen.press('s');
      await screen.waitFor('files →');
      const toWrite = Number(/(\d+) to write/.exec(screen.frame())?.[1]);
      await screen.press('w');
      const frame = await screen.waitFor(/Validation:|failed/, 100_000);
      await expect(stat(join(out, 'transforms/airflow/dags/old_pipeline.py'))).rejects.toThrow();
      // The write counted only the files it writes, and it reached its total.
      expect(reported.at(-1)).toEqual([toWrite - 1, toWrite - 1]);
      expect(frame).toContain(`✓ Wrote ${toWrite - 1} files to ${out}`);
      expect(frame).not.toContain('left out in the review');
    },
  );

  it('shows a failed write and leaves the way back to the questions', async () => {
    const screen = await open({
      goal: GOAL,
      services: {
        ...engineServices(),
        write: () =>
          Promise.reject(new Error('EACCES: permission denied, open /read-only/README.md')),
      },
    });
    await screen.press('s');
    await screen.waitFor('files →');
    await screen.press('w');
    await screen.waitFor('Writing failed');
    expect(screen.frame()).toContain('EACCES: permission denied');
    expect(screen.frame()).toContain('Nothing was written to disk.');
    await screen.press('escape');
    await screen.waitFor('Chain: ');
  });
});

describe('overlays and the terminal', () => {
  it('Ctrl+C asks before quitting; Esc stays; y quits with 130 and nothing written', async () => {
    const screen = await open({ goal: GOAL });
    await screen.press('ctrl-c');
    expect(screen.frame()).toContain('Quit skillchain?');
    expect(screen.frame()).toContain('Nothing has been written to disk');
    await screen.press('s');
    expect(screen.frame()).toContain('Quit skillchain?');
    await screen.press('escape');
    expect(screen.frame()).toContain('Chain: 3 skills');
    await screen.press('ctrl-c', 'ctrl-c');
    expect(await screen.waitForExit()).toBe(130);
  });

  it('lists the screen keys from the registry in the help overlay', async () => {
    const screen = await open({ goal: GOAL });
    await screen.press('enter', 'f1');
    const frame = screen.frame();
    expect(frame).toContain('Keys · Questions');
    expect(frame).toMatch(/Tab\s+Skip: this question takes its default/);
    expect(frame).toMatch(/Ctrl\+D\s+Done: the remaining questions/);
    expect(frame).toContain('the words skip, back, status, done, restart, help');
  });

  it('never draws taller than the terminal, at 80×24 and 200×60, on every screen it passes', async () => {
    for (const size of [
      { columns: 80, rows: 24 },
      { columns: 200, rows: 60 },
    ]) {
      const screen = await open({ goal: GOAL, size });
      const frames: string[] = [screen.frame()];
      await screen.press('enter');
      frames.push(screen.frame());
      await screen.press('f1');
      frames.push(screen.frame());
      await screen.press('escape', 'ctrl-g');
      frames.push(screen.frame());
      await screen.press('escape');
      await skipTo(screen, 'Step 1/3');
      frames.push(screen.frame());
      for (const frame of frames) {
        expect(lineCount(frame)).toBeLessThanOrEqual(size.rows - 1);
        for (const line of frame.split('\n')) expect(line.length).toBeLessThanOrEqual(size.columns);
      }
      screen.unmount();
      dashboard = undefined;
    }
  });

  it('says when the terminal is too small, ignores keys meanwhile, and redraws on resize', async () => {
    const screen = await open({ goal: GOAL, size: { columns: 100, rows: 30 } });
    await screen.resize({ columns: 50, rows: 12 });
    expect(screen.frame()).toContain('Terminal too small: 50×12');
    expect(screen.frame()).not.toContain('Chain:');
    await screen.press('s');
    await screen.resize({ columns: 120, rows: 40 });
    expect(screen.frame()).toContain('Chain: 3 skills');
    expect(lineCount(screen.frame())).toBeLessThanOrEqual(39);
  });
});

describe('the footer on a narrow terminal', () => {
  const footerOf = (frame: string) => frame.split('\n').at(-1) ?? '';

  it("keeps each screen's primary action, Esc/back and help, dropping the rarer keys first", async () => {
    const screen = await open({ goal: GOAL, size: { columns: 80, rows: 24 } });
    await screen.press('enter');
    // A select question: answer, back and done stay; the rarer Ctrl+N goes.
    await screen.press('tab');
    expect(screen.frame()).toContain('project.maturity');
    const question = footerOf(screen.frame());
    for (const hint of ['Enter answer', 'Esc back', 'Ctrl+D done', 'F1 help'])
      expect(question).toContain(hint);
    expect(question).not.toContain('Ctrl+N');
    await screen.press('ctrl-d');
    await screen.waitFor('files →');
    const files = footerOf(screen.frame());
    for (const hint of ['w write', 'Esc back', 'Space accept/skip', 'F1 help'])
      expect(files).toContain(hint);
    // The help overlay still lists every key of the screen.
    await screen.press('f1');
    expect(screen.frame()).toMatch(/a\s+Accept every file that has changes/);
  });

  it("at 60 columns keeps the chain's confirm and the question's back", async () => {
    const screen = await open({ goal: GOAL, size: { columns: 60, rows: 16 } });
    expect(footerOf(screen.frame())).toMatch(/^Enter confirm · s skip \(all defaults\)/);
    await screen.press('enter');
    const question = footerOf(screen.frame());
    for (const hint of ['Enter answer', 'Esc back', 'F1 help']) expect(question).toContain(hint);
  });
});

describe('truthful hints', () => {
  const footerOf = (frame: string) => frame.split('\n').at(-1) ?? '';

  it('the quit dialog offers no help it would not open; the chain help lists no retry when nothing failed', async () => {
    const screen = await open({ goal: GOAL });
    await screen.press('f1');
    expect(screen.frame()).toContain('Keys · Chain confirmation');
    expect(screen.frame()).toContain('Customize:');
    expect(screen.frame()).not.toContain('Retry');
    await screen.press('escape', 'ctrl-c');
    expect(screen.frame()).toContain('Quit skillchain?');
    expect(footerOf(screen.frame())).toBe('y quit · n stay');
  });

  it('shows PgUp only where something scrolls', async () => {
    const screen = await open({ goal: GOAL, size: { columns: 100, rows: 40 } });
    await screen.press('f1');
    expect(screen.frame()).toContain('Keys · Chain confirmation');
    expect(footerOf(screen.frame())).not.toContain('PgUp');
    await screen.press('escape', 'enter', 'f1');
    await screen.resize({ columns: 100, rows: 20 });
    expect(screen.frame()).toContain('Keys · Questions');
    expect(footerOf(screen.frame())).toContain('PgUp scroll');
  });

  it('says the write cannot be interrupted instead of offering Ctrl+C', async () => {
    const services = engineServices();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const out = await temporaryFolder();
    const screen = await open({
      goal: GOAL,
      out,
      services: {
        ...services,
        write: async (input) => {
          await gate;
          return services.write(input);
        },
        validate: async () => new Promise(() => undefined),
      },
    });
    await screen.press('s');
    await screen.waitFor('files →');
    await screen.press('w');
    await screen.waitFor('Writing ');
    expect(footerOf(screen.frame())).not.toContain('Ctrl+C');
    await screen.press('ctrl-c');
    expect(screen.frame()).not.toContain('Quit skillchain?');
    expect(screen.frame()).toContain('The write cannot be interrupted');
    release();
    await screen.waitFor('Validating the written project', 60_000);
    expect(footerOf(screen.frame())).toContain('Ctrl+C quit');
    await screen.press('ctrl-c');
    expect(screen.frame()).toContain('The project is already written');
  });
});

describe('the terminal too small', () => {
  it('draws the quit confirmation when Ctrl+C is pressed there', async () => {
    const screen = await open({ goal: GOAL, size: { columns: 100, rows: 30 } });
    await screen.resize({ columns: 50, rows: 12 });
    expect(screen.frame()).toContain('Terminal too small');
    await screen.press('ctrl-c');
    expect(screen.frame()).toContain('Quit skillchain?');
    expect(screen.frame()).toContain('y quit · n stay');
    await screen.press('n');
    expect(screen.frame()).not.toContain('Quit skillchain?');
    expect(screen.frame()).toContain('Terminal too small');
    await screen.press('ctrl-c');
    expect(screen.frame()).toContain('Quit skillchain?');
    await screen.press('y');
    expect(await screen.waitForExit()).toBe(130);
  });
});

describe('the test helper', () => {
  it('loads the real skills once per file', async () => {
    expect((await engineData()).catalogue.skills.length).toBeGreaterThan(3);
  });
});
