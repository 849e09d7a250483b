/** "1 file" / "94 files" / "0 files": every count the dashboard prints goes through here. */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** The line that reports a write: "Wrote 1 file to …", or that nothing needed writing. */
export function describeWritten(count: number, outDir: string): string {
  return count === 0
    ? `Nothing to write to ${outDir}: no file changes were accepted`
    : `Wrote ${plural(count, 'file')} to ${outDir}`;
}
