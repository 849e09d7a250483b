import { afterEach, describe, expect, it } from 'vitest';
import { CatalogueError, loadCatalogue } from '../../../source/engine/skills/load-catalogue.js';
import { formatLoadError } from '../../../source/engine/skills/types.js';
import { copySkills } from '../../support/skills-copy.js';

describe('loading skills/', () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await cleanup?.();
    cleanup = undefined;
  });

  it('loads the six skills in the catalogue order with their questions, rules and blueprint', async () => {
    const catalogue = await loadCatalogue();
    expect(catalogue.failures).toEqual([]);
    expect(catalogue.skills.map((skill) => skill.name)).toEqual([
      'architecting-data',
      'streaming-data',
      'transforming-data',
      'optimizing-sql',
      'secret-management',
      'performance-engineering',
    ]);
    expect(catalogue.project.questions.map((question) => question.id)).toEqual([
      'name',
      'maturity',
      'cloud',
      'processing',
      'volume',
      'deployment',
    ]);
    expect(
      catalogue.skills.find((skill) => skill.name === 'transforming-data')?.dependencies,
    ).toEqual(['architecting-data']);
    expect(catalogue.rules.conflicts.length).toBeGreaterThanOrEqual(10);
    expect(catalogue.blueprints.map((blueprint) => blueprint.name)).toEqual(['data-pipeline']);
    // Answer names inside conditions are qualified at load time.
    const tableFormat = catalogue.skills[0]?.questions.find(
      (question) => question.id === 'table_format',
    );
    expect(tableFormat?.when).toEqual({ 'architecting-data.storage': ['lake', 'lakehouse'] });
  });

  it('reports a malformed SKILL.md with file, line and field, and still loads the other skills', async () => {
    const skills = await copySkills();
    cleanup = skills.remove;
    await skills.edit('streaming-data/SKILL.md', (text) =>
      text.replace('    type: number\n    default: 6', '    type: numbr\n    default: 6'),
    );
    const catalogue = await loadCatalogue(skills.root);
    expect(catalogue.skills.map((skill) => skill.name)).not.toContain('streaming-data');
    expect(catalogue.skills).toHaveLength(5);
    const failure = catalogue.failures.find((item) => item.name === 'streaming-data');
    const error = failure?.errors[0];
    expect(error?.file).toMatch(/streaming-data\/SKILL\.md$/);
    expect(error?.field).toBe('questions[6].type');
    expect(error?.message).toMatch(/must be one of "select", "multiselect"/);
    // The line points into SKILL.md (below the front matter), at the `type:` of that question.
    const text = (await import('node:fs'))
      .readFileSync(`${skills.root}/streaming-data/SKILL.md`, 'utf8')
      .split('\n');
    expect(text[(error?.line ?? 0) - 1]).toContain('type: numbr');
  });

  it('reports YAML syntax errors in the front matter at the right line', async () => {
    const skills = await copySkills();
    cleanup = skills.remove;
    await skills.edit('optimizing-sql/SKILL.md', (text) => text.replace('order: 4', 'order: [4'));
    const catalogue = await loadCatalogue(skills.root);
    const error = catalogue.failures.find((item) => item.name === 'optimizing-sql')?.errors[0];
    expect(error).toBeDefined();
    expect(formatLoadError(error!)).toMatch(/optimizing-sql\/SKILL\.md:\d+:\d+: /);
    expect(error!.line).toBeGreaterThan(1);
    expect(error!.line).toBeLessThan(12);
  });

  it('rejects unknown fields, duplicate keys, and answers referenced before they are asked', async () => {
    const skills = await copySkills();
    cleanup = skills.remove;
    await skills.edit('secret-management/SKILL.md', (text) =>
      text.replace('    type: confirm\n    default: true', '    type: confirm\n    defualt: true'),
    );
    await skills.edit('performance-engineering/SKILL.md', (text) =>
      text.replace('    default: 60\n', '    default: 60\n    default: 61\n'),
    );
    await skills.edit('architecting-data/SKILL.md', (text) =>
      text.replace(
        '    when:\n      storage: [lake, lakehouse]',
        '    when:\n      partitioning: [none]',
      ),
    );
    const catalogue = await loadCatalogue(skills.root);
    const messages = catalogue.failures.flatMap((failure) =>
      failure.errors.map((error) => `${failure.name}: ${error.field} ${error.message}`),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/secret-management: questions\[4\]\.defualt unknown field "defualt"/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/performance-engineering: .*Map keys must be unique/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(
        /architecting-data: questions\[3\]\.when.partitioning "architecting-data.partitioning" is asked later/,
      ),
    );
  });

  it('rejects a default that is not among the options, naming the accepted values', async () => {
    const skills = await copySkills();
    cleanup = skills.remove;
    await skills.edit('transforming-data/SKILL.md', (text) =>
      text.replace('    default: airflow', '    default: luigi'),
    );
    const catalogue = await loadCatalogue(skills.root);
    const error = catalogue.failures.find((item) => item.name === 'transforming-data')?.errors[0];
    expect(error?.field).toBe('questions[2].default');
    expect(error?.message).toContain(
      '"luigi" is not an option: transforming-data.orchestrator accepts airflow, dagster, prefect, cron',
    );
  });

  it('checks rules against the questions: an unknown answer or a value outside the options fails rules.yaml', async () => {
    const skills = await copySkills();
    cleanup = skills.remove;
    await skills.edit('rules.yaml', (text) =>
      text
        .replace(
          '{ streaming-data.broker: [kinesis, pubsub] }',
          '{ streaming-data.brokr: [kinesis, pubsub] }',
        )
        .replace(
          'set: { streaming-data.broker: kafka }',
          'set: { streaming-data.broker: rabbitmq }',
        ),
    );
    const catalogue = await loadCatalogue(skills.root);
    const failure = catalogue.failures.find((item) => item.name.endsWith('rules.yaml'));
    expect(failure?.errors.map((error) => error.message)).toEqual(
      expect.arrayContaining([
        'unknown answer "streaming-data.brokr"',
        expect.stringContaining('"rabbitmq" is not an option'),
      ]),
    );
    expect(catalogue.rules.conflicts).toEqual([]);
  });

  it('makes a broken chain-level questions file fatal, with its position', async () => {
    const skills = await copySkills();
    cleanup = skills.remove;
    await skills.edit('project.yaml', (text) =>
      text.replace('    default: intermediate', '    default: expert'),
    );
    await expect(loadCatalogue(skills.root)).rejects.toThrow(CatalogueError);
    await expect(loadCatalogue(skills.root)).rejects.toThrow(
      /project\.yaml:\d+:\d+: questions\[1\]\.default: "expert" is not an option/,
    );
  });

  it('reports a missing Skillchain Configuration section', async () => {
    const skills = await copySkills();
    cleanup = skills.remove;
    await skills.edit('secret-management/SKILL.md', (text) =>
      text.replace('## Skillchain Configuration', '## Configuration'),
    );
    const catalogue = await loadCatalogue(skills.root);
    expect(
      catalogue.failures.find((item) => item.name === 'secret-management')?.errors[0]?.message,
    ).toMatch(/missing the "## Skillchain Configuration" section/);
  });
});
