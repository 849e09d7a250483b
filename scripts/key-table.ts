/**
 * Prints the dashboard's key table (Markdown) for the README, from the one key registry.
 * Run: `npx tsx scripts/key-table.ts > keys.md`
 */
import { keyTableMarkdown } from '../source/ui/keys/key-table.js';

process.stdout.write(keyTableMarkdown());
