import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP } from '../../../source/cli/args.js';
import { packageRoot } from '../../../source/engine/paths.js';
import { keyTableMarkdown } from '../../../source/ui/keys/key-table.js';

/** The README is the front door: its key table and CLI reference must be the real ones. */
describe('README', () => {
  it('shows the key table drawn from the key registry', async () => {
    const readme = await readFile(join(packageRoot(), 'README.md'), 'utf8');
    const table = /<!-- keys:start -->\n([\s\S]*?)\n<!-- keys:end -->/.exec(readme)?.[1];
    expect(table, 'README has a keys section').toBeDefined();
    expect(table).toBe(keyTableMarkdown().trimEnd());
  });

  it('shows the current --help and the two commands of a fresh machine', async () => {
    const readme = await readFile(join(packageRoot(), 'README.md'), 'utf8');
    expect(readme).toContain(HELP.trimEnd());
    expect(readme).toContain('npm install && npm start -- "');
    expect(readme).toContain('```bash\nnpm test\n```');
  });
});
