import type { GenerateOptions } from '../cli/args.js';
import type { EngineData } from '../engine/session.js';

export interface DashboardRequest {
  data: EngineData;
  goal: string | undefined;
  options: GenerateOptions;
}

/** The full-screen dashboard (in progress: see the dashboard issue). */
export function runDashboard(_request: DashboardRequest): Promise<number> {
  process.stderr.write('skillchain: the dashboard is not available yet; run headless with --yes, --answers FILE or --dry-run\n');
  return Promise.resolve(2);
}
