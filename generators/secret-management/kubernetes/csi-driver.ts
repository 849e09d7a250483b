import { stringify } from 'yaml';
import type { Workload } from '../../shared/workloads.js';
import { kubernetesWorkloads, workloadSecretName } from '../../shared/workloads.js';
import type { FileSpec, ProjectModel } from '../../types.js';
import {
  awsSecretName,
  azureKeyVaultName,
  azureSecretName,
  gcpSecretId,
  VAULT_KV_MOUNT,
  vaultKvPath,
  vaultRole,
} from '../layout.js';
import { AWS_REGION, gcpProjectId, labels, VAULT_IN_CLUSTER_ADDRESS } from './common.js';

/**
 * Secrets Store CSI driver: one SecretProviderClass per workload for the store's provider. The
 * driver mounts each secret as a file and, through `secretObjects`, mirrors them into the
 * workload's Secret while a pod mounts the volume (that is what `envFrom` reads).
 */
export function csiDriverFiles(model: ProjectModel): { files: FileSpec[]; resources: string[] } {
  const targets = kubernetesWorkloads(model).filter((workload) => workload.secrets.length > 0);
  const files = targets.map((workload): FileSpec => ({
    path: `k8s/secrets-store/${workload.name}-secret-provider-class.yaml`,
    kind: 'yaml',
    header: [
      `Secrets of the ${workload.name} workload through the Secrets Store CSI driver (provider ${provider(model)}).`,
      'The pod reads with its own identity: nothing but this pod can see these values. Enable rotation',
      '(--enable-secret-rotation) on the driver to refresh the files; env vars change at the next restart.',
    ],
    data: () => secretProviderClass(model, workload),
  }));
  return { files, resources: files.map((file) => file.path.replace(/^k8s\//, '')) };
}

function provider(model: ProjectModel): 'vault' | 'aws' | 'gcp' | 'azure' {
  switch (model.secrets.store) {
    case 'vault':
      return 'vault';
    case 'aws-secrets-manager':
      return 'aws';
    case 'gcp-secret-manager':
      return 'gcp';
    // SOPS never reaches here: effectiveDelivery() routes it to External Secrets.
    case 'azure-key-vault':
    case 'sops':
      return 'azure';
  }
}

/** The provider-specific parameters; their object lists are YAML strings, built as data. */
function parameters(model: ProjectModel, workload: Workload): Record<string, string> {
  const entries = workload.groups.flatMap((group) =>
    group.secrets.map((secret) => ({ group, secret })),
  );
  const yamlList = (items: unknown[]) => stringify(items, { lineWidth: 0 });
  switch (model.secrets.store) {
    case 'vault':
      return {
        vaultAddress: VAULT_IN_CLUSTER_ADDRESS,
        roleName: vaultRole(model, workload.name),
        vaultKubernetesMountPath: 'kubernetes',
        audience: 'vault',
        objects: yamlList(
          entries.map(({ group, secret }) => ({
            objectName: secret.name,
            secretPath: `${VAULT_KV_MOUNT}/data/${vaultKvPath(model, group)}`,
            secretKey: secret.name,
          })),
        ),
      };
    case 'aws-secrets-manager':
      return {
        region: AWS_REGION,
        // EKS Pod Identity: the association (not a ServiceAccount annotation) maps the pod to its role.
        usePodIdentity: 'true',
        objects: yamlList(
          entries.map(({ group, secret }) => ({
            objectName: awsSecretName(model, group, secret),
            objectType: 'secretsmanager',
            objectAlias: secret.name,
          })),
        ),
      };
    case 'gcp-secret-manager':
      return {
        secrets: yamlList(
          entries.map(({ group, secret }) => ({
            resourceName: `projects/${gcpProjectId(model)}/secrets/${gcpSecretId(model, group, secret)}/versions/latest`,
            path: secret.name,
          })),
        ),
      };
    case 'azure-key-vault':
    case 'sops':
      return {
        usePodIdentity: 'false',
        keyvaultName: azureKeyVaultName(model),
        // Replace both with `terraform output` of config/secrets/terraform (reader_client_ids) and
        // `az account show --query tenantId`: they identify, they do not authenticate.
        clientID: `${workload.name}-client-id`,
        tenantId: 'tenant-id',
        objects: stringify(
          {
            array: entries.map(({ group, secret }) =>
              stringify(
                {
                  objectName: azureSecretName(group, secret),
                  objectType: 'secret',
                  objectAlias: secret.name,
                },
                { lineWidth: 0 },
              ),
            ),
          },
          { lineWidth: 0 },
        ),
      };
  }
}

function secretProviderClass(model: ProjectModel, workload: Workload): Record<string, unknown> {
  return {
    apiVersion: 'secrets-store.csi.x-k8s.io/v1',
    kind: 'SecretProviderClass',
    metadata: { name: `${workload.name}-secrets`, labels: labels(model, 'secrets', workload.name) },
    spec: {
      provider: provider(model),
      parameters: parameters(model, workload),
      secretObjects: [
        {
          secretName: workloadSecretName(workload),
          type: 'Opaque',
          labels: labels(model, 'secrets', workload.name),
          data: workload.secrets.map((secret) => ({ objectName: secret.name, key: secret.name })),
        },
      ],
    },
  };
}
