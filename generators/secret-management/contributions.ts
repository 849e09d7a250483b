import { effectiveDelivery, usesDynamicCredentials } from '../shared/workloads.js';
import type { Contributions, ProjectModel } from '../types.js';
import { STORE_TITLES } from './layout.js';
import { VERSIONS } from './versions.js';

/** What secret management adds to the shared files: the dev Vault, make targets, docs. */
export function secretManagementContributions(
  model: ProjectModel,
  kustomizeResources: string[],
): Contributions {
  const isVault = model.secrets.store === 'vault';
  const delivery = effectiveDelivery(model);
  return {
    composeServices: isVault
      ? {
          vault: {
            image: VERSIONS.vaultImage,
            command: ['server', '-dev'],
            environment: {
              VAULT_DEV_ROOT_TOKEN_ID:
                '${VAULT_DEV_ROOT_TOKEN:?set VAULT_DEV_ROOT_TOKEN in .env (make env)}',
              VAULT_DEV_LISTEN_ADDRESS: '0.0.0.0:8200',
              VAULT_ADDR: 'http://127.0.0.1:8200',
            },
            // The bootstrap script seeds the dev server from these values (make vault-bootstrap).
            env_file: [{ path: '.env', required: false }],
            cap_add: ['IPC_LOCK'],
            ports: ['127.0.0.1:8200:8200'],
            volumes: ['./config/secrets/vault:/bootstrap:ro'],
            healthcheck: {
              test: ['CMD', 'vault', 'status'],
              interval: '5s',
              timeout: '3s',
              retries: 10,
              start_period: '5s',
            },
          },
        }
      : {},
    makeTargets: [
      {
        name: 'secrets-scan',
        help: 'Scan the git history for secrets with gitleaks (pinned image)',
        commands: [
          `docker run --rm -u "$$(id -u):$$(id -g)" -v "$(CURDIR):/repo:ro" ghcr.io/gitleaks/gitleaks:${VERSIONS.gitleaks} git /repo --config /repo/.gitleaks.toml --redact --verbose`,
        ],
      },
      ...(isVault
        ? [
            {
              name: 'vault-bootstrap',
              help: 'Create the KV mount and policies in the dev Vault and seed it from .env',
              commands: ['docker compose exec -T vault sh /bootstrap/bootstrap.sh --seed-from-env'],
            },
          ]
        : []),
    ],
    keyFiles: [
      {
        path: 'config/secrets/README.md',
        description: `every secret, where it lives (${STORE_TITLES[model.secrets.store]}), rotation every ${model.secrets.rotationDays} days`,
      },
      {
        path: '.gitleaks.toml',
        description: 'secret scanning rules and the placeholder allowlist',
      },
      ...(model.secrets.scanning
        ? [
            {
              path: '.pre-commit-config.yaml',
              description: 'gitleaks and hygiene hooks before every commit',
            },
          ]
        : []),
      ...(isVault
        ? [
            {
              path: 'config/secrets/vault/',
              description: 'least-privilege policies per workload and the bootstrap script',
            },
          ]
        : []),
      ...(isVault && usesDynamicCredentials(model)
        ? [
            {
              path: 'config/secrets/vault/database.hcl',
              description: 'dynamic database users with short TTLs',
            },
          ]
        : []),
      ...(['aws-secrets-manager', 'gcp-secret-manager', 'azure-key-vault'].includes(
        model.secrets.store,
      )
        ? [
            {
              path: 'config/secrets/terraform/',
              description: 'the secret store, rotation and per-workload read access (Terraform)',
            },
          ]
        : []),
      ...(model.secrets.store === 'sops'
        ? [
            {
              path: 'config/secrets/sops/.sops.yaml',
              description: 'which key encrypts each environment',
            },
          ]
        : []),
      ...(delivery !== 'none' && kustomizeResources.length > 0
        ? [
            {
              path: `k8s/${kustomizeResources[0]?.split('/')[0] ?? ''}/`,
              description: 'secret delivery to the Kubernetes workloads',
            },
          ]
        : []),
    ],
    nextSteps: [
      ...(model.secrets.scanning
        ? [
            {
              title: 'Install the pre-commit hooks (gitleaks runs before every commit)',
              command: 'pre-commit install',
            },
          ]
        : []),
      ...(isVault
        ? [
            {
              title: 'Bootstrap the dev Vault (KV mount, policies, values from .env)',
              command: 'make vault-bootstrap',
            },
          ]
        : []),
      { title: 'Scan the repository for committed secrets', command: 'make secrets-scan' },
    ],
    readmeSections: [
      {
        title: 'Secrets',
        body: [
          `Secrets live in ${STORE_TITLES[model.secrets.store]} and are rotated every ${model.secrets.rotationDays} days; locally they come from \`.env\`.`,
          'See [config/secrets/README.md](config/secrets/README.md) for every secret, who reads it and the rotation procedure.',
        ].join(' '),
      },
    ],
    runbook: [
      {
        title: 'A credential leaked',
        body: [
          'Symptoms: gitleaks or a provider (GitHub secret scanning, AWS) reports a secret, or it shows up in a log or chat.',
          '',
          '1. Revoke it at the source now; the readers failing until the new one is in place is acceptable.',
          '2. Issue a new credential, write it to the store and restart the readers (config/secrets/README.md, "Writing a value").',
          "3. Audit who used the old credential since the leak (the store's audit log, the source system's logs).",
          '4. Remove it from git history after it is revoked, and run `make secrets-scan` until it is clean.',
          '5. Write a short incident note: what leaked, how, and what stops it next time.',
        ].join('\n'),
      },
      {
        title: 'Secret rotation failed',
        body: [
          'Symptoms: after a rotation a workload fails to authenticate (the loader restarts in a loop, dbt fails to connect, alerts stop arriving).',
          '',
          "1. Check the reader has the new value: on Kubernetes, the Secret's age and the sync status (`kubectl get externalsecrets,vaultstaticsecrets -A` or the pod's CSI mount events); locally, `.env`.",
          '2. If the new credential is wrong, put the previous version back in the store (Vault: `vault kv rollback`; cloud stores: re-enable the previous version) while the old credential is still valid at the source.',
          '3. Restart the readers, confirm they recover, then redo the rotation (config/secrets/README.md, "Rotation").',
          '4. Never revoke the old credential before every reader runs on the new one.',
        ].join('\n'),
      },
    ],
    kustomizeResources,
  };
}
