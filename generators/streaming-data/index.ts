import type { GeneratorDefinition } from '../types.js';

// Work in progress: the files of this skill are being written (see the generators issue).
export const streamingDataGenerator: GeneratorDefinition = {
  name: 'streaming-data',
  description: 'streaming-data',
  files: () => [],
};
