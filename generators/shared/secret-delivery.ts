import type { ProjectModel } from '../../source/engine/model/types.js';
import type { Workload } from './workloads.js';
import { effectiveDelivery, usesDynamicCredentials, workloadSecretName } from './workloads.js';

/**
 * What a Kubernetes workload's pod reads its secrets from, whichever way they are delivered: the
 * Secrets for `envFrom` (later ones win), the Secret and key holding each variable (file secrets
 * are mounted from there), and the CSI volume the driver needs mounted to sync its Secret.
 * The secret-management generator writes the objects that create these Secrets; the Kubernetes
 * manifests consume them; both take the names from here.
 */
export interface DeliveredSecrets {
  secretNames: string[];
  locations: Map<string, { secret: string; key: string }>;
  csiVolume?: { name: string; secretProviderClass: string; mountPath: string };
  /** One sentence on where the Secrets come from, for comments and the README. */
  origin: string;
}

export const CSI_MOUNT_PATH = '/mnt/secrets-store';

/** VSO writes one Secret per KV entry (group). */
export function vaultSecretsOperatorSecretName(
  workload: Pick<Workload, 'name'>,
  group: string,
): string {
  return `${workload.name}-${group}`;
}

export function databaseCredentialsSecretName(workload: Pick<Workload, 'name'>): string {
  return `${workload.name}-database`;
}

/** Whether Vault's dynamic database credentials are delivered to this workload (VSO only). */
export function hasDynamicDatabaseSecret(
  model: ProjectModel,
  workload: Workload,
  databaseWorkloads: readonly string[],
): boolean {
  return (
    usesDynamicCredentials(model) &&
    model.secrets.store === 'vault' &&
    effectiveDelivery(model) === 'vault-secrets-operator' &&
    databaseWorkloads.includes(workload.name)
  );
}

export function deliveredSecrets(
  model: ProjectModel,
  workload: Workload,
  databaseWorkloads: readonly string[] = [],
): DeliveredSecrets {
  const delivery = effectiveDelivery(model);
  const locations = new Map<string, { secret: string; key: string }>();
  if (workload.secrets.length === 0)
    return { secretNames: [], locations, origin: 'This workload reads no secrets.' };
  if (delivery === 'vault-secrets-operator') {
    const names = workload.groups.map((group) =>
      vaultSecretsOperatorSecretName(workload, group.name),
    );
    for (const group of workload.groups) {
      for (const secret of group.secrets)
        locations.set(secret.name, {
          secret: vaultSecretsOperatorSecretName(workload, group.name),
          key: secret.name,
        });
    }
    if (hasDynamicDatabaseSecret(model, workload, databaseWorkloads))
      names.push(databaseCredentialsSecretName(workload));
    return {
      secretNames: names,
      locations,
      origin:
        workload.kind === 'deployment'
          ? `The Vault Secrets Operator syncs ${names.join(', ')} from Vault and restarts the Deployment when they change.`
          : `The Vault Secrets Operator syncs ${names.join(', ')} from Vault; each run reads the current values.`,
    };
  }
  const name = workloadSecretName(workload);
  for (const secret of workload.secrets)
    locations.set(secret.name, { secret: name, key: secret.name });
  switch (delivery) {
    case 'external-secrets':
      return {
        secretNames: [name],
        locations,
        origin: `External Secrets Operator creates and refreshes ${name} from the ${model.secrets.store} store.`,
      };
    case 'csi-driver':
      return {
        secretNames: [name],
        locations,
        csiVolume: {
          name: 'secrets-store',
          secretProviderClass: `${workload.name}-secrets`,
          mountPath: CSI_MOUNT_PATH,
        },
        origin: `The Secrets Store CSI driver mounts the secrets at ${CSI_MOUNT_PATH} and syncs them into ${name} while the pod runs.`,
      };
    case 'none':
      return {
        secretNames: [name],
        locations,
        origin: `${name} is created by the operator before the first deploy (k8s/README.md, "Secrets"); nothing syncs it.`,
      };
  }
}
