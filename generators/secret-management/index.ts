import type { GeneratorDefinition } from '../types.js';

// Work in progress: the files of this skill are being written (see the generators issue).
export const secretManagementGenerator: GeneratorDefinition = {
  name: 'secret-management',
  description: 'secret-management',
  files: () => [],
};
