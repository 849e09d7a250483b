import type { Workload } from '../../shared/workloads.js';
import type { FileSpec, ProjectModel } from '../../types.js';
import { consumerTerms } from './consumer-terms.js';
import { selectorLabels, workloadLabels } from './labels.js';
import { podSpec, serviceAccount } from './pod.js';
import { HEARTBEAT_FILE, loaderCommand, loaderImage } from './runtime.js';
import { fixedReplicas, loaderResources } from './sizing.js';

/**
 * One loader Deployment for all topics: the raw landing is the same idempotent upsert for every
 * entity, so one consumer group spreads all partitions over its replicas and scales as one.
 * Split a topic into its own Deployment only when its volume dwarfs the others.
 */
export function loaderWorkloadFile(
  model: ProjectModel,
  workload: Workload,
  databaseWorkloads: readonly string[],
  isAutoscaled: boolean,
): FileSpec {
  const labels = workloadLabels(model, workload.name, 'stream-loader');
  const terms = consumerTerms(model);
  const heartbeatAge = (seconds: number) => [
    '/bin/sh',
    '-c',
    `test -f ${HEARTBEAT_FILE} && test $(( $(date +%s) - $(stat -c %Y ${HEARTBEAT_FILE}) )) -lt ${seconds}`,
  ];
  return {
    path: `k8s/workloads/${workload.name}.yaml`,
    kind: 'yaml',
    isMultiDocument: true,
    header: [
      `Stream loader of ${model.title}: consumes ${model.topics.map((topic) => topic.name).join(', ')}`,
      'into the raw tables.',
      ...terms.deployment,
      isAutoscaled
        ? 'Replicas are set by k8s/autoscaling/, not here.'
        : 'Fixed replicas: no autoscaling was chosen.',
      `Probes read the age of ${HEARTBEAT_FILE}, which the loader touches after every poll: no HTTP`,
      `server needed, and ${terms.stuck}`,
    ],
    data: () => [
      serviceAccount(model, workload, labels),
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: workload.name, labels },
        spec: {
          ...(isAutoscaled ? {} : { replicas: fixedReplicas(model) }),
          revisionHistoryLimit: 5,
          selector: { matchLabels: selectorLabels(model, workload.name) },
          // One consumer at a time leaves the group: each rebalance moves few partitions.
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
          template: {
            metadata: { labels: { ...labels, ...selectorLabels(model, workload.name) } },
            spec: {
              // Lets the consumer commit its offsets and leave the group cleanly on SIGTERM.
              terminationGracePeriodSeconds: 60,
              ...podSpec(
                model,
                workload,
                {
                  name: 'loader',
                  image: loaderImage(model),
                  command: loaderCommand(model),
                  resources: loaderResources(model),
                  probes: {
                    // Startup: up to 3 minutes to connect, join the group and poll once.
                    startupProbe: {
                      exec: { command: heartbeatAge(3600) },
                      periodSeconds: 5,
                      failureThreshold: 36,
                    },
                    readinessProbe: {
                      exec: { command: heartbeatAge(60) },
                      periodSeconds: 10,
                      timeoutSeconds: 5,
                      failureThreshold: 3,
                    },
                    // Liveness is cheap and patient: a restart costs a rebalance, so only a loader
                    // silent for 5 minutes is restarted.
                    livenessProbe: {
                      exec: { command: heartbeatAge(120) },
                      periodSeconds: 30,
                      timeoutSeconds: 5,
                      failureThreshold: 5,
                    },
                  },
                },
                databaseWorkloads,
              ),
            },
          },
        },
      },
    ],
  };
}
