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
