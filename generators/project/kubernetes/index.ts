import { dynamicCredentialWorkloads, kubernetesWorkloads } from '../../shared/workloads.js';
import type { FileSpec, ProjectModel } from '../../types.js';
import { autoscalingFiles, isAutoscaled } from './autoscaling.js';
import { renderPipelineEnv } from './config.js';
import { renderPipelineDockerfile } from './dockerfile.js';
import { kustomizationFile, namespaceFile } from './kustomization.js';
import { loaderWorkloadFile } from './loader.js';
import { policyFiles } from './policies.js';
import { renderKubernetesReadme } from './readme.js';
import { transformsWorkloadFile } from './transforms.js';

/**
 * The Kubernetes manifests of the chain (deliverable 28), when the deployment includes Kubernetes:
 * the namespace, a Deployment for the stream loader, a CronJob for the batch transformations,
 * disruption budgets, network policies, autoscaling and the kustomization that lists them all,
 * including the manifests skills contribute (`contributedResources`, relative to k8s/).
 */
export function kubernetesFiles(
  model: ProjectModel,
  contributedResources: readonly string[],
): FileSpec[] {
  if (!model.flags.usesKubernetes) return [];
  const workloads = kubernetesWorkloads(model);
  const database = dynamicCredentialWorkloads(model);
  const loader = workloads.find((workload) => workload.kind === 'deployment');
  const transforms = workloads.find((workload) => workload.kind === 'cronjob');
  const manifests: FileSpec[] = [
    namespaceFile(model),
    ...(loader ? [loaderWorkloadFile(model, loader, database, isAutoscaled(model))] : []),
    ...(transforms ? [transformsWorkloadFile(model, transforms, database)] : []),
    ...(workloads.length > 0 ? policyFiles(model, workloads) : []),
    ...(loader ? autoscalingFiles(model, loader) : []),
  ];
  const resources = [
    ...manifests.map((file) => file.path.replace(/^k8s\//, '')),
    ...contributedResources.filter((path) => !path.startsWith('../')),
  ];
  return [
    kustomizationFile(model, [...new Set(resources)]),
    ...manifests,
    { path: 'k8s/config/pipeline.env', kind: 'text', render: () => renderPipelineEnv(model) },
    {
      path: 'k8s/README.md',
      kind: 'text',
      render: () => renderKubernetesReadme(model, workloads, database),
    },
    ...(workloads.length > 0
      ? [
          {
            path: 'docker/pipeline/Dockerfile',
            kind: 'text',
            render: () => renderPipelineDockerfile(model),
          } satisfies FileSpec,
        ]
      : []),
  ];
}
