import { diffArrays } from 'diff';

export interface MergeResult {
  text: string;
  conflicts: number;
}

export interface MergeLabels {
  mine: string;
  base: string;
  theirs: string;
}

const DEFAULT_LABELS: MergeLabels = {
  mine: 'yours (on disk)',
  base: 'last generated',
  theirs: 'skillchain (new)',
};

/**
 * A line-based three-way merge (diff3): the user's copy and the new template output both
 * descend from the base recorded at the last run. Chunks changed on one side only take that
 * side; chunks changed identically on both sides merge; chunks changed differently on both
 * sides become conflict markers (diff3 style, with the base in between).
 */
export function merge3(
  base: string,
  mine: string,
  theirs: string,
  labels: MergeLabels = DEFAULT_LABELS,
): MergeResult {
  const baseLines = splitLines(base);
  const mineLines = splitLines(mine);
  const theirLines = splitLines(theirs);
  const toMine = matchedLines(baseLines, mineLines);
  const toTheirs = matchedLines(baseLines, theirLines);
  const output: string[] = [];
  let conflicts = 0;
  let baseIndex = 0;
  let mineIndex = 0;
  let theirIndex = 0;

  const resolve = (baseEnd: number, mineEnd: number, theirEnd: number) => {
    const baseChunk = baseLines.slice(baseIndex, baseEnd);
    const mineChunk = mineLines.slice(mineIndex, mineEnd);
    const theirChunk = theirLines.slice(theirIndex, theirEnd);
    if (sameLines(mineChunk, baseChunk)) output.push(...theirChunk);
    else if (sameLines(theirChunk, baseChunk) || sameLines(mineChunk, theirChunk))
      output.push(...mineChunk);
    else {
      conflicts++;
      output.push(
        `<<<<<<< ${labels.mine}\n`,
        ...withFinalNewline(mineChunk),
        `||||||| ${labels.base}\n`,
        ...withFinalNewline(baseChunk),
        '=======\n',
        ...withFinalNewline(theirChunk),
        `>>>>>>> ${labels.theirs}\n`,
      );
    }
  };

  for (;;) {
    let stable = -1;
    for (let index = baseIndex; index < baseLines.length; index++) {
      if (toMine.has(index) && toTheirs.has(index)) {
        stable = index;
        break;
      }
    }
    if (stable < 0) {
      resolve(baseLines.length, mineLines.length, theirLines.length);
      break;
    }
    const mineStable = toMine.get(stable) ?? mineIndex;
    const theirStable = toTheirs.get(stable) ?? theirIndex;
    if (stable > baseIndex || mineStable > mineIndex || theirStable > theirIndex) {
      resolve(stable, mineStable, theirStable);
    }
    output.push(baseLines[stable] ?? '');
    baseIndex = stable + 1;
    mineIndex = mineStable + 1;
    theirIndex = theirStable + 1;
  }
  return { text: output.join(''), conflicts };
}

/** Lines with their terminators, so the merge reproduces the input byte for byte. */
function splitLines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, index) => line === b[index]);
}

function withFinalNewline(chunk: readonly string[]): string[] {
  const last = chunk.at(-1);
  return last === undefined || last.endsWith('\n')
    ? [...chunk]
    : [...chunk.slice(0, -1), `${last}\n`];
}

/** base line index → other line index, for lines the LCS keeps. */
function matchedLines(base: string[], other: string[]): Map<number, number> {
  const matches = new Map<number, number>();
  let baseIndex = 0;
  let otherIndex = 0;
  for (const part of diffArrays(base, other)) {
    const count = part.count;
    if (part.added) otherIndex += count;
    else if (part.removed) baseIndex += count;
    else {
      for (let offset = 0; offset < count; offset++)
        matches.set(baseIndex + offset, otherIndex + offset);
      baseIndex += count;
      otherIndex += count;
    }
  }
  return matches;
}
