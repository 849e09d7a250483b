import { beforeAll, describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../../source/engine/answers/resolve.js';
import type { ExplicitAnswer } from '../../../source/engine/answers/types.js';
import { GoalIndex } from '../../../source/engine/goal/goal-index.js';
import { loadCatalogue } from '../../../source/engine/skills/load-catalogue.js';
import type { Blueprint, Catalogue } from '../../../source/engine/skills/types.js';
import {
  completenessOf,
  evaluateDeliverables,
  evaluateOutputs,
} from '../../../source/engine/validate/completeness.js';
import { filesFromMap } from '../../../source/engine/validate/domain/types.js';

let catalogue: Catalogue;
beforeAll(async () => {
  catalogue = await loadCatalogue();
});

const blueprint: Blueprint = {
  name: 'test',
  title: 'Test',
  description: '',
  passThreshold: 0.8,
  maturityProfiles: { starter: '', intermediate: '', advanced: '' },
  file: 'test.yaml',
  deliverables: [
    {
      id: 'readme',
      name: 'README',
      skill: 'chain',
      files: [{ path: 'README.md' }],
      checks: [
        { pattern: '^## Quick start', in: 'README.md', description: 'quick start', match: 'all' },
      ],
      maturityRequired: ['starter', 'intermediate', 'advanced'],
    },
    {
      id: 'models',
      name: 'Models',
      skill: 'transforming-data',
      files: [{ path: 'models/stg_*.sql' }],
      checks: [
        {
          pattern: 'source\\(',
          in: 'models/stg_*.sql',
          description: 'reads sources',
          match: 'all',
        },
      ],
      maturityRequired: ['intermediate', 'advanced'],
    },
    {
      id: 'topics',
      name: 'Topics',
      skill: 'streaming-data',
      files: [{ path: 'topics.yaml' }],
      checks: [],
      maturityRequired: ['intermediate'],
    },
    {
      id: 'slo',
      name: 'SLOs',
      skill: 'chain',
      files: [{ path: 'slos.yaml' }],
      checks: [],
      maturityRequired: ['advanced'],
    },
    {
      id: 'cdc',
      name: 'CDC',
      skill: 'chain',
      files: [{ path: 'cdc.json' }],
      checks: [],
      maturityRequired: ['intermediate'],
      when: { 'streaming-data.cdc': { not_in: ['none'] } },
    },
    {
      id: 'any',
      name: 'Any',
      skill: 'chain',
      files: [{ path: 'docs/*.md' }],
      checks: [
        {
          pattern: 'troubleshooting',
          in: 'docs/*.md',
          description: 'one doc troubleshoots',
          match: 'any',
        },
      ],
      maturityRequired: ['intermediate'],
    },
  ],
};

function evaluate(
  files: Record<string, string>,
  chain = ['transforming-data', 'architecting-data'],
  set: Record<string, string> = {},
) {
  const explicit = new Map<string, ExplicitAnswer>(
    Object.entries(set).map(([key, value]) => [key, { value, provenance: 'flag' }]),
  );
  const answers = resolveAnswers({ catalogue, goal: new GoalIndex(''), chain, explicit });
  const maturity = (set['project.maturity'] ?? 'intermediate') as 'intermediate';
  return evaluateDeliverables({
    catalogue,
    blueprint,
    answers,
    chain,
    maturity,
    files: filesFromMap(new Map(Object.entries(files))),
  });
}
const statusOf = (results: ReturnType<typeof evaluate>, id: string) =>
  results.find((result) => result.id === id);

describe('deliverable statuses', () => {
  const complete = {
    'README.md': '# x\n## Quick start\n',
    'models/stg_a.sql': 'select * from {{ source("raw", "a") }}',
    'docs/runbook.md': '## Troubleshooting',
    'docs/other.md': 'nothing here',
  };

  it('fulfilled: every file present and non-empty, every check passes', () => {
    const results = evaluate(complete);
    expect(statusOf(results, 'readme')?.status).toBe('fulfilled');
    expect(statusOf(results, 'models')).toMatchObject({
      status: 'fulfilled',
      files: ['models/stg_a.sql'],
    });
    expect(statusOf(results, 'any')?.status).toBe('fulfilled');
  });

  it('missing: a file absent, or present but empty', () => {
    expect(statusOf(evaluate({ ...complete, 'README.md': '' }), 'readme')).toMatchObject({
      status: 'missing',
      missingFiles: ['README.md'],
    });
    const { 'models/stg_a.sql': _removed, ...withoutModels } = complete;
    expect(statusOf(evaluate(withoutModels), 'models')).toMatchObject({
      status: 'missing',
      missingFiles: ['models/stg_*.sql'],
    });
  });

  it('incomplete: files present, a check failed, naming the files that fail', () => {
    const results = evaluate({ ...complete, 'models/stg_b.sql': 'select 1' });
    expect(statusOf(results, 'models')).toMatchObject({
      status: 'incomplete',
      failedChecks: [{ description: 'reads sources', files: ['models/stg_b.sql'] }],
    });
    expect(statusOf(evaluate({ ...complete, 'docs/runbook.md': 'empty-ish' }), 'any')?.status).toBe(
      'incomplete',
    );
  });

  it('skipped: skill not in the chain, not required at this maturity, or its condition does not hold', () => {
    const results = evaluate(complete);
    expect(statusOf(results, 'topics')).toMatchObject({
      status: 'skipped',
      reason: 'streaming-data is not in the chain',
    });
    expect(statusOf(results, 'slo')).toMatchObject({
      status: 'skipped',
      reason: 'not required at intermediate (required at advanced)',
    });
    expect(statusOf(results, 'cdc')).toMatchObject({
      status: 'skipped',
      reason: 'does not apply to these answers',
    });
    expect(
      statusOf(
        evaluate(complete, ['transforming-data'], { 'project.maturity': 'starter' }),
        'models',
      )?.status,
    ).toBe('skipped');
  });

  it('completeness is fulfilled over required, passing at 80%', () => {
    const results = evaluate(complete);
    expect(completenessOf(results, 0.8)).toEqual({
      fulfilled: 3,
      required: 3,
      percent: 100,
      threshold: 80,
      passes: true,
    });
    const broken = evaluate({ ...complete, 'README.md': 'no quick start' });
    expect(completenessOf(broken, 0.8)).toMatchObject({
      fulfilled: 2,
      required: 3,
      percent: 66,
      passes: false,
    });
  });
});

describe('per-skill outputs (layer 1)', () => {
  it('checks base and conditional outputs of the chain skills with their must_contain patterns', () => {
    const streaming = catalogue.skills.find((skill) => skill.name === 'streaming-data')!;
    const chain = ['streaming-data'];
    const answers = resolveAnswers({
      catalogue,
      goal: new GoalIndex('kafka'),
      chain,
      explicit: new Map(),
    });
    const results = evaluateOutputs({
      catalogue,
      answers,
      chain,
      maturity: 'intermediate',
      files: filesFromMap(new Map()),
    });
    const expected =
      streaming.outputs.base.length +
      streaming.outputs.conditional
        .filter(
          (item) =>
            String(answers.get(item.dimension)?.value) === item.value ||
            (Array.isArray(answers.get(item.dimension)?.value) &&
              (answers.get(item.dimension)?.value as string[]).includes(item.value)),
        )
        .reduce((total, item) => total + item.outputs.length, 0);
    expect(results).toHaveLength(expected);
    expect(results.every((result) => result.status === 'missing')).toBe(true);
  });
});
