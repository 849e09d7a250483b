import type { SecretGroup } from '../../shared/workloads.js';
import {
  effectiveDelivery,
  kubernetesNamespace,
  secretGroups,
  workloadServiceAccount,
  workloads,
} from '../../shared/workloads.js';
import type { ProjectModel } from '../../types.js';

/**
 * Who the cloud IAM grants read access to: each workload on its own groups and, when External
 * Secrets delivers to Kubernetes, the operator's controller on the groups of the Kubernetes
 * workloads (it reads with its own workload identity, so manifests carry no account ids).
 */
export interface Reader {
  name: string;
  groups: SecretGroup[];
  /** Kubernetes identity when the reader runs on the cluster: namespace and ServiceAccount. */
  kubernetes?: { namespace: string; serviceAccount: string };
}

/** The External Secrets Operator's default Helm install: namespace and ServiceAccount. */
export const EXTERNAL_SECRETS_IDENTITY = {
  namespace: 'external-secrets',
  serviceAccount: 'external-secrets',
};

export function readers(model: ProjectModel): Reader[] {
  const all = workloads(model).filter((workload) => workload.groups.length > 0);
  const namespace = kubernetesNamespace(model);
  const delivery = effectiveDelivery(model);
  const result: Reader[] = [];
  for (const workload of all) {
    const isOnCluster = model.flags.usesKubernetes && workload.kind !== 'external';
    if (!isOnCluster) result.push({ name: workload.name, groups: workload.groups });
    // The CSI driver reads with the pod's own identity; External Secrets and hand-made Secrets
    // need no cloud identity on the pod at all.
    else if (delivery === 'csi-driver') {
      result.push({
        name: workload.name,
        groups: workload.groups,
        kubernetes: { namespace, serviceAccount: workloadServiceAccount(workload) },
      });
    }
  }
  if (delivery === 'external-secrets') {
    const needed = new Set(
      all
        .filter((workload) => workload.kind !== 'external')
        .flatMap((workload) => workload.groups.map((group) => group.name)),
    );
    const groups = secretGroups(model).filter((group) => needed.has(group.name));
    if (groups.length > 0)
      result.push({ name: 'external-secrets', groups, kubernetes: EXTERNAL_SECRETS_IDENTITY });
  }
  return result;
}
