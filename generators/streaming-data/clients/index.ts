import type { FileSpec } from '../../types.js';
import type { StreamPlan } from '../plan.js';
import { goClientFiles } from './go/index.js';
import { javaClientFiles } from './java/index.js';
import { pythonClientFiles } from './python/index.js';
import { typescriptClientFiles } from './typescript/index.js';

/** The producers and the raw loader in the chosen language, with their dependency manifest. */
export function clientFiles(plan: StreamPlan): FileSpec[] {
  switch (plan.streaming.language) {
    case 'python':
      return pythonClientFiles(plan);
    case 'typescript':
      return typescriptClientFiles(plan);
    case 'java':
      return javaClientFiles(plan);
    case 'go':
      return goClientFiles(plan);
  }
}
