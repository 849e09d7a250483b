import { PYTHON_PROTOC_COMMAND } from './clients/python/index.js';
import type { StreamPlan } from './plan.js';

/**
 * How the clients of each language run: the commands of the producer and the raw loader, inside
 * the loader image (compose, Kubernetes) and from a developer's shell.
 */
export interface ClientRuntime {
  /** Command (argv) of the raw loader inside its image. */
  loaderCommand: string[];
  /** Command (argv) of the producer inside the same image. */
  producerCommand: string[];
  /** The same, from the project root on a developer machine. */
  localLoader: string;
  localProducer: string;
  /** Build of the image: compose `build` object. */
  build: { context: string; dockerfile: string };
  /** Where the project (or the data folder) is mounted, and the DuckDB path inside. */
  volumes: string[];
  workingDir: string | null;
  duckdbPath: string;
  /** A one-off step before the clients run on a developer machine (code generation, build). */
  localSetup: string | null;
}

export function clientRuntime(plan: StreamPlan): ClientRuntime {
  const protobuf = plan.streaming.serialization === 'protobuf';
  switch (plan.streaming.language) {
    case 'python': {
      const loader = 'python -m streaming.consumers.load_events';
      const producer = 'python -m streaming.producers.produce_events';
      const wrap = (command: string) =>
        protobuf ? ['sh', '-c', `${PYTHON_PROTOC_COMMAND} && exec ${command}`] : command.split(' ');
      return {
        loaderCommand: wrap(loader),
        producerCommand: wrap(producer),
        localLoader: loader,
        localProducer: producer,
        build: { context: '.', dockerfile: 'docker/workbench/Dockerfile' },
        volumes: ['./:/workspace'],
        workingDir: '/workspace',
        duckdbPath: '/workspace/data/warehouse.duckdb',
        localSetup: protobuf ? PYTHON_PROTOC_COMMAND : null,
      };
    }
    case 'typescript':
      return {
        loaderCommand: ['node', 'dist/consumers/load-events.js'],
        producerCommand: ['node', 'dist/producers/produce-events.js'],
        localLoader: 'npm --prefix streaming run load-events',
        localProducer: 'npm --prefix streaming run produce-events',
        build: { context: './streaming', dockerfile: 'Dockerfile' },
        volumes: ['./data:/data'],
        workingDir: null,
        duckdbPath: '/data/warehouse.duckdb',
        localSetup: 'npm --prefix streaming ci && npm --prefix streaming run build',
      };
    case 'java':
      return {
        loaderCommand: [
          'java',
          '-cp',
          '/app/streaming-clients.jar',
          `${plan.javaPackage}.consumers.LoadEvents`,
        ],
        producerCommand: [
          'java',
          '-cp',
          '/app/streaming-clients.jar',
          `${plan.javaPackage}.producers.ProduceEvents`,
        ],
        localLoader: `cd streaming && java -cp target/streaming-clients.jar ${plan.javaPackage}.consumers.LoadEvents`,
        localProducer: `cd streaming && java -cp target/streaming-clients.jar ${plan.javaPackage}.producers.ProduceEvents`,
        build: { context: './streaming', dockerfile: 'Dockerfile' },
        volumes: ['./data:/data'],
        workingDir: null,
        duckdbPath: '/data/warehouse.duckdb',
        localSetup: 'mvn -f streaming/pom.xml -q package',
      };
    case 'go':
      return {
        loaderCommand: ['/app/load-events'],
        producerCommand: ['/app/produce-events'],
        localLoader: 'go -C streaming run ./consumers/load-events',
        localProducer: 'go -C streaming run ./producers/produce-events',
        build: { context: './streaming', dockerfile: 'Dockerfile' },
        volumes: ['./data:/data'],
        workingDir: null,
        duckdbPath: '/data/warehouse.duckdb',
        localSetup: protobuf
          ? 'cd streaming && go run github.com/bufbuild/buf/cmd/buf@v1.47.2 generate'
          : null,
      };
  }
}

/** The image tag of the loader (compose builds it; Kubernetes pulls it from your registry). */
export function loaderImage(plan: StreamPlan): string {
  return plan.streaming.language === 'python'
    ? `${plan.model.name}-workbench:local`
    : `${plan.model.name}-streaming:local`;
}
