import { contains, findPhrase, phraseStems, tokenize, type Span, type Token } from './text.js';

const SOURCE_WORDS = new Set(['from', 'off']);

export interface PhraseHit {
  phrase: string;
  span: Span;
  /** The words as they appear in the goal ("Pipelines" for the keyword "pipeline"). */
  text: string;
}

/**
 * The goal, tokenized once, answering "where does this phrase occur?". A hit is *shadowed* when a
 * longer phrase from `shadowingPhrases` covers it: "snowflake schema" is a modeling term, so it
 * does not make Snowflake the warehouse; "query performance" is SQL work, not a reason to add
 * performance-engineering.
 */
export class GoalIndex {
  readonly tokens: Token[];
  private readonly cache = new Map<string, Span[]>();

  constructor(readonly goal: string) {
    this.tokens = tokenize(goal);
  }

  spans(phrase: string): Span[] {
    const key = phraseStems(phrase).join(' ');
    let spans = this.cache.get(key);
    if (!spans) {
      spans = findPhrase(this.tokens, phraseStems(phrase));
      this.cache.set(key, spans);
    }
    return spans;
  }

  /** Hits of `phrase` not covered by a longer hit of any of `shadowingPhrases`. */
  hits(phrase: string, shadowingPhrases: Iterable<string> = []): PhraseHit[] {
    const own = this.spans(phrase);
    if (own.length === 0) return [];
    const shadows: Span[] = [];
    for (const other of shadowingPhrases) shadows.push(...this.spans(other));
    return own
      .filter((span) => !shadows.some((shadow) => contains(shadow, span)))
      .map((span) => ({ phrase, span, text: this.textOf(span) }));
  }

  has(phrase: string, shadowingPhrases: Iterable<string> = []): boolean {
    return this.hits(phrase, shadowingPhrases).length > 0;
  }

  /**
   * Whether the phrase at `span` is named as a source: "cdc *from postgres* into bigquery",
   * "migrate *off redshift*". A technology the data leaves is rarely the one being chosen.
   */
  isSource(span: Span): boolean {
    const before = this.tokens[span.start - 1]?.text;
    return before !== undefined && SOURCE_WORDS.has(before);
  }

  textOf(span: Span): string {
    const first = this.tokens[span.start];
    const last = this.tokens[span.end - 1];
    if (!first || !last) return '';
    return this.goal.slice(first.start, last.end);
  }
}
