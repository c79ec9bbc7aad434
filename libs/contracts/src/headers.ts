/** Headers every record on `tweets.raw` carries. */
export const RawHeaders = {
  source: 'source',
  receivedAt: 'received-at',
} as const;

/** Where a raw tweet came from; the value of the `source` header. */
export const TweetSources = ['x-filtered-stream', 'x-recent-search', 'replay', 'synthetic'] as const;
export type TweetSource = (typeof TweetSources)[number];

export function isTweetSource(value: string): value is TweetSource {
  return (TweetSources as readonly string[]).includes(value);
}
