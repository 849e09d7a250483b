/**
 * Word-level text matching for goals: case-insensitive, on word boundaries, multi-word phrases,
 * and simple inflections ("pipelines" ~ "pipeline", "streams" ~ "streaming", "optimise" ~
 * "optimize"), as CATALOGUE §2 asks.
 */

export interface Token {
  /** The word as typed, lowercased. */
  text: string;
  stem: string;
  /** Character offsets in the original text, for highlighting. */
  start: number;
  end: number;
}

/** Splits on anything that is not a letter or digit; "real-time" is two words, "pub/sub" too. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = match[0].toLowerCase();
    tokens.push({
      text: word,
      stem: stem(word),
      start: match.index,
      end: match.index + match[0].length,
    });
  }
  return tokens;
}

export function phraseStems(phrase: string): string[] {
  return tokenize(phrase).map((token) => token.stem);
}

/**
 * A light suffix stemmer: enough to make plurals and -ing/-ed forms meet, and to fold British
 * -ise spellings, without the over-reach of a full Porter stemmer (which would merge "data" and
 * "date"). Words of three letters or fewer are left alone ("aws", "sql", "dbt").
 */
export function stem(word: string): string {
  let result = word.toLowerCase();
  if (result.length <= 3) return result;
  // British spellings: optimise/optimisation/normalised → optimize/...
  result = result.replace(/is(e|es|ed|ing|ation|ations)$/, 'iz$1');
  if (result.endsWith('ies') && result.length > 4) result = `${result.slice(0, -3)}y`;
  else if (result.endsWith('sses')) result = result.slice(0, -2);
  else if (/(x|z|ch|sh|ss)es$/.test(result)) result = result.slice(0, -2);
  else if (result.endsWith('s') && !/(ss|us|is)$/.test(result)) result = result.slice(0, -1);

  let strippedVerbSuffix = false;
  if (result.endsWith('ing') && result.length > 5) {
    result = result.slice(0, -3);
    strippedVerbSuffix = true;
  } else if (result.endsWith('ed') && result.length > 5) {
    result = result.slice(0, -2);
    strippedVerbSuffix = true;
  }
  // mapping → mapp → map, modelling → modell → model
  if (strippedVerbSuffix && /([^aeiou])\1$/.test(result) && !result.endsWith('ss')) {
    result = result.slice(0, -1);
  }
  // schedule/scheduling, pipeline/pipelining: drop a final silent e so both forms meet.
  if (result.endsWith('e') && result.length > 4) result = result.slice(0, -1);
  return result;
}

export interface Span {
  /** Token indices, end exclusive. */
  start: number;
  end: number;
}

/** Every place where the phrase's words appear consecutively in the tokens. */
export function findPhrase(tokens: readonly Token[], stems: readonly string[]): Span[] {
  const spans: Span[] = [];
  if (stems.length === 0) return spans;
  for (let start = 0; start + stems.length <= tokens.length; start++) {
    let matches = true;
    for (let offset = 0; offset < stems.length; offset++) {
      if (tokens[start + offset]?.stem !== stems[offset]) {
        matches = false;
        break;
      }
    }
    if (matches) spans.push({ start, end: start + stems.length });
  }
  return spans;
}

export function contains(outer: Span, inner: Span): boolean {
  return (
    outer.start <= inner.start &&
    inner.end <= outer.end &&
    outer.end - outer.start > inner.end - inner.start
  );
}
