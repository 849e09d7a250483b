/**
 * Every benchmark, one after the other: `npm run bench` (builds first; run it with
 * NODE_EXTRA_CA_CERTS unset, which `npm run bench` does). Each reports ratios against a baseline
 * measured in the same run, because the machine is shared and noisy.
 */
import { printTable } from './measure.js';
import { benchFirstFrame } from './first-frame.js';
import { benchPipeline } from './pipeline.js';
import { benchStartup } from './startup.js';

printTable('Start-up', 'node -e 0', benchStartup());
printTable(
  'Dashboard first frame (pseudo-terminal, 120×40)',
  'node prints a word',
  await benchFirstFrame(),
);
printTable('Full advanced project', 'plain fs.writeFile', await benchPipeline());
process.env.NODE_ENV ??= 'production';
const { runKeypressBench } = await import('./dashboard-keypress-scenarios.js');
await runKeypressBench();
