/**
 * Pinned versions of every tool the secret-management files reference, in one place so an
 * upgrade is one reviewed change.
 */
export const VERSIONS = {
  gitleaks: 'v8.30.1',
  preCommitHooks: 'v6.0.0',
  vaultImage: 'hashicorp/vault:1.20.4',
  terraform: '>= 1.9.0, < 2.0.0',
  awsProvider: '~> 6.0',
  googleProvider: '~> 7.0',
  azurermProvider: '~> 4.0',
  vaultProvider: '~> 5.0',
} as const;
