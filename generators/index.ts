import { architectingDataGenerator } from './architecting-data/index.js';
import { optimizingSqlGenerator } from './optimizing-sql/index.js';
import { performanceEngineeringGenerator } from './performance-engineering/index.js';
import { projectGenerator } from './project/index.js';
import { secretManagementGenerator } from './secret-management/index.js';
import { streamingDataGenerator } from './streaming-data/index.js';
import { transformingDataGenerator } from './transforming-data/index.js';
import type { GeneratorDefinition } from './types.js';

/** Skill generators in chain order. */
export const SKILL_GENERATORS: readonly GeneratorDefinition[] = [
  architectingDataGenerator,
  streamingDataGenerator,
  transformingDataGenerator,
  optimizingSqlGenerator,
  secretManagementGenerator,
  performanceEngineeringGenerator,
];

/** Every generator: the skills, then `project`, which assembles what the skills contribute. */
export const GENERATORS: readonly GeneratorDefinition[] = [
  ...SKILL_GENERATORS,
  projectGenerator(() => SKILL_GENERATORS),
];
