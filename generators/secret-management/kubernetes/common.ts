import type { ProjectModel } from '../../types.js';

/** In-cluster address of Vault as the official Helm chart installs it (release `vault`, namespace `vault`). */
export const VAULT_IN_CLUSTER_ADDRESS = 'https://vault.vault.svc:8200';

/** Region the AWS files assume; the same default as config/secrets/terraform (variable aws_region). */
export const AWS_REGION = 'eu-west-1';

export function gcpProjectId(model: ProjectModel): string {
  return (
    model.env.find((variable) => variable.name === 'GCP_PROJECT_ID')?.example ?? 'my-gcp-project'
  );
}

export function labels(
  model: ProjectModel,
  component: string,
  name?: string,
): Record<string, string> {
  return {
    ...(name ? { 'app.kubernetes.io/name': name } : {}),
    'app.kubernetes.io/part-of': model.name,
    'app.kubernetes.io/component': component,
  };
}
