/** Small helpers for the sentences the `hub` command prints. */

/** Joins words as a sentence lists them, such as "a, b or c". */
export function listWith(conjunction: 'and' | 'or', words: readonly string[]): string {
  if (words.length < 2) return words.join('');

  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words.at(-1)}`;
}
