import type { FileSpec, ProjectModel } from '../../types.js';
import { kubernetesNamespace } from '../../shared/workloads.js';
import { IMAGE_TAG } from './labels.js';
import { imageNames, pipelineImageName } from './runtime.js';

/** k8s/kustomization.yaml: every manifest, the namespace, common labels, the ConfigMap and the image tag. */
export function kustomizationFile(model: ProjectModel, resources: readonly string[]): FileSpec {
  return {
    path: 'k8s/kustomization.yaml',
    kind: 'yaml',
    header: [
      `Kubernetes manifests of ${model.title}: \`kubectl apply -k k8s\` (or \`kubectl kustomize k8s\` to review).`,
      'Every resource is listed here, including the secret delivery written by secret-management.',
      `Release a new image with \`cd k8s && kustomize edit set image ${pipelineImageName(model)}=<registry>/${pipelineImageName(model)}:<tag>\`.`,
    ],
    data: () => ({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace: kubernetesNamespace(model),
      labels: [{ pairs: { 'app.kubernetes.io/part-of': model.name }, includeSelectors: false }],
      resources: [...resources],
      configMapGenerator: [{ name: 'pipeline-config', envs: ['config/pipeline.env'] }],
      images: imageNames(model).map((name) => ({ name, newTag: IMAGE_TAG })),
    }),
  };
}

/** k8s/namespace.yaml: the restricted Pod Security Standard enforced, audited and warned. */
export function namespaceFile(model: ProjectModel): FileSpec {
  return {
    path: 'k8s/namespace.yaml',
    kind: 'yaml',
    header: [
      'The restricted Pod Security Standard is enforced: a pod that could run as root, escalate or keep',
      'capabilities is rejected at admission, not discovered in an audit.',
    ],
    data: () => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: kubernetesNamespace(model),
        labels: {
          'app.kubernetes.io/part-of': model.name,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/audit-version': 'latest',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/warn-version': 'latest',
        },
      },
    }),
  };
}
