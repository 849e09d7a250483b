import type { Workload } from '../../shared/workloads.js';
import type { FileSpec, ProjectModel } from '../../types.js';
import { selectorLabels, workloadLabels } from './labels.js';
import { podSpec, serviceAccount } from './pod.js';
import { pipelineImage, transformCommand } from './runtime.js';
import { activeDeadlineSeconds } from './schedule.js';
import { transformResources } from './sizing.js';

/**
 * The batch transformations as a CronJob on the schedule answer. Forbid keeps runs from
 * overlapping (two dbt builds on the same tables race), the deadline stays below the gap between
 * runs, and failed Jobs are kept for their logs.
 */
export function transformsWorkloadFile(
  model: ProjectModel,
  workload: Workload,
  databaseWorkloads: readonly string[],
): FileSpec {
  const labels = workloadLabels(model, workload.name, 'batch');
  const orchestrated = model.transforms.orchestrator !== 'cron';
  return {
    path: `k8s/workloads/${workload.name}.yaml`,
    kind: 'yaml',
    isMultiDocument: true,
    header: [
      `Batch transformations of ${model.title}: ${describe(model)} on "${model.transforms.schedule}" (UTC).`,
      orchestrated
        ? `Suspended: ${model.transforms.orchestrator} schedules the runs in production. Resume it (\`kubectl patch cronjob ${workload.name} -p '{"spec":{"suspend":false}}'\`) to run without the orchestrator.`
        : 'This CronJob is the production scheduler (orchestrator = cron).',
      'Forbid: a run never starts while the previous one is still running; the deadline stops a stuck run',
      'before the next one is due.',
    ],
    data: () => [
      serviceAccount(model, workload, labels),
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: workload.name, labels },
        spec: {
          schedule: model.transforms.schedule,
          timeZone: 'Etc/UTC',
          concurrencyPolicy: 'Forbid',
          suspend: orchestrated,
          // A run missed by more than 10 minutes (controller down) is skipped, not run late.
          startingDeadlineSeconds: 600,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 5,
          jobTemplate: {
            metadata: { labels },
            spec: {
              backoffLimit: 2,
              activeDeadlineSeconds: activeDeadlineSeconds(model.transforms.schedule),
              ttlSecondsAfterFinished: 86_400,
              template: {
                metadata: { labels: { ...labels, ...selectorLabels(model, workload.name) } },
                spec: {
                  restartPolicy: 'Never',
                  ...podSpec(
                    model,
                    workload,
                    {
                      name: 'transforms',
                      image: pipelineImage(model),
                      command: transformCommand(model),
                      resources: transformResources(model),
                      env: {
                        // dbt writes target/ and logs/; the root filesystem is read-only.
                        DBT_TARGET_PATH: '/tmp/dbt/target',
                        DBT_LOG_PATH: '/tmp/dbt/logs',
                        HOME: '/tmp',
                      },
                    },
                    databaseWorkloads,
                  ),
                },
              },
            },
          },
        },
      },
    ],
  };
}

function describe(model: ProjectModel): string {
  const parts = [
    model.flags.usesPythonTransforms && `the ${model.transforms.tool} transforms`,
    model.flags.usesDbt && 'dbt source freshness and dbt build',
  ].filter((part): part is string => typeof part === 'string');
  return parts.join(', then ');
}
