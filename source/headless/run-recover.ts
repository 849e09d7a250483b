import { resolve } from 'node:path';
import { recover } from '../engine/commit/write-changes.js';
import type { Output } from './output.js';

/** `skillchain recover DIR`: roll back a write that was interrupted (the journal restores it). */
export async function runRecover(dirArgument: string, out: Output): Promise<number> {
  const dir = resolve(dirArgument);
  const restored = await recover(dir);
  if (restored === undefined) out.line(`Nothing to recover in ${dir}: no write was interrupted.`);
  else
    out.line(
      `Rolled back an interrupted write in ${dir}: ${restored.length} file${restored.length === 1 ? '' : 's'} restored as they were.`,
    );
  return 0;
}
