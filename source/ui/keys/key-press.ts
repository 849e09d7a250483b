/**
 * One key as the dashboard sees it. Ink's `useInput` folds F1–F12 and a few other keys into an
 * empty input with no flag to tell them apart, so the dashboard parses the raw sequences Ink's
 * input parser has already split into events (DESIGN §4 binds F1 to help).
 */
export interface KeyPress {
  /**
   * `up`, `down`, `left`, `right`, `pageup`, `pagedown`, `home`, `end`, `return`, `escape`,
   * `tab`, `backspace`, `delete`, `insert`, `space`, `f1`…`f12`; a single character for printable
   * keys and Ctrl/Alt letters (`a`, `?`, `c` with ctrl); `paste` for several printable
   * characters that arrived in one chunk.
   */
  name: string;
  ctrl: boolean;
  meta: boolean;
  shift: boolean;
  /** What the key types into a text field ('' when it types nothing). */
  text: string;
}

const ESCAPE = '\u001B';

/** CSI and SS3 final sequences (after `ESC [` or `ESC O`) for the named keys. */
const SEQUENCE_NAMES: Readonly<Record<string, string>> = {
  A: 'up',
  B: 'down',
  C: 'right',
  D: 'left',
  H: 'home',
  F: 'end',
  E: 'clear',
  Z: 'tab', // back-tab: shift is set below
  P: 'f1',
  Q: 'f2',
  R: 'f3',
  S: 'f4',
  '[A': 'f1', // Linux console
  '[B': 'f2',
  '[C': 'f3',
  '[D': 'f4',
  '[E': 'f5',
};

/** `ESC [ n ~` sequences. */
const TILDE_NAMES: Readonly<Record<string, string>> = {
  '1': 'home',
  '2': 'insert',
  '3': 'delete',
  '4': 'end',
  '5': 'pageup',
  '6': 'pagedown',
  '7': 'home',
  '8': 'end',
  '11': 'f1',
  '12': 'f2',
  '13': 'f3',
  '14': 'f4',
  '15': 'f5',
  '17': 'f6',
  '18': 'f7',
  '19': 'f8',
  '20': 'f9',
  '21': 'f10',
  '23': 'f11',
  '24': 'f12',
};

function key(name: string, options: Partial<Omit<KeyPress, 'name'>> = {}): KeyPress {
  return { name, ctrl: false, meta: false, shift: false, text: '', ...options };
}

/** xterm modifier parameter: 1 + (shift 1 | alt 2 | ctrl 4). */
function withModifier(press: KeyPress, parameter: string | undefined): KeyPress {
  const value = Number(parameter ?? '1') - 1;
  if (!Number.isInteger(value) || value <= 0) return press;
  return {
    ...press,
    shift: press.shift || (value & 1) !== 0,
    meta: press.meta || (value & 2) !== 0,
    ctrl: press.ctrl || (value & 4) !== 0,
  };
}

function parseEscapeSequence(sequence: string): KeyPress {
  if (sequence === ESCAPE) return key('escape');
  if (sequence === ESCAPE + ESCAPE) return key('escape', { meta: true });
  const body = sequence.slice(1);
  const introducer = body[0];
  if (introducer === '[' || introducer === 'O') {
    const rest = body.slice(1);
    const tilde = /^(\d+)(?:;(\d+))?~$/.exec(rest);
    if (tilde) {
      const name = TILDE_NAMES[tilde[1] ?? ''];
      return name ? withModifier(key(name), tilde[2]) : key('unknown');
    }
    const modified = /^(?:1;)?(\d+)?([A-Z])$/.exec(rest);
    if (modified) {
      const final = modified[2] ?? '';
      const name = SEQUENCE_NAMES[final];
      if (!name) return key('unknown');
      return withModifier(key(name, { shift: final === 'Z' }), modified[1]);
    }
    const legacy = SEQUENCE_NAMES[rest];
    if (legacy) return key(legacy);
    return key('unknown');
  }
  // Alt (meta) + a key: ESC followed by the key.
  const inner = parseCharacters(body);
  const first = inner[0];
  return first ? { ...first, meta: true, text: '' } : key('unknown');
}

function parseCharacter(character: string): KeyPress {
  const code = character.codePointAt(0) ?? 0;
  if (character === '\r' || character === '\n') return key('return');
  if (character === '\t') return key('tab');
  if (character === '\u007F' || character === '\b') return key('backspace');
  if (character === ' ') return key('space', { text: ' ' });
  if (code === 0) return key('space', { ctrl: true });
  if (code < 27) return key(String.fromCodePoint(code + 96), { ctrl: true });
  if (code < 32) return key('unknown');
  const isUpper = character.toLowerCase() !== character;
  return key(character, { text: character, shift: isUpper });
}

function parseCharacters(text: string): KeyPress[] {
  return Array.from(text, parseCharacter);
}

/**
 * One input event (as split by Ink's parser) into key presses. A run of printable characters
 * that arrived together (a paste, or fast typing) becomes one `paste` key carrying all of it, so
 * a pasted answer is one state update and never triggers single-letter shortcuts.
 */
export function parseInput(input: string): KeyPress[] {
  if (input.startsWith(ESCAPE)) return [parseEscapeSequence(input)];
  const presses = parseCharacters(input);
  const result: KeyPress[] = [];
  let run = '';
  const flush = () => {
    if (run === '') return;
    const [only] = Array.from(run);
    result.push(
      only !== undefined && only === run ? parseCharacter(run) : key('paste', { text: run }),
    );
    run = '';
  };
  for (const press of presses) {
    const isPrintable = press.text !== '' && !press.ctrl;
    if (isPrintable) {
      run += press.text;
      continue;
    }
    flush();
    result.push(press);
  }
  flush();
  return result;
}
