const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The characters a user sees (grapheme clusters): what the cursor moves over and widths count. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (item) => item.segment);
}
