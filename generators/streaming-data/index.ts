import type { FileSpec, GeneratorDefinition } from '../types.js';
import { clientConfigFiles } from './client-config.js';
import { clientFiles } from './clients/index.js';
import { streamingContributions } from './contributions/index.js';
import { planStreaming } from './plan.js';
import { renderSamples } from './samples.js';
import { schemaFiles } from './schemas/index.js';
import { registryFiles } from './schemas/registry.js';
import { createTopicsScript } from './topics/create-topics-script.js';
import { topicsFile } from './topics/topics-file.js';
import { cdcFiles } from './cdc/index.js';
import { connectFiles } from './connect/index.js';
import { processorFiles } from './processors/index.js';
import { streamingReadme } from './readme.js';

/**
 * streaming-data: the event backbone. Topics with dead-letter topics, client configuration,
 * schemas, producers and the raw loader in the chosen language, CDC, sink connectors and the
 * stream-processing job, plus the services and targets that run them locally.
 */
export const streamingDataGenerator: GeneratorDefinition = {
  name: 'streaming-data',
  description:
    'Topics, schemas, producers, consumers with retries and dead-letter topics, CDC, sinks and stream processing',
  files(model) {
    const plan = planStreaming(model);
    const files: FileSpec[] = [
      { path: 'streaming/README.md', kind: 'text', render: () => streamingReadme(plan) },
      topicsFile(plan),
      createTopicsScript(plan),
      ...clientConfigFiles(plan),
      ...schemaFiles(plan),
      ...registryFiles(plan),
      ...plan.entities.map((item): FileSpec => ({
        path: `streaming/samples/${item.entity.name}.jsonl`,
        kind: 'text',
        render: () => renderSamples(item.entity),
      })),
      ...clientFiles(plan),
      ...cdcFiles(plan),
      ...connectFiles(plan),
      ...processorFiles(plan),
    ];
    return files;
  },
  contributions(model) {
    return streamingContributions(planStreaming(model));
  },
};
