import type { Workload } from '../../shared/workloads.js';
import {
  kubernetesNamespace,
  kubernetesWorkloads,
  workloadSecretName,
  workloadServiceAccount,
} from '../../shared/workloads.js';
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

const API_VERSION = 'external-secrets.io/v1';
export const SOPS_SOURCE_SECRET = 'sops-source';
const SOPS_READER = 'sops-source-reader';

/**
 * External Secrets Operator (external-secrets.io/v1; v1beta1 is no longer served from ESO 0.17):
 * a SecretStore for the chosen backend and one ExternalSecret per workload, which creates and
 * owns the workload's Secret. Returns the files and their paths relative to k8s/.
 */
export function externalSecretsFiles(model: ProjectModel): {
  files: FileSpec[];
  resources: string[];
} {
  const targets = kubernetesWorkloads(model).filter((workload) => workload.secrets.length > 0);
  if (targets.length === 0) return { files: [], resources: [] };
  const files: FileSpec[] = [
    {
      path: 'k8s/external-secrets/secret-store.yaml',
      kind: 'yaml',
      isMultiDocument: true,
      header: [
        `Where External Secrets Operator reads the secrets of ${model.name}: ${storeSentence(model)}.`,
        'Every `kind: ExternalSecret` in this folder reads through this store, and its refreshInterval',
        'says how soon a rotated value reaches the cluster. Requires ESO 0.17+ (external-secrets.io/v1).',
      ],
      data: () => storeDocuments(model, targets),
    },
    ...targets.map((workload): FileSpec => ({
      path: `k8s/external-secrets/${workload.name}-external-secret.yaml`,
      kind: 'yaml',
      header: [
        `Secrets of the ${workload.name} workload: ESO creates ${workloadSecretName(workload)} (creationPolicy Owner, so it`,
        'is deleted with this object) and re-reads the store every refreshInterval. Pods read the values at',
        'start: after a rotation, restart the workload (`kubectl rollout restart`) or let the next run pick it up.',
      ],
      data: () => externalSecret(model, workload),
    })),
  ];
  return { files, resources: files.map((file) => file.path.replace(/^k8s\//, '')) };
}

function storeSentence(model: ProjectModel): string {
  switch (model.secrets.store) {
    case 'vault':
      return 'HashiCorp Vault KV v2, one store per workload so each logs in with its own ServiceAccount and Vault role';
    case 'aws-secrets-manager':
      return "AWS Secrets Manager, read with the operator's own identity (IRSA or EKS Pod Identity, granted in config/secrets/terraform/iam.tf)";
    case 'gcp-secret-manager':
      return "Google Secret Manager, read with the operator's Workload Identity (granted in config/secrets/terraform/iam.tf)";
    case 'azure-key-vault':
      return "Azure Key Vault, read with the operator's workload identity (granted in config/secrets/terraform/iam.tf)";
    case 'sops':
      return `the ${SOPS_SOURCE_SECRET} Secret that SOPS decrypts into this namespace (config/secrets/README.md), copied per workload by the Kubernetes provider`;
  }
}

export function secretStoreName(model: ProjectModel, workload: Workload): string {
  return model.secrets.store === 'vault' ? `${workload.name}-vault` : 'secret-store';
}

function storeDocuments(model: ProjectModel, targets: Workload[]): Record<string, unknown>[] {
  const store = (name: string, provider: Record<string, unknown>) => ({
    apiVersion: API_VERSION,
    kind: 'SecretStore',
    metadata: { name, labels: labels(model, 'secrets') },
    spec: { provider },
  });
  switch (model.secrets.store) {
    case 'vault':
      return targets.map((workload) =>
        store(secretStoreName(model, workload), {
          vault: {
            server: VAULT_IN_CLUSTER_ADDRESS,
            path: VAULT_KV_MOUNT,
            version: 'v2',
            auth: {
              kubernetes: {
                mountPath: 'kubernetes',
                role: vaultRole(model, workload.name),
                serviceAccountRef: { name: workloadServiceAccount(workload), audiences: ['vault'] },
              },
            },
          },
        }),
      );
    case 'aws-secrets-manager':
      return [store('secret-store', { aws: { service: 'SecretsManager', region: AWS_REGION } })];
    case 'gcp-secret-manager':
      return [store('secret-store', { gcpsm: { projectID: gcpProjectId(model) } })];
    case 'azure-key-vault':
      return [
        store('secret-store', {
          azurekv: {
            authType: 'WorkloadIdentity',
            vaultUrl: `https://${azureKeyVaultName(model)}.vault.azure.net`,
          },
        }),
      ];
    case 'sops': {
      const namespace = kubernetesNamespace(model);
      return [
        {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: SOPS_READER, labels: labels(model, 'secrets', SOPS_READER) },
          automountServiceAccountToken: false,
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'Role',
          metadata: { name: SOPS_READER, labels: labels(model, 'secrets', SOPS_READER) },
          // Only the decrypted source Secret, and only get: the store cannot list or write anything.
          rules: [
            {
              apiGroups: [''],
              resources: ['secrets'],
              resourceNames: [SOPS_SOURCE_SECRET],
              verbs: ['get'],
            },
          ],
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'RoleBinding',
          metadata: { name: SOPS_READER, labels: labels(model, 'secrets', SOPS_READER) },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: SOPS_READER },
          subjects: [{ kind: 'ServiceAccount', name: SOPS_READER, namespace }],
        },
        store('secret-store', {
          kubernetes: {
            remoteNamespace: namespace,
            server: { caProvider: { type: 'ConfigMap', name: 'kube-root-ca.crt', key: 'ca.crt' } },
            auth: { serviceAccount: { name: SOPS_READER } },
          },
        }),
      ];
    }
  }
}

function remoteRef(
  model: ProjectModel,
  workload: Workload,
  groupName: string,
  variableName: string,
): Record<string, string> {
  const group = workload.groups.find((item) => item.name === groupName);
  const variable = group?.secrets.find((item) => item.name === variableName);
  if (!group || !variable) throw new Error(`unknown secret ${groupName}/${variableName}`);
  switch (model.secrets.store) {
    case 'vault':
      return { key: vaultKvPath(model, group), property: variable.name };
    case 'aws-secrets-manager':
      return { key: awsSecretName(model, group, variable) };
    case 'gcp-secret-manager':
      return { key: gcpSecretId(model, group, variable) };
    case 'azure-key-vault':
      return { key: azureSecretName(group, variable) };
    case 'sops':
      return { key: SOPS_SOURCE_SECRET, property: variable.name };
  }
}

function externalSecret(model: ProjectModel, workload: Workload): Record<string, unknown> {
  return {
    apiVersion: API_VERSION,
    kind: 'ExternalSecret',
    metadata: { name: workload.name, labels: labels(model, 'secrets', workload.name) },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { name: secretStoreName(model, workload), kind: 'SecretStore' },
      target: {
        name: workloadSecretName(workload),
        creationPolicy: 'Owner',
        deletionPolicy: 'Retain',
      },
      data: workload.groups.flatMap((group) =>
        group.secrets.map((secret) => ({
          secretKey: secret.name,
          remoteRef: remoteRef(model, workload, group.name, secret.name),
        })),
      ),
    },
  };
}
