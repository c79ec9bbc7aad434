import { Counter, type Registry } from 'prom-client';

/** The trends service's own metrics (names are contracts: architecture.md, dashboards, alerts). */
export function trendsMetrics(registry: Registry): (hits: number, added: number) => void {
  const batches = new Counter({
    name: 'tweet_pipeline_trends_batches_total',
    help: 'Batches of tweets.clean handled and committed: new counts written, a redelivery already counted, or none.',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  for (const result of ['applied', 'already_applied', 'no_hashtags']) batches.inc({ result }, 0);
  const hashtags = new Counter({
    name: 'tweet_pipeline_trends_hashtags_counted_total',
    help: 'Hashtag occurrences added to hashtag_trends (redelivered ones already counted are not).',
    registers: [registry],
  });
  return (hits, added) => {
    batches.inc({ result: hits === 0 ? 'no_hashtags' : added > 0 ? 'applied' : 'already_applied' });
    hashtags.inc(added);
  };
}
