import { deliveredSecrets } from '../../shared/secret-delivery.js';
import { lines } from '../../shared/text.js';
import type { Workload } from '../../shared/workloads.js';
import { effectiveDelivery, kubernetesNamespace } from '../../shared/workloads.js';
import type { ProjectModel } from '../../types.js';
import { isAutoscaled, lagPerReplica } from './autoscaling.js';
import { consumerTerms } from './consumer-terms.js';
import { HEARTBEAT_FILE, imageNames, loaderImage, pipelineImage } from './runtime.js';
import { activeDeadlineSeconds } from './schedule.js';
import { maxReplicas } from './sizing.js';

/** k8s/README.md: what runs, why it is shaped this way, and how to deploy it. */
export function renderKubernetesReadme(
  model: ProjectModel,
  workloads: Workload[],
  databaseWorkloads: readonly string[],
): string {
  const namespace = kubernetesNamespace(model);
  const loader = workloads.find((workload) => workload.kind === 'deployment');
  const transforms = workloads.find((workload) => workload.kind === 'cronjob');
  const delivery = effectiveDelivery(model);
  return lines(
    `# Kubernetes manifests of ${model.title}`,
    '',
    `Everything runs in the namespace \`${namespace}\`, which enforces the restricted Pod Security Standard.`,
    'Review with `kubectl kustomize k8s`, apply with `kubectl apply -k k8s`.',
    '',
    '## What runs',
    '',
    workloads.length === 0 &&
      'No workload of this chain runs on Kubernetes (neither streaming-data nor transforming-data is in the chain).',
    loader && [
      `- **${loader.name}** (Deployment, \`k8s/workloads/${loader.name}.yaml\`): consumes ${model.topics.map((topic) => `\`${topic.name}\``).join(', ')} into the raw tables.`,
      consumerTerms(model).readme.map((line) => `  ${line}`),
      `  Give a ${model.streaming.broker === 'kinesis' ? 'stream' : 'topic'} its own Deployment only when its volume dwarfs the others.`,
      isAutoscaled(model)
        ? `  Autoscaled (\`k8s/autoscaling/\`, ${model.performance.autoscaling}): 1 to ${maxReplicas(model)} replicas${model.performance.autoscaling === 'keda-on-lag' ? `, one per ${lagPerReplica(model)} messages of lag` : ''}.`
        : model.flags.hasPerformance
          ? '  Fixed replicas (autoscaling = none).'
          : '  Fixed replicas: performance-engineering (which chooses the autoscaling) is not in this chain.',
    ],
    transforms && [
      `- **${transforms.name}** (CronJob, \`k8s/workloads/${transforms.name}.yaml\`): ${model.flags.usesPythonTransforms ? `the ${model.transforms.tool} transforms, ` : ''}${model.flags.usesDbt ? '`dbt source freshness` and `dbt build --target prod`' : ''} on`,
      `  \`${model.transforms.schedule}\` (UTC), never overlapping (Forbid), stopped after ${Math.round(activeDeadlineSeconds(model.transforms.schedule) / 60)} minutes so a stuck run cannot delay the next.`,
      model.transforms.orchestrator !== 'cron' &&
        `  Suspended by default: ${model.transforms.orchestrator} schedules the runs; resume it to run without the orchestrator.`,
    ],
    '',
    '## Images',
    '',
    model.flags.hasTransforms || (model.flags.hasStreaming && model.streaming.language === 'python')
      ? [
          `\`${pipelineImage(model)}\` is built from \`docker/pipeline/Dockerfile\` (requirements.txt plus the code, user 10001);`,
          `it runs ${[model.flags.hasTransforms && 'the transformations', model.flags.hasStreaming && model.streaming.language === 'python' && 'the loader'].filter(Boolean).join(' and ')}.`,
        ]
      : false,
    model.flags.hasStreaming && model.streaming.language !== 'python'
      ? `\`${loaderImage(model)}\` is the ${model.streaming.language} loader, built from \`streaming/Dockerfile\`.`
      : false,
    'Push them to your registry and point kustomize at the release:',
    '',
    '```sh',
    imageNames(model).map(
      (name) => `cd k8s && kustomize edit set image ${name}=<registry>/${name}:<tag>`,
    ),
    '```',
    '',
    '## Configuration and secrets',
    '',
    'Configuration comes from `k8s/config/pipeline.env` (the `pipeline-config` ConfigMap; set the',
    'endpoints of the environment there). Secrets never appear in these manifests:',
    '',
    workloads.map(
      (workload) =>
        `- \`${workload.name}\`: ${deliveredSecrets(model, workload, databaseWorkloads).origin}`,
    ),
    delivery === 'none' && workloads.some((workload) => workload.secrets.length > 0)
      ? [
          '',
          'No operator delivers them (k8s_delivery = none): create each Secret before the first deploy from a',
          'file kept outside the repository, and recreate it after every rotation:',
          '',
          '```sh',
          workloads
            .filter((workload) => workload.secrets.length > 0)
            .map(
              (workload) =>
                `kubectl -n ${namespace} create secret generic ${workload.name}-secrets --from-env-file=${workload.name}.env  # ${workload.secrets.map((secret) => secret.name).join(', ')}`,
            ),
          '```',
        ]
      : false,
    '',
    '## Hardening',
    '',
    '- Every container: CPU and memory requests, a memory limit (no CPU limit: throttling a loader only',
    '  grows its lag), non-root numeric user, no privilege escalation, all capabilities dropped,',
    '  RuntimeDefault seccomp, read-only root filesystem with an emptyDir at /tmp.',
    '- Own ServiceAccount per workload, without a mounted API token.',
    '- NetworkPolicies: nothing may connect in; egress only to DNS and the ports of the broker and',
    '  the warehouse (`k8s/policies/network-policies.yaml`).',
    loader && `- A PodDisruptionBudget keeps node drains to one ${loader.name} pod at a time.`,
    loader && [
      `- Probes read the age of \`${HEARTBEAT_FILE}\`, which the consumer touches after every poll: startup allows`,
      '  3 minutes to join the group, readiness one minute of silence, liveness (patient: a restart costs a',
      '  rebalance) five minutes.',
    ],
    model.architecture.warehouse === 'duckdb' && [
      '',
      'DuckDB is a file: pods cannot share one. In the cluster `DUCKDB_PATH` is `md:' +
        model.snakeName +
        '` (MotherDuck,',
      'DuckDB as a service) with `MOTHERDUCK_TOKEN` from the secrets.',
    ],
  );
}
