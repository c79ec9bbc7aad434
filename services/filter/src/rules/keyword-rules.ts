/**
 * Which of the configured keywords a tweet's tokens match. A keyword starting
 * with `#` matches that hashtag; any other keyword matches a whole word.
 * Case-insensitive, as X's matching is.
 */
export function matchKeywords(tokens: readonly string[], keywords: readonly string[]): string[] {
  const present = new Set(tokens);
  return keywords.filter((keyword) => present.has(keyword.toLowerCase()));
}
