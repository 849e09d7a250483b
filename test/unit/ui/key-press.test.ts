import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../source/ui/keys/key-press.js';

const only = (input: string) => {
  const presses = parseInput(input);
  expect(presses).toHaveLength(1);
  const [press] = presses;
  if (!press) throw new Error('no key');
  return press;
};

describe('parseInput', () => {
  it.each([
    ['\u001BOP', 'f1'],
    ['\u001B[11~', 'f1'],
    ['\u001B[[A', 'f1'],
    ['\u001B[24~', 'f12'],
    ['\u001B[A', 'up'],
    ['\u001BOB', 'down'],
    ['\u001B[5~', 'pageup'],
    ['\u001B[6~', 'pagedown'],
    ['\u001B[3~', 'delete'],
    ['\u001B[H', 'home'],
    ['\u001B[F', 'end'],
    ['\r', 'return'],
    ['\t', 'tab'],
    ['\u007F', 'backspace'],
    ['\u001B', 'escape'],
  ])('names %j as %s', (sequence, name) => {
    expect(only(sequence).name).toBe(name);
  });

  it('reads Ctrl+letter from control characters, without typing anything', () => {
    expect(only('\u0004')).toMatchObject({ name: 'd', ctrl: true, text: '' });
    expect(only('\u0003')).toMatchObject({ name: 'c', ctrl: true });
    expect(only('\u0014')).toMatchObject({ name: 't', ctrl: true });
  });

  it('marks Shift+Tab and modified arrows', () => {
    expect(only('\u001B[Z')).toMatchObject({ name: 'tab', shift: true });
    expect(only('\u001B[1;5A')).toMatchObject({ name: 'up', ctrl: true });
    expect(only('\u001B[1;2P')).toMatchObject({ name: 'f1', shift: true });
  });

  it('types printable keys, including ? and space', () => {
    expect(only('?')).toMatchObject({ name: '?', text: '?' });
    expect(only(' ')).toMatchObject({ name: 'space', text: ' ' });
    expect(only('S')).toMatchObject({ name: 'S', shift: true, text: 'S' });
  });

  it('keeps a run of printable characters together as one paste, so it never fires shortcuts', () => {
    expect(parseInput('skip')).toEqual([
      { name: 'paste', ctrl: false, meta: false, shift: false, text: 'skip' },
    ]);
  });

  it('splits a burst into its keys in order', () => {
    expect(parseInput('abc\r\r').map((press) => press.name)).toEqual(['paste', 'return', 'return']);
    expect(parseInput('y\r').map((press) => press.name)).toEqual(['y', 'return']);
  });

  it('reads Alt+key as meta', () => {
    expect(only('\u001Bx')).toMatchObject({ name: 'x', meta: true, text: '' });
  });
});
