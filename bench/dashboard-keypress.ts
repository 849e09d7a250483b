/**
 * Render cost per keypress in the dashboard, against a one-line Ink app measured in the same run
 * (see dashboard-keypress-scenarios.ts for what is measured). Not a test: nothing is asserted.
 *
 * Run: `env -u NODE_EXTRA_CA_CERTS npx tsx bench/dashboard-keypress.ts [rounds]`
 * React's production build is selected first, as the CLI does; `NODE_ENV=development` measures
 * the development build instead.
 */
process.env.NODE_ENV ??= 'production';
const { runKeypressBench } = await import('./dashboard-keypress-scenarios.js');
await runKeypressBench();
