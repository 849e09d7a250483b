/**
 * Plain-line output for the headless runner: colour only on a terminal and without NO_COLOR,
 * everything else as plain text that reads well in CI logs.
 */
export interface Output {
  line(text?: string): void;
  error(text: string): void;
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
}

export function createOutput(
  stdout: NodeJS.WriteStream = process.stdout,
  stderr: NodeJS.WriteStream = process.stderr,
): Output {
  const isColor = stdout.isTTY && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
  const wrap = (code: string, reset: string) => (text: string) =>
    isColor ? `\u001B[${code}m${text}\u001B[${reset}m` : text;
  return {
    line: (text = '') => stdout.write(`${text}\n`),
    error: (text) => stderr.write(`${text}\n`),
    bold: wrap('1', '22'),
    dim: wrap('2', '22'),
    green: wrap('32', '39'),
    yellow: wrap('33', '39'),
    red: wrap('31', '39'),
  };
}

/** "1 file", "2 files". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
