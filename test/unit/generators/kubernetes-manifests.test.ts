import { describe, expect, it } from 'vitest';
import { kubernetesFiles } from '../../../generators/project/kubernetes/index.js';
import {
  activeDeadlineSeconds,
  shortestGapMinutes,
} from '../../../generators/project/kubernetes/schedule.js';
import { lagPerReplica } from '../../../generators/project/kubernetes/autoscaling.js';
import { fixedReplicas, maxReplicas } from '../../../generators/project/kubernetes/sizing.js';
import { renderFileSpec } from '../../../source/engine/generate/serialize.js';
import { parseYamlDocuments } from '../../../source/engine/validate/domain/stack.js';
import { buildProject } from '../../support/project.js';

const ALL = [
  'architecting-data',
  'streaming-data',
  'transforming-data',
  'secret-management',
  'performance-engineering',
];

describe('schedule gaps', () => {
  it.each([
    ['0 * * * *', 60],
    ['*/15 * * * *', 15],
    ['0 2 * * *', 1440],
    ['30 6 * * 1-5', 1440],
    ['0,30 9-17 * * *', 30],
    ['0 0,12 * * *', 720],
    ['@hourly', 60],
  ])('%s runs at most every %i minutes', (schedule, minutes) => {
    expect(shortestGapMinutes(schedule)).toBe(minutes);
  });

  it('keeps the deadline under the gap and at most four hours', () => {
    expect(activeDeadlineSeconds('*/15 * * * *')).toBe(810);
    expect(activeDeadlineSeconds('0 * * * *')).toBe(3240);
    expect(activeDeadlineSeconds('0 2 * * *')).toBe(14_400);
  });
});

describe('Kubernetes manifests', () => {
  it('are not generated without Kubernetes', async () => {
    const { model } = await buildProject({
      goal: 'pipeline',
      skills: ALL,
      set: { 'project.deployment': 'docker-compose' },
    });
    expect(kubernetesFiles(model, [])).toEqual([]);
  });

  it('list every manifest and every contributed resource in the kustomization', async () => {
    const { model } = await buildProject({
      goal: 'pipeline',
      skills: ALL,
      set: { 'project.deployment': 'kubernetes' },
    });
    const files = kubernetesFiles(model, ['external-secrets/secret-store.yaml']);
    const kustomization = parseYamlDocuments(
      await renderFileSpec(files[0] ?? { path: '', kind: 'text', render: () => '' }),
    ).documents[0] as { resources: string[] };
    const manifests = files
      .filter((file) => file.kind === 'yaml' && file.path !== 'k8s/kustomization.yaml')
      .map((file) => file.path.replace(/^k8s\//, ''));
    expect(kustomization.resources).toEqual([...manifests, 'external-secrets/secret-store.yaml']);
  });

  it('size autoscaling by partitions and lag', async () => {
    const { model } = await buildProject({
      goal: 'pipeline',
      skills: ALL,
      set: {
        'project.deployment': 'kubernetes',
        'project.volume': 'large',
        'streaming-data.partitions': 4,
        'performance-engineering.lag_alert_threshold': 10000,
      },
    });
    expect(maxReplicas(model)).toBe(4);
    expect(fixedReplicas(model)).toBe(3);
    expect(lagPerReplica(model)).toBe(2000);
    const scaledObject = kubernetesFiles(model, []).find(
      (file) => file.path === 'k8s/autoscaling/loader-scaledobject.yaml',
    );
    const documents = parseYamlDocuments(
      await renderFileSpec(scaledObject ?? { path: '', kind: 'text', render: () => '' }),
    ).documents as { kind: string; spec: { maxReplicaCount?: number; triggers?: unknown[] } }[];
    const scaler = documents.find((document) => document.kind === 'ScaledObject');
    expect(scaler?.spec.maxReplicaCount).toBe(4);
    expect(scaler?.spec.triggers).toHaveLength(model.topics.length);
  });

  it('suspend the CronJob when an orchestrator schedules the runs', async () => {
    for (const [orchestrator, suspended] of [
      ['airflow', true],
      ['cron', false],
    ] as const) {
      const { model } = await buildProject({
        goal: 'pipeline',
        skills: ALL,
        set: {
          'project.deployment': 'kubernetes',
          'transforming-data.orchestrator': orchestrator,
          'project.maturity': 'intermediate',
        },
      });
      const cronJob = kubernetesFiles(model, []).find(
        (file) => file.path === 'k8s/workloads/transforms.yaml',
      );
      const documents = parseYamlDocuments(
        await renderFileSpec(cronJob ?? { path: '', kind: 'text', render: () => '' }),
      ).documents as { kind: string; spec: { suspend?: boolean } }[];
      expect(documents.find((document) => document.kind === 'CronJob')?.spec.suspend).toBe(
        suspended,
      );
    }
  });
});

describe('the words of the broker', () => {
  /** The comment header of a generated YAML file (lines starting with #, before the data). */
  const headerOf = (text: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith('#'))
      .join('\n');
  const KAFKA_WORDS = /consumer group|partition count|\bone broker\b|rebalance/i;

  it.each([
    ['kinesis', /shard/, /consumer application/],
    ['pubsub', /subscription/, /subscription/],
    ['pulsar', /Key_Shared subscription/, /Key_Shared/],
  ] as const)(
    '%s: the loader, its disruption budget and topics.yaml speak of its own concepts',
    async (broker, loaderWords, budgetWords) => {
      const { files } = await buildProject({
        goal: 'stream events into the warehouse',
        skills: ALL,
        set: {
          'project.deployment': 'kubernetes',
          'project.cloud': broker === 'pubsub' ? 'gcp' : 'aws',
          'architecting-data.warehouse': broker === 'pubsub' ? 'bigquery' : 'redshift',
          'streaming-data.broker': broker,
        },
      });
      const loader = headerOf(files.get('k8s/workloads/loader.yaml') ?? '');
      expect(loader).toMatch(loaderWords);
      expect(loader).not.toMatch(KAFKA_WORDS);
      const budget = headerOf(files.get('k8s/policies/loader-pdb.yaml') ?? '');
      expect(budget).toMatch(budgetWords);
      expect(budget).not.toMatch(KAFKA_WORDS);
      const topics = headerOf(files.get('streaming/topics.yaml') ?? '');
      expect(topics).not.toMatch(/\bone broker\b|clamps replication/);
      expect(files.get('k8s/README.md') ?? '').not.toMatch(/consumer group/);
      if (broker === 'kinesis') {
        expect(topics).toMatch(/^# Streams of .*dead-letter stream\./);
        expect(topics).toMatch(/LocalStack/);
        // One replica (fixed; an autoscaler owns the count otherwise).
        const replicas = /^ {2}replicas: (\d+)$/m.exec(
          files.get('k8s/workloads/loader.yaml') ?? '',
        );
        if (replicas) expect(replicas[1]).toBe('1');
      }
    },
  );

  it('kinesis runs one fixed loader replica: it checkpoints every shard itself', async () => {
    const { model } = await buildProject({
      goal: 'stream events into the warehouse',
      skills: ALL,
      set: { 'project.deployment': 'kubernetes', 'streaming-data.broker': 'kinesis' },
    });
    expect(fixedReplicas({ ...model, volume: 'large' })).toBe(1);
    expect(
      fixedReplicas({
        ...model,
        volume: 'large',
        streaming: { ...model.streaming, broker: 'kafka' },
      }),
    ).toBeGreaterThan(1);
  });

  it('kafka keeps its consumer group and partitions', async () => {
    const { files } = await buildProject({
      goal: 'stream events into the warehouse',
      skills: ALL,
      set: { 'project.deployment': 'kubernetes', 'streaming-data.broker': 'kafka' },
    });
    const loader = headerOf(files.get('k8s/workloads/loader.yaml') ?? '');
    expect(loader).toMatch(/consumer group/);
    expect(loader).toMatch(/partition/);
  });
});
