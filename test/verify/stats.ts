import { DOMAIN_CHECKS } from '../../source/engine/validate/domain/index.js';
import { buildProject } from '../support/project.js';
import { matrix } from './matrix.js';

export interface VerificationStats {
  /** Answer sets in the matrix (goals' defaults + pairwise/cycled answer sets). */
  entries: number;
  goals: number;
  /** Files generated across the whole matrix. */
  files: number;
  /** Layer-3 checks that apply across the matrix (each check on each project where it applies). */
  domainChecks: number;
  /** Distinct layer-3 checks. */
  distinctChecks: number;
}

/** Generates every matrix project and counts its files and the layer-3 checks that apply to it. */
export async function verificationStats(): Promise<VerificationStats> {
  const entries = matrix();
  let files = 0;
  let domainChecks = 0;
  for (const entry of entries) {
    const project = await buildProject(entry);
    files += project.files.size;
    domainChecks += DOMAIN_CHECKS.filter((check) => check.appliesTo(project.model)).length;
  }
  return {
    entries: entries.length,
    goals: entries.filter((entry) => entry.id.startsWith('goal-')).length,
    files,
    domainChecks,
    distinctChecks: DOMAIN_CHECKS.length,
  };
}
