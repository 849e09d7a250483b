import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateCondition } from '../../../source/engine/answers/condition.js';
import { resolveAnswers } from '../../../source/engine/answers/resolve.js';
import type { ExplicitAnswer } from '../../../source/engine/answers/types.js';
import { GoalIndex } from '../../../source/engine/goal/goal-index.js';
import {
  evaluateRules,
  resolutionAnswers,
  resolutionsOf,
} from '../../../source/engine/rules/evaluate.js';
import { loadCatalogue } from '../../../source/engine/skills/load-catalogue.js';
import type { AnswerValue, Catalogue } from '../../../source/engine/skills/types.js';

let catalogue: Catalogue;
beforeAll(async () => {
  catalogue = await loadCatalogue();
});

const ALL = [
  'architecting-data',
  'streaming-data',
  'transforming-data',
  'optimizing-sql',
  'secret-management',
  'performance-engineering',
];

function findingsFor(set: Record<string, AnswerValue>, chain = ALL) {
  const explicit = new Map<string, ExplicitAnswer>(
    Object.entries(set).map(([key, value]) => [key, { value, provenance: 'flag' }]),
  );
  const answers = resolveAnswers({ catalogue, goal: new GoalIndex(''), chain, explicit });
  return { answers, findings: evaluateRules(catalogue, answers, chain) };
}

describe('conditions', () => {
  const context = (values: Record<string, AnswerValue>, chain: string[] = []) => ({
    value: (key: string) => values[key],
    chain: new Set(chain),
  });
  it('evaluates equality, lists, not_in, includes, combinators and $chain', () => {
    expect(evaluateCondition({ 'a.b': 'x' }, context({ 'a.b': 'x' }))).toBe(true);
    expect(evaluateCondition({ 'a.b': ['x', 'y'] }, context({ 'a.b': 'y' }))).toBe(true);
    expect(evaluateCondition({ 'a.b': { not_in: ['x'] } }, context({ 'a.b': 'x' }))).toBe(false);
    expect(evaluateCondition({ 'a.m': { includes: 'i' } }, context({ 'a.m': ['i', 'j'] }))).toBe(
      true,
    );
    expect(evaluateCondition({ 'a.m': { excludes: 'i' } }, context({ 'a.m': ['i'] }))).toBe(false);
    expect(
      evaluateCondition(
        { any: [{ 'a.b': 'q' }, { 'a.c': true }] },
        context({ 'a.b': 'x', 'a.c': true }),
      ),
    ).toBe(true);
    expect(evaluateCondition({ not: { 'a.b': 'x' } }, context({ 'a.b': 'x' }))).toBe(false);
    expect(evaluateCondition({ $chain: { includes: 's' } }, context({}, ['s']))).toBe(true);
    expect(evaluateCondition({ $chain: { excludes: 's' } }, context({}, ['s']))).toBe(false);
  });
  it('an answer that does not exist satisfies no matcher', () => {
    expect(evaluateCondition({ 'gone.key': { not_in: ['x'] } }, context({}))).toBe(false);
  });
});

/** Each conflict of rules.yaml (CATALOGUE §6) with answers that trigger it. */
const TRIGGERS: Record<string, Record<string, AnswerValue>> = {
  'lake-dbt-needs-engine': {
    'architecting-data.storage': 'lake',
    'architecting-data.warehouse': 'snowflake',
    'transforming-data.tool': 'dbt',
  },
  'exactly-once-without-transactions': {
    'streaming-data.delivery': 'exactly-once',
    'streaming-data.broker': 'pubsub',
    'project.cloud': 'gcp',
  },
  'kafka-streams-needs-jvm': {
    'streaming-data.processor': 'kafka-streams',
    'streaming-data.language': 'go',
  },
  'kafka-streams-needs-kafka': {
    'streaming-data.processor': 'kafka-streams',
    'streaming-data.language': 'java',
    'streaming-data.broker': 'kinesis',
  },
  'ksqldb-needs-kafka': { 'streaming-data.processor': 'ksqldb', 'streaming-data.broker': 'pulsar' },
  'debezium-needs-kafka-connect': {
    'streaming-data.cdc': 'debezium-postgres',
    'streaming-data.broker': 'pulsar',
  },
  'redshift-off-aws': { 'architecting-data.warehouse': 'redshift', 'project.cloud': 'azure' },
  'bigquery-off-gcp': { 'architecting-data.warehouse': 'bigquery', 'project.cloud': 'aws' },
  'secret-store-wrong-cloud': {
    'secret-management.store': 'azure-key-vault',
    'project.cloud': 'aws',
  },
  'pandas-at-large-volume': { 'project.volume': 'large', 'transforming-data.tool': 'pandas' },
  'cron-at-advanced': { 'project.maturity': 'advanced', 'transforming-data.orchestrator': 'cron' },
  'vault-operator-needs-vault': {
    'project.deployment': 'kubernetes',
    'secret-management.k8s_delivery': 'vault-secrets-operator',
    'secret-management.store': 'aws-secrets-manager',
  },
  'csi-driver-without-sops-provider': {
    'project.deployment': 'both',
    'secret-management.k8s_delivery': 'csi-driver',
    'secret-management.store': 'sops',
  },
  'k8s-delivery-without-kubernetes': {
    'project.deployment': 'docker-compose',
    'secret-management.k8s_delivery': 'external-secrets',
  },
};

describe('conflict rules', () => {
  it('covers every conflict of rules.yaml', () => {
    expect(Object.keys(TRIGGERS).sort()).toEqual(
      catalogue.rules.conflicts.map((rule) => rule.id).sort(),
    );
  });

  it('the default answers of the full chain raise no conflict', () => {
    expect(findingsFor({}).findings).toEqual([]);
  });

  for (const [id, set] of Object.entries(TRIGGERS)) {
    it(`${id}: fires on its answers, and its recommended resolution settles it`, () => {
      const { answers, findings } = findingsFor(set);
      expect(findings.map((finding) => finding.id)).toContain(id);
      const finding = findings.find((item) => item.id === id)!;
      const [recommended] = resolutionsOf(finding);
      expect(recommended?.back).toBeUndefined();
      const changes = resolutionAnswers(finding, recommended!, answers);
      if (recommended!.keep) return; // kept with a note: nothing changes
      const resolved = findingsFor({
        ...set,
        ...Object.fromEntries([...changes].map(([key, answer]) => [key, answer.value])),
      });
      expect(resolved.findings.map((item) => item.id)).not.toContain(id);
    });
  }

  it('does not fire for skills outside the chain', () => {
    expect(findingsFor(TRIGGERS['cron-at-advanced']!, ['architecting-data']).findings).toEqual([]);
  });

  it('names the answers in the message ({project.cloud} → gcp), and every placeholder is a question', () => {
    const { findings } = findingsFor({
      'architecting-data.warehouse': 'redshift',
      'project.cloud': 'gcp',
    });
    const finding = findings.find((item) => item.id === 'redshift-off-aws');
    expect(finding?.kind === 'conflict' && finding.rule.message).toBe(
      'Redshift lives on AWS, but the cloud is gcp',
    );
    const keys = new Set(
      [catalogue.project, ...catalogue.skills].flatMap((section) =>
        section.questions.map((question) => question.key),
      ),
    );
    for (const rule of catalogue.rules.conflicts)
      for (const [, key] of rule.message.matchAll(/\{([^}]+)\}/g))
        expect(keys, `${rule.id}: {${key}}`).toContain(key);
  });

  it('set_from maps the store to the cloud', () => {
    const { answers, findings } = findingsFor({
      'secret-management.store': 'aws-secrets-manager',
      'project.cloud': 'gcp',
    });
    const finding = findings.find((item) => item.id === 'secret-store-wrong-cloud')!;
    const changes = resolutionAnswers(finding, resolutionsOf(finding)[0]!, answers);
    expect(changes.get('secret-management.store')?.value).toBe('gcp-secret-manager');
  });
});
