import { lines } from '../../shared/text.js';
import type { ProjectModel } from '../../types.js';
import { APP_DIRECTORY } from './runtime.js';
import { RUN_AS_USER } from './pod.js';

/**
 * docker/pipeline/Dockerfile: the image the Kubernetes workloads run. The workbench image mounts
 * the code; this one bakes it in, runs as the numeric user the manifests require and writes
 * nothing outside /tmp (the root filesystem is read-only in the cluster).
 */
export function renderPipelineDockerfile(model: ProjectModel): string {
  const pythonLoader = model.flags.hasStreaming && model.streaming.language === 'python';
  const folders = [
    model.flags.hasTransforms && 'transforms',
    pythonLoader && 'streaming',
    (model.flags.hasTransforms || model.flags.hasSecrets) && 'config',
  ].filter((folder): folder is string => typeof folder === 'string');
  return lines(
    `# Runtime image of ${model.title} for Kubernetes (k8s/): the Python toolchain of requirements.txt`,
    '# and the project code. Build: docker build -f docker/pipeline/Dockerfile -t <registry>/<name>:<tag> .',
    'FROM python:3.12-slim-bookworm',
    '',
    'ENV PYTHONDONTWRITEBYTECODE=1 \\',
    '    PYTHONUNBUFFERED=1 \\',
    '    PIP_NO_CACHE_DIR=1 \\',
    '    PIP_DISABLE_PIP_VERSION_CHECK=1',
    '',
    'COPY requirements.txt /tmp/requirements.txt',
    'RUN pip install -r /tmp/requirements.txt && rm /tmp/requirements.txt',
    '',
    `WORKDIR ${APP_DIRECTORY}`,
    folders.map((folder) => `COPY ${folder}/ ${APP_DIRECTORY}/${folder}/`),
    pythonLoader &&
      model.streaming.serialization === 'protobuf' && [
        '# Protobuf classes are generated at build time: the root filesystem is read-only at run time.',
        'RUN mkdir -p streaming/generated && touch streaming/generated/__init__.py \\',
        ' && python -m grpc_tools.protoc -I streaming/schemas --python_out=streaming/generated --pyi_out=streaming/generated streaming/schemas/*.proto',
      ],
    '',
    '# Numeric user: runAsNonRoot can only verify a numeric id.',
    `RUN groupadd --gid ${RUN_AS_USER} pipeline && useradd --no-create-home --uid ${RUN_AS_USER} --gid ${RUN_AS_USER} pipeline`,
    `USER ${RUN_AS_USER}:${RUN_AS_USER}`,
  );
}
