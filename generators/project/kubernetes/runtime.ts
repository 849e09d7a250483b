import type { ProjectModel } from '../../types.js';
import { IMAGE_TAG } from './labels.js';

/**
 * The images the workloads run and what they run. One image per project (`<name>-pipeline`),
 * built from docker/pipeline/Dockerfile: the Python toolchain of requirements.txt plus the code.
 */
export function pipelineImageName(model: ProjectModel): string {
  return `${model.name}-pipeline`;
}

export function pipelineImage(model: ProjectModel): string {
  return `${pipelineImageName(model)}:${IMAGE_TAG}`;
}

/** Where the code lives in the image (WORKDIR). */
export const APP_DIRECTORY = '/app';

/** The file the loader touches after every poll: the probes read its age (no HTTP server needed). */
export const HEARTBEAT_FILE = '/tmp/heartbeat';

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

/** The loader: the consumer of streaming/consumers in the chosen language. */
export function loaderCommand(model: ProjectModel): string[] {
  switch (model.streaming.language) {
    case 'python':
      return ['python', '-m', 'streaming.consumers.consumer'];
    case 'typescript':
      return ['node', 'streaming/dist/consumers/consumer.js'];
    case 'java':
      return ['java', '-XX:MaxRAMPercentage=75', '-jar', 'streaming/target/consumer.jar'];
    case 'go':
      return ['/app/bin/consumer'];
  }
}
