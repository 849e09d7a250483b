/**
 * Measures the verification matrix for docs/testing.md: how many answer sets, how many files they
 * generate, and how many layer-3 checks run on them. `npx tsx scripts/verification-stats.ts`
 * prints the numbers; test/verify/stats.test.ts keeps docs/testing.md in step with them.
 */
import { verificationStats } from '../test/verify/stats.js';

const stats = await verificationStats();
process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
