import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SKILL_GENERATORS } from '../../generators/index.js';
import { collectContributions } from '../../generators/project/contributions.js';
import { kubernetesFiles } from '../../generators/project/kubernetes/index.js';
import { renderFileSpec } from '../../source/engine/generate/serialize.js';
import type { ProjectModel } from '../../source/engine/model/types.js';
import {
  evaluateDeliverables,
  evaluateOutputs,
} from '../../source/engine/validate/completeness.js';
import {
  envExampleProblems,
  externalSecretProblems,
  gitleaksProblems,
  manifestsOf,
  secretsChecks,
  vaultPolicyProblems,
} from '../../source/engine/validate/domain/secrets.js';
import { filesFromMap } from '../../source/engine/validate/domain/types.js';
import { selectAnswers } from '../../source/engine/workflow/selectors.js';
import { buildProject, engineData } from '../support/project.js';
import { matrix, type MatrixEntry } from './matrix.js';

/**
 * Secret management verification: the layer-3 checks, the blueprint deliverables 19–21 and the
 * skill's outputs on every matrix entry with secret-management; shellcheck on the Vault bootstrap
 * script; `terraform fmt -check` on the Terraform (when terraform is on PATH: it is not a Debian
 * package, so CI may skip that one test, which then says so); and the broken fixtures.
 */

const FIXTURES = join(import.meta.dirname, '../fixtures/secrets');
const SECRET_DELIVERABLES = ['secrets-hygiene', 'secret-store', 'dynamic-db-credentials'];

async function project(entry: MatrixEntry): Promise<{
  model: ProjectModel;
  files: Map<string, string>;
  answers: ReturnType<typeof selectAnswers>;
}> {
  const { model, files, state } = await buildProject(entry);
  if (model.flags.usesKubernetes && !files.has('k8s/kustomization.yaml')) {
    const contributed = collectContributions(model, SKILL_GENERATORS).kustomizeResources;
    for (const spec of kubernetesFiles(model, contributed))
      files.set(spec.path, await renderFileSpec(spec));
  }
  return { model, files, answers: selectAnswers(state) };
}

function program(name: string, environmentVariable: string): string | undefined {
  const candidate = process.env[environmentVariable] ?? name;
  return spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0
    ? candidate
    : undefined;
}

const shellcheck = program('shellcheck', 'SHELLCHECK');
const terraform = program('terraform', 'TERRAFORM');
const temporary: string[] = [];
afterAll(() => {
  for (const directory of temporary) rmSync(directory, { recursive: true, force: true });
});

function withTemporaryFile(name: string, text: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'skillchain-secrets-'));
  temporary.push(directory);
  const path = join(directory, name);
  writeFileSync(path, text);
  return path;
}

function requireShellcheck(): string {
  if (!shellcheck)
    throw new Error(
      'shellcheck is not installed: apt-get install -y shellcheck (or set SHELLCHECK to its path)',
    );
  return shellcheck;
}

describe('secret management on every matrix entry with secret-management', async () => {
  const data = await engineData();
  const blueprint = data.catalogue.blueprints.find((item) => item.name === 'data-pipeline');
  const entries: MatrixEntry[] = [];
  for (const entry of matrix())
    if ((await buildProject(entry)).model.flags.hasSecrets) entries.push(entry);

  it('covers every store and every delivery', async () => {
    const seen = { stores: new Set<string>(), deliveries: new Set<string>() };
    for (const entry of entries) {
      const { model } = await buildProject(entry);
      seen.stores.add(model.secrets.store);
      seen.deliveries.add(model.secrets.k8sDelivery);
    }
    expect([...seen.stores].sort()).toEqual([
      'aws-secrets-manager',
      'azure-key-vault',
      'gcp-secret-manager',
      'sops',
      'vault',
    ]);
    expect([...seen.deliveries].sort()).toEqual([
      'csi-driver',
      'external-secrets',
      'none',
      'vault-secrets-operator',
    ]);
  });

  for (const entry of entries) {
    it(`${entry.id}: checks pass, deliverables 19–21 fulfilled when required, outputs present`, async () => {
      const { model, files, answers } = await project(entry);
      const projectFiles = filesFromMap(files);
      const problems = [];
      for (const check of secretsChecks)
        if (check.appliesTo(model)) problems.push(...(await check.run(projectFiles, model)));
      expect(problems).toEqual([]);

      if (!blueprint) throw new Error('blueprint data-pipeline not found');
      const context = {
        catalogue: data.catalogue,
        blueprint,
        answers,
        chain: model.chain,
        maturity: model.maturity,
        files: projectFiles,
      };
      for (const result of evaluateDeliverables(context).filter((item) =>
        SECRET_DELIVERABLES.includes(item.id),
      )) {
        expect(result.status, `${result.id}: ${result.reason}`).not.toBe('incomplete');
        expect(result.status, `${result.id}: ${result.reason}`).not.toBe('missing');
      }
      const outputs = evaluateOutputs(context).filter(
        (output) => output.skill === 'secret-management',
      );
      expect(outputs.length).toBeGreaterThan(0);
      expect(outputs.filter((output) => output.status !== 'present')).toEqual([]);

      // Every secret of the stack appears in the README with its place in the store.
      const readme = files.get('config/secrets/README.md') ?? '';
      expect(readme).toMatch(new RegExp(`every \\*\\*${model.secrets.rotationDays} days\\*\\*`));
      for (const variable of model.env.filter((item) => item.isSecret))
        expect(readme).toContain(`\`${variable.name}\``);
      expect(files.has('.pre-commit-config.yaml')).toBe(model.secrets.scanning);
    });
  }

  it('deliverables 19, 20 and 21 are each fulfilled somewhere in the matrix (not only skipped)', async () => {
    if (!blueprint) throw new Error('blueprint data-pipeline not found');
    const fulfilled = new Set<string>();
    for (const entry of entries) {
      const { model, files, answers } = await project(entry);
      const context = {
        catalogue: data.catalogue,
        blueprint,
        answers,
        chain: model.chain,
        maturity: model.maturity,
        files: filesFromMap(files),
      };
      for (const result of evaluateDeliverables(context))
        if (result.status === 'fulfilled') fulfilled.add(result.id);
    }
    expect(SECRET_DELIVERABLES.filter((id) => !fulfilled.has(id))).toEqual([]);
  });

  it('the Vault bootstrap script passes shellcheck (fails when shellcheck is missing)', async () => {
    const binary = requireShellcheck();
    let checked = 0;
    for (const entry of entries) {
      const { files } = await project(entry);
      const script = files.get('config/secrets/vault/bootstrap.sh');
      if (!script) continue;
      const result = spawnSync(
        binary,
        ['--shell=sh', '--severity=style', withTemporaryFile('bootstrap.sh', script)],
        { encoding: 'utf8' },
      );
      expect(result.stdout, entry.id).toBe('');
      expect(result.status).toBe(0);
      checked++;
    }
    expect(checked).toBeGreaterThan(3);
  });

  it.skipIf(!terraform)(
    'the Terraform is syntactically valid and terraform-fmt clean (skipped when terraform is not on PATH)',
    async () => {
      let checked = 0;
      for (const entry of entries) {
        const { files } = await project(entry);
        for (const [path, text] of files) {
          if (
            !path.startsWith('config/secrets/') ||
            !(path.endsWith('.tf') || path.endsWith('database.hcl'))
          )
            continue;
          // terraform fmt reads only .tf files: database.hcl is Terraform kept under a Vault-ish name.
          const result = spawnSync(
            terraform ?? 'terraform',
            ['fmt', '-check', '-diff', withTemporaryFile('main.tf', text)],
            { encoding: 'utf8' },
          );
          expect(
            `${result.stdout}${result.status === 0 ? '' : result.stderr}`,
            `${entry.id} ${path}`,
          ).toBe('');
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(10);
    },
  );
});

describe('broken fixtures are rejected', () => {
  const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

  it('an ExternalSecret at external-secrets.io/v1beta1 without refreshInterval', () => {
    const problems = externalSecretProblems(manifestsOf(read('external-secret-v1beta1.yaml')));
    expect(problems).toContain(
      'ExternalSecret/loader: apiVersion external-secrets.io/v1beta1 is no longer served (ESO 0.17+ serves external-secrets.io/v1)',
    );
    expect(problems).toContain(
      'ExternalSecret/loader: refreshInterval must be a duration such as 1h',
    );
  });

  it('a real-looking password in .env.example', () => {
    expect(envExampleProblems(read('env-example-real-secret.env'))).toEqual([
      {
        path: '.env.example',
        line: 3,
        message: 'POSTGRES_PASSWORD is a secret but its value is not a placeholder (use change-me)',
      },
    ]);
    expect(
      envExampleProblems(
        'POSTGRES_PASSWORD=change-me\nSLACK_WEBHOOK_URL=https://hooks.slack.com/services/REPLACE/ME/PLEASE\n',
      ),
    ).toEqual([]);
  });

  it('a gitleaks configuration without the default rules or a placeholder allowlist', () => {
    expect(gitleaksProblems(read('gitleaks-without-allowlist.toml'))).toEqual([
      '[extend] useDefault = true is missing: the default rules would not run',
      'no allowlist: the documented placeholders would be reported',
    ]);
  });

  it('a Vault policy over a whole mount with sudo, and a malformed one', () => {
    expect(vaultPolicyProblems(read('vault-policy-too-broad.hcl'))).toEqual([
      `path "kv/*" grants a whole mount or everything; scope it to the workload's secrets`,
      'path "kv/*": sudo outside sys/ is never needed by a workload',
    ]);
    const malformed = vaultPolicyProblems(read('vault-policy-malformed.hcl'));
    expect(malformed.some((problem) => problem.includes('not closed'))).toBe(true);
    expect(
      vaultPolicyProblems('path "kv/data/shop/warehouse" {\n  capabilities = ["read"]\n}\n'),
    ).toEqual([]);
  });

  it('a bootstrap script shellcheck rejects (fails when shellcheck is missing)', () => {
    const result = spawnSync(
      requireShellcheck(),
      ['--shell=sh', join(FIXTURES, 'bootstrap-shellcheck.sh')],
      { encoding: 'utf8' },
    );
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('SC3010');
  });

  it('the checks pass on the generated files and fail once a fixture replaces one', async () => {
    const { model, files } = await project(
      matrix().find((entry) => entry.id === 'goal-secrets') as MatrixEntry,
    );
    const run = async (set: Map<string, string>) => {
      const problems = [];
      for (const check of secretsChecks)
        if (check.appliesTo(model)) problems.push(...(await check.run(filesFromMap(set), model)));
      return problems;
    };
    expect(await run(files)).toEqual([]);
    const broken = new Map(files);
    broken.set(
      'k8s/external-secrets/transforms-external-secret.yaml',
      read('external-secret-v1beta1.yaml'),
    );
    expect((await run(broken)).map((problem) => problem.path)).toContain(
      'k8s/external-secrets/transforms-external-secret.yaml',
    );
  });
});
