import type { ProjectModel } from '../types.js';
import { VERSIONS } from './versions.js';

/**
 * `.pre-commit-config.yaml` (scanning = yes): gitleaks on the staged changes plus cheap hygiene
 * hooks, every repository pinned to a tag so a hook never changes under the team's feet
 * (`pre-commit autoupdate` is a reviewed change).
 */
export function preCommitConfig(model: ProjectModel): Record<string, unknown> {
  return {
    // pre-commit 3.x keys; `default_install_hook_types` installs the hook with `pre-commit install`.
    minimum_pre_commit_version: '3.5.0',
    default_install_hook_types: ['pre-commit'],
    fail_fast: false,
    repos: [
      {
        repo: 'https://github.com/gitleaks/gitleaks',
        rev: VERSIONS.gitleaks,
        // The hook reads .gitleaks.toml from the repository root and redacts findings itself.
        hooks: [{ id: 'gitleaks', name: `gitleaks (secrets in ${model.name})` }],
      },
      {
        repo: 'https://github.com/pre-commit/pre-commit-hooks',
        rev: VERSIONS.preCommitHooks,
        hooks: [
          { id: 'detect-private-key' },
          { id: 'detect-aws-credentials', args: ['--allow-missing-credentials'] },
          // Kubernetes manifests hold several documents per file.
          { id: 'check-yaml', args: ['--allow-multiple-documents'] },
          { id: 'check-json' },
          { id: 'check-toml' },
          { id: 'check-merge-conflict' },
          { id: 'check-added-large-files', args: ['--maxkb=1024'] },
          { id: 'end-of-file-fixer' },
          { id: 'trailing-whitespace' },
          { id: 'mixed-line-ending', args: ['--fix=lf'] },
        ],
      },
    ],
  };
}
