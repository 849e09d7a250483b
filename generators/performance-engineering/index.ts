import type { GeneratorDefinition } from '../types.js';

// Work in progress: the files of this skill are being written (see the generators issue).
export const performanceEngineeringGenerator: GeneratorDefinition = {
  name: 'performance-engineering',
  description: 'performance-engineering',
  files: () => [],
};
