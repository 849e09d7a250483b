import type { DomainCheck } from './types.js';

/** Layer-3 checks for this area (see types.ts). */
export const secretsChecks: DomainCheck[] = [];
