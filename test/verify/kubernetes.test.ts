import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import * as coreV1 from 'kubernetes-models/v1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as rbacV1 from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { afterAll, describe, expect, it } from 'vitest';
import { SKILL_GENERATORS } from '../../generators/index.js';
import { collectContributions } from '../../generators/project/contributions.js';
import { kubernetesFiles } from '../../generators/project/kubernetes/index.js';
import { renderFileSpec } from '../../source/engine/generate/serialize.js';
import type { ProjectModel } from '../../source/engine/model/types.js';
import {
  parseYamlDocuments,
  stackChecks,
  workloadProblems,
} from '../../source/engine/validate/domain/stack.js';
import { filesFromMap } from '../../source/engine/validate/domain/types.js';
import { evaluateDeliverables } from '../../source/engine/validate/completeness.js';
import { selectAnswers } from '../../source/engine/workflow/selectors.js';
import { buildProject, engineData } from '../support/project.js';
import { matrix, type MatrixEntry } from './matrix.js';

/**
 * Kubernetes verification: core objects against the Kubernetes OpenAPI schemas (kubernetes-models
 * 4.5), custom resources against our schemas of the fields we emit, the hardening and wiring
 * assertions, and `kubectl kustomize` when kubectl is on PATH (CI may not have it: then that one
 * test is reported as skipped, with the reason).
 */

const FIXTURES = join(import.meta.dirname, '../fixtures/kubernetes');

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
} & Record<string, unknown>;

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

const CORE_MODELS: Record<string, Record<string, unknown>> = {
  v1: coreV1,
  'apps/v1': appsV1,
  'autoscaling/v2': autoscalingV2,
  'batch/v1': batchV1,
  'networking.k8s.io/v1': networkingV1,
  'policy/v1': policyV1,
  'rbac.authorization.k8s.io/v1': rbacV1,
};

const crdSchemas = (
  JSON.parse(readFileSync(join(FIXTURES, 'crd-schemas.json'), 'utf8')) as {
    schemas: Record<string, object>;
  }
).schemas;
const ajv = new Ajv({ allErrors: true, strict: false });
const crdValidators = new Map<string, ValidateFunction>(
  Object.entries(crdSchemas).map(([key, schema]) => [key, ajv.compile(schema)]),
);

/** Validates one object: core kinds with kubernetes-models, custom resources with our schemas. */
function objectProblems(manifest: Manifest): string[] {
  const where = `${manifest.kind}/${manifest.metadata.name}`;
  const models = CORE_MODELS[manifest.apiVersion];
  if (models) {
    const Model = models[manifest.kind] as ModelClass | undefined;
    if (!Model)
      return [`${where}: no kubernetes-models class for ${manifest.apiVersion} ${manifest.kind}`];
    try {
      new Model(manifest as never).validate();
      return [];
    } catch (error) {
      return [`${where}: ${(error as Error).message}`];
    }
  }
  const validate = crdValidators.get(`${manifest.apiVersion}/${manifest.kind}`);
  if (!validate) return [`${where}: no schema for ${manifest.apiVersion} ${manifest.kind}`];
  return validate(manifest)
    ? []
    : (validate.errors ?? []).map(
        (error) => `${where}: ${error.instancePath} ${error.message ?? ''}`,
      );
}

async function projectFiles(
  entry: MatrixEntry,
): Promise<{ model: ProjectModel; files: Map<string, string> }> {
  const { model, files } = await buildProject(entry);
  if (model.flags.usesKubernetes && !files.has('k8s/kustomization.yaml')) {
    const contributed = collectContributions(model, SKILL_GENERATORS).kustomizeResources;
    for (const spec of kubernetesFiles(model, contributed))
      files.set(spec.path, await renderFileSpec(spec));
  }
  return { model, files };
}

function manifestsOf(files: Map<string, string>): { path: string; manifest: Manifest }[] {
  return [...files]
    .filter(
      ([path]) =>
        path.startsWith('k8s/') && /\.ya?ml$/.test(path) && path !== 'k8s/kustomization.yaml',
    )
    .flatMap(([path, text]) =>
      (parseYamlDocuments(text).documents as Manifest[]).map((manifest) => ({ path, manifest })),
    );
}

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0;
const temporary: string[] = [];
afterAll(() => {
  for (const directory of temporary) rmSync(directory, { recursive: true, force: true });
});

const entries = matrix();

describe('Kubernetes manifests of every matrix entry with Kubernetes', async () => {
  const kubernetesEntries: MatrixEntry[] = [];
  for (const entry of entries)
    if ((await buildProject(entry)).model.flags.usesKubernetes) kubernetesEntries.push(entry);

  it('covers several entries (the matrix has Kubernetes deployments)', () => {
    expect(kubernetesEntries.length).toBeGreaterThan(5);
  });

  for (const entry of kubernetesEntries) {
    it(`${entry.id}: objects validate, workloads hardened and wired, kustomization complete`, async () => {
      const { model, files } = await projectFiles(entry);
      const all = manifestsOf(files);
      expect(all.length).toBeGreaterThan(0);
      expect(all.flatMap(({ manifest }) => objectProblems(manifest))).toEqual([]);
      expect(all.flatMap(({ manifest }) => workloadProblems(manifest))).toEqual([]);
      const kubernetesCheck = stackChecks.find((check) => check.id === 'stack-kubernetes');
      expect(await kubernetesCheck?.run(filesFromMap(files), model)).toEqual([]);

      // Blueprint deliverable 28 (Kubernetes manifests) holds whenever it applies.
      const data = await engineData();
      const blueprint = data.catalogue.blueprints.find((item) => item.name === 'data-pipeline');
      if (!blueprint) throw new Error('blueprint data-pipeline not found');
      const { state } = await buildProject(entry);
      const deliverable = evaluateDeliverables({
        catalogue: data.catalogue,
        blueprint,
        answers: selectAnswers(state),
        chain: model.chain,
        maturity: model.maturity,
        files: filesFromMap(files),
      }).find((result) => result.id === 'kubernetes');
      expect(['fulfilled', 'skipped'], deliverable?.reason).toContain(deliverable?.status);

      const kinds = (kind: string) =>
        all.filter(({ manifest }) => manifest.kind === kind).map(({ manifest }) => manifest);
      const namespace = kinds('Namespace')[0];
      expect(namespace?.metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');

      const deployments = kinds('Deployment');
      const cronJobs = kinds('CronJob');
      expect(deployments.length).toBe(model.flags.hasStreaming ? 1 : 0);
      expect(cronJobs.length).toBe(model.flags.hasTransforms ? 1 : 0);
      for (const cronJob of cronJobs) {
        expect(cronJob.spec?.schedule).toBe(model.transforms.schedule);
        expect(cronJob.spec?.timeZone).toBe('Etc/UTC');
      }

      // Every Deployment has a PDB with exactly one of minAvailable/maxUnavailable and an egress policy.
      for (const deployment of deployments) {
        const selector = (deployment.spec?.selector as { matchLabels: Record<string, string> })
          .matchLabels;
        const budgets = kinds('PodDisruptionBudget').filter(
          (budget) =>
            JSON.stringify((budget.spec?.selector as { matchLabels: unknown }).matchLabels) ===
            JSON.stringify(selector),
        );
        expect(budgets).toHaveLength(1);
        const spec = budgets[0]?.spec ?? {};
        expect(('minAvailable' in spec ? 1 : 0) + ('maxUnavailable' in spec ? 1 : 0)).toBe(1);
        expect(
          kinds('NetworkPolicy').some(
            (policy) =>
              JSON.stringify(
                (policy.spec?.podSelector as { matchLabels?: unknown }).matchLabels,
              ) === JSON.stringify(selector),
          ),
        ).toBe(true);
      }
      expect(
        kinds('NetworkPolicy').some((policy) => policy.metadata.name === 'default-deny-all'),
      ).toBe(true);

      // Autoscaling: present only with performance-engineering, bounded by the partitions.
      const scaled = [...kinds('ScaledObject'), ...kinds('HorizontalPodAutoscaler')];
      const expectsAutoscaling =
        model.flags.hasStreaming &&
        model.flags.hasPerformance &&
        model.performance.autoscaling !== 'none';
      expect(scaled.length).toBe(expectsAutoscaling ? 1 : 0);
      for (const scaler of scaled) {
        const max = (scaler.spec?.maxReplicaCount ?? scaler.spec?.maxReplicas) as number;
        expect(max).toBeLessThanOrEqual(model.streaming.partitions);
        expect(deployments[0]?.spec && 'replicas' in deployments[0].spec).toBe(false);
      }
      if (model.performance.autoscaling === 'keda-on-lag' && expectsAutoscaling) {
        const triggers = (kinds('ScaledObject')[0]?.spec?.triggers ?? []) as {
          metadata: Record<string, string>;
        }[];
        expect(triggers).toHaveLength(model.topics.length);
      }

      // Every Secret a pod reads is produced by the delivery (or documented as created by hand).
      const produced = new Set<string>([
        ...kinds('ExternalSecret').map((item) => (item.spec?.target as { name: string }).name),
        ...kinds('SecretProviderClass').flatMap((item) =>
          ((item.spec?.secretObjects ?? []) as { secretName: string }[]).map(
            (object) => object.secretName,
          ),
        ),
        ...[...kinds('VaultStaticSecret'), ...kinds('VaultDynamicSecret')].map(
          (item) => (item.spec?.destination as { name: string }).name,
        ),
      ]);
      const readme = files.get('k8s/README.md') ?? '';
      for (const workload of [...deployments, ...cronJobs]) {
        const pod = JSON.stringify(workload);
        for (const match of pod.matchAll(/"secretRef":\{"name":"([^"]+)"\}/g)) {
          const name = match[1] ?? '';
          if (produced.size > 0)
            expect(produced, `${workload.metadata.name} reads ${name}`).toContain(name);
          else expect(readme).toContain(`create secret generic ${name}`);
        }
      }
    });
  }

  it.skipIf(!hasKubectl)(
    'kubectl kustomize builds every entry (skipped when kubectl is not on PATH)',
    async () => {
      for (const entry of kubernetesEntries) {
        const { files } = await projectFiles(entry);
        const root = mkdtempSync(join(tmpdir(), 'skillchain-k8s-'));
        temporary.push(root);
        for (const [path, text] of files) {
          if (!path.startsWith('k8s/')) continue;
          mkdirSync(dirname(join(root, path)), { recursive: true });
          writeFileSync(join(root, path), text);
        }
        const output = execFileSync('kubectl', ['kustomize', join(root, 'k8s')], {
          encoding: 'utf8',
        });
        const built = parseYamlDocuments(output).documents as Manifest[];
        const namespace = built.find((manifest) => manifest.kind === 'Namespace')?.metadata.name;
        expect(namespace).toBeDefined();
        for (const manifest of built) {
          if (manifest.kind === 'Namespace') continue;
          expect(
            (manifest.metadata as { namespace?: string }).namespace,
            `${manifest.kind}/${manifest.metadata.name}`,
          ).toBe(namespace);
          expect(manifest.metadata.labels?.['app.kubernetes.io/part-of']).toBeDefined();
        }
        // The generated ConfigMap got its content hash and the workloads follow the new name.
        const configMap = built.find((manifest) => manifest.kind === 'ConfigMap');
        expect(configMap?.metadata.name).toMatch(/^pipeline-config-[a-z0-9]+$/);
        for (const workload of built.filter(
          (manifest) => manifest.kind === 'Deployment' || manifest.kind === 'CronJob',
        )) {
          expect(JSON.stringify(workload)).toContain(configMap?.metadata.name ?? 'missing');
        }
      }
    },
  );
});

describe('broken fixtures are rejected', () => {
  const fixture = (name: string) =>
    parseYamlDocuments(readFileSync(join(FIXTURES, name), 'utf8')).documents[0] as Manifest;

  it('a Deployment without a memory limit', () => {
    const manifest = fixture('deployment-without-memory-limit.yaml');
    expect(objectProblems(manifest)).toEqual([]);
    expect(workloadProblems(manifest)).toEqual([
      'Deployment/loader container loader: no memory limit',
    ]);
  });

  it('a Deployment that allows privilege escalation', () => {
    expect(workloadProblems(fixture('deployment-privilege-escalation.yaml'))).toEqual([
      'Deployment/loader container loader: allowPrivilegeEscalation must be false',
    ]);
  });

  it('a ScaledObject without scaleTargetRef and with a numeric metadata value', () => {
    const problems = objectProblems(fixture('scaledobject-without-target.yaml'));
    expect(
      problems.some((problem) => problem.includes("must have required property 'scaleTargetRef'")),
    ).toBe(true);
    expect(
      problems.some((problem) =>
        problem.includes('/spec/triggers/0/metadata/lagThreshold must be string'),
      ),
    ).toBe(true);
  });

  it('a core object with a wrong type (kubernetes-models rejects it)', () => {
    const manifest = { ...fixture('deployment-without-memory-limit.yaml') };
    manifest.spec = { ...manifest.spec, replicas: 'three' };
    expect(objectProblems(manifest).join('\n')).toMatch(/replicas must be integer/);
  });
});
