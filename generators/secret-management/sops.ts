import type { FileSpec, ProjectModel } from '../types.js';
import { azureKeyVaultName, SOPS_ENVIRONMENTS } from './layout.js';
import { AWS_REGION, gcpProjectId } from './kubernetes/common.js';

/**
 * config/secrets/sops/.sops.yaml: which key encrypts which file. One key per environment, so a
 * staging key cannot open production secrets; the cloud's KMS where there is a cloud (access is
 * IAM, audited), age keys otherwise.
 */
export function sopsFiles(model: ProjectModel): FileSpec[] {
  return [
    {
      path: 'config/secrets/sops/.sops.yaml',
      kind: 'yaml',
      header: [
        `SOPS creation rules for ${model.title}: one key per environment. sops reads this file from the`,
        'directory it runs in, so run it here: `cd config/secrets/sops && sops edit production.enc.yaml`.',
        keySentence(model),
        'Values are encrypted, keys stay readable, so reviews show which secret changed.',
      ],
      data: () => ({
        creation_rules: SOPS_ENVIRONMENTS.map((environment) => ({
          path_regex: `(^|/)${environment}\\.enc\\.yaml$`,
          ...keyFor(model, environment),
        })),
      }),
    },
  ];
}

function keySentence(model: ProjectModel): string {
  switch (model.cloud) {
    case 'aws':
      return 'Keys: AWS KMS aliases alias/<project>-sops-<environment>; replace the account id 111122223333 with yours.';
    case 'gcp':
      return 'Keys: Cloud KMS keys in the key ring <project>-sops; the project id is the one of GCP_PROJECT_ID.';
    case 'azure':
      return 'Keys: Azure Key Vault keys sops-<environment> in the project vault.';
    case 'local-only':
      return 'Keys: age recipients; generate one per environment with `age-keygen` and paste the public key (age1…).';
  }
}

function keyFor(model: ProjectModel, environment: string): Record<string, string> {
  switch (model.cloud) {
    case 'aws':
      return {
        kms: `arn:aws:kms:${AWS_REGION}:111122223333:alias/${model.name}-sops-${environment}`,
      };
    case 'gcp':
      return {
        gcp_kms: `projects/${gcpProjectId(model)}/locations/global/keyRings/${model.name}-sops/cryptoKeys/${environment}`,
      };
    case 'azure':
      return {
        azure_keyvault: `https://${azureKeyVaultName(model)}.vault.azure.net/keys/sops-${environment}`,
      };
    case 'local-only':
      return { age: `age-public-key-of-${environment}` };
  }
}
