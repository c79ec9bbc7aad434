/** Topic names fixed by the architecture; dashboards, alerts and operators rely on them. */
export const Topics = {
  raw: 'tweets.raw',
  clean: 'tweets.clean',
  dedupeState: 'tweets.dedupe-state',
  dlq: 'tweets.dlq',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];
