import type { DashboardState } from './dashboard-state.js';

/**
 * What stays in the terminal once the dashboard's alternate screen is gone: where the project
 * is, the verdict and the first command to run, or that nothing was written. Plain text, printed
 * after the terminal is restored.
 */
export function farewellLines(state: DashboardState): string[] {
  switch (state.stage.kind) {
    case 'complete': {
      const { run, written, report, summary } = state.stage;
      const outDir = run.staged.changeSet.outDir;
      const [firstStep] = summary.nextSteps;
      return [
        `skillchain: wrote ${written.length} file${written.length === 1 ? '' : 's'} to ${outDir} · validation ${report.passes ? 'PASS' : 'FAIL'} (${report.completeness.percent}% complete)`,
        ...(firstStep
          ? [`  next: cd ${outDir} && ${firstStep.command}   # ${firstStep.title}`]
          : []),
        `  check it again any time: skillchain validate ${outDir}`,
      ];
    }
    case 'failed':
      return [`skillchain: ${state.stage.message}`];
    default:
      return state.hasWritten ? [] : ['skillchain: quit before writing; nothing was written.'];
  }
}
