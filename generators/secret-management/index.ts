import { effectiveDelivery } from '../shared/workloads.js';
import type { FileSpec, GeneratorDefinition, ProjectModel } from '../types.js';
import { awsTerraformFiles } from './cloud/aws.js';
import { azureTerraformFiles } from './cloud/azure.js';
import { gcpTerraformFiles } from './cloud/gcp.js';
import { secretManagementContributions } from './contributions.js';
import { renderGitleaksConfig } from './gitleaks.js';
import { csiDriverFiles } from './kubernetes/csi-driver.js';
import { externalSecretsFiles } from './kubernetes/external-secrets.js';
import { vaultSecretsOperatorFiles } from './kubernetes/vault-secrets-operator.js';
import { preCommitConfig } from './pre-commit.js';
import { renderSecretsReadme } from './readme.js';
import { sopsFiles } from './sops.js';
import { renderVaultBootstrap } from './vault/bootstrap.js';
import { renderVaultDatabase } from './vault/database.js';
import { renderVaultPolicy, vaultPolicyWorkloads } from './vault/policies.js';

/**
 * secret-management: scanning (.gitleaks.toml, pre-commit), the secrets README, the chosen store
 * (Vault policies and bootstrap, cloud Terraform, or SOPS rules), dynamic database credentials
 * and the delivery of secrets to the Kubernetes workloads.
 */
export const secretManagementGenerator: GeneratorDefinition = {
  name: 'secret-management',
  description:
    'Secret store, delivery to the workloads, dynamic database credentials, rotation and leak scanning',
  files: (model) => [...hygieneFiles(model), ...storeFiles(model), ...deliveryFiles(model).files],
  contributions: (model) => secretManagementContributions(model, deliveryFiles(model).resources),
};

function hygieneFiles(model: ProjectModel): FileSpec[] {
  return [
    { path: '.gitleaks.toml', kind: 'text', render: () => renderGitleaksConfig(model) },
    ...(model.secrets.scanning
      ? [
          {
            path: '.pre-commit-config.yaml',
            kind: 'yaml',
            header: [
              'Hooks run before every commit: `pre-commit install` once per clone, `pre-commit run --all-files` in CI.',
              'Revisions are pinned; `pre-commit autoupdate` is a reviewed change.',
            ],
            data: () => preCommitConfig(model),
          } satisfies FileSpec,
        ]
      : []),
    { path: 'config/secrets/README.md', kind: 'text', render: () => renderSecretsReadme(model) },
  ];
}

function storeFiles(model: ProjectModel): FileSpec[] {
  switch (model.secrets.store) {
    case 'vault': {
      const database = renderVaultDatabase(model);
      return [
        ...vaultPolicyWorkloads(model).map((workload): FileSpec => ({
          path: `config/secrets/vault/policies/${workload.name}.hcl`,
          kind: 'text',
          render: () => renderVaultPolicy(model, workload),
        })),
        {
          path: 'config/secrets/vault/bootstrap.sh',
          kind: 'text',
          isExecutable: true,
          render: () => renderVaultBootstrap(model),
        },
        ...(database !== undefined
          ? [
              {
                path: 'config/secrets/vault/database.hcl',
                kind: 'text',
                render: () => database,
              } satisfies FileSpec,
            ]
          : []),
      ];
    }
    case 'aws-secrets-manager':
      return awsTerraformFiles(model);
    case 'gcp-secret-manager':
      return gcpTerraformFiles(model);
    case 'azure-key-vault':
      return azureTerraformFiles(model);
    case 'sops':
      return sopsFiles(model);
  }
}

function deliveryFiles(model: ProjectModel): { files: FileSpec[]; resources: string[] } {
  switch (effectiveDelivery(model)) {
    case 'external-secrets':
      return externalSecretsFiles(model);
    case 'csi-driver':
      return csiDriverFiles(model);
    case 'vault-secrets-operator':
      return vaultSecretsOperatorFiles(model);
    case 'none':
      return { files: [], resources: [] };
  }
}
