import type { ProjectModel } from '../../types.js';
import { IMAGE_TAG } from './labels.js';

/**
 * The images the workloads run and what they run. These follow the streaming-data generator's
 * conventions (its ClientRuntime: loader commands, the streaming/Dockerfile of non-Python
 * clients, the heartbeat file its loaders touch); keep them in step.
 */
export function pipelineImageName(model: ProjectModel): string {
  return `${model.name}-pipeline`;
}

/** The Python image (docker/pipeline/Dockerfile): transforms, and the loader when it is Python. */
export function pipelineImage(model: ProjectModel): string {
  return `${pipelineImageName(model)}:${IMAGE_TAG}`;
}

/** The loader of TypeScript, Java and Go clients: built from streaming/Dockerfile. */
export function streamingImageName(model: ProjectModel): string {
  return `${model.name}-streaming`;
}

export function loaderImage(model: ProjectModel): string {
  return model.streaming.language === 'python'
    ? pipelineImage(model)
    : `${streamingImageName(model)}:${IMAGE_TAG}`;
}

/** The images kustomize pins (one entry per image the manifests use). */
export function imageNames(model: ProjectModel): string[] {
  const names = new Set<string>();
  if (
    model.flags.hasTransforms ||
    (model.flags.hasStreaming && model.streaming.language === 'python')
  )
    names.add(pipelineImageName(model));
  if (model.flags.hasStreaming && model.streaming.language !== 'python')
    names.add(streamingImageName(model));
  return [...names];
}

/** Where the code lives in the pipeline image (WORKDIR). */
export const APP_DIRECTORY = '/app';

/** The file the loaders of streaming-data touch after every poll; the probes read its age. */
export const HEARTBEAT_FILE = '/tmp/stream-loader-heartbeat';

const DBT_FLAGS = '--project-dir transforms/dbt --profiles-dir transforms/dbt --target prod';

/** The batch run: Python transforms (when any), then dbt's freshness gate and build. */
export function transformCommand(model: ProjectModel): string[] {
  const steps = [
    model.flags.usesPythonTransforms && 'python -m transforms.python.run',
    model.flags.usesDbt && `dbt source freshness ${DBT_FLAGS}`,
    model.flags.usesDbt && `dbt build ${DBT_FLAGS}`,
  ].filter((step): step is string => typeof step === 'string');
  return ['/bin/sh', '-c', ['set -eu', ...steps].join('\n')];
}

/** The Java package of the streaming clients (streaming-data's plan: com.<domain>.streaming). */
function javaPackage(model: ProjectModel): string {
  const identifier = model.domain.replace(/[^A-Za-z0-9_]/g, '_');
  return `com.${(/^[A-Za-z_]/.test(identifier) ? identifier : `_${identifier}`).replaceAll('_', '')}.streaming`;
}

/** The raw loader of streaming/consumers, in the chosen language, inside its image. */
export function loaderCommand(model: ProjectModel): string[] {
  switch (model.streaming.language) {
    case 'python':
      return ['python', '-m', 'streaming.consumers.load_events'];
    case 'typescript':
      return ['node', 'dist/consumers/load-events.js'];
    case 'java':
      return [
        'java',
        '-XX:MaxRAMPercentage=75',
        '-cp',
        '/app/streaming-clients.jar',
        `${javaPackage(model)}.consumers.LoadEvents`,
      ];
    case 'go':
      return ['/app/load-events'];
  }
}

/** Pub/Sub subscription of the raw loader on a topic (streaming-data's naming). */
export function pubsubSubscription(topic: string): string {
  return `${topic}.raw-loader`;
}

/** Fully qualified Pulsar topic (streaming-data's naming: tenant = domain, namespace events). */
export function pulsarTopic(model: ProjectModel, topic: string): string {
  return `persistent://${model.domain.replaceAll('_', '-')}/events/${topic}`;
}
