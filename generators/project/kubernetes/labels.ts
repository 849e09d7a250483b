import type { ProjectModel } from '../../types.js';

/** The recommended `app.kubernetes.io/*` labels of one workload. */
export function workloadLabels(
  model: ProjectModel,
  name: string,
  component: string,
): Record<string, string> {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': `${model.name}-${name}`,
    'app.kubernetes.io/version': IMAGE_TAG,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/part-of': model.name,
    'app.kubernetes.io/managed-by': 'kustomize',
  };
}

/** The labels a selector uses: stable across versions (a Deployment's selector is immutable). */
export function selectorLabels(model: ProjectModel, name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': `${model.name}-${name}` };
}

/** The first release of the project's images; CI bumps it (`kustomize edit set image`). */
export const IMAGE_TAG = '0.1.0';
