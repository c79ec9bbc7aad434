import { SyntheticTweets } from '@tweet-pipeline/synthetic';
import type { Workload } from './pipeline-under-test.js';

/** What the pipeline must store for a workload: the distinct music tweets (the default rule). */
export function expectedStored(workload: Workload): number {
  const tweets = new SyntheticTweets(workload);
  let stored = 0;
  for (let i = 0; i < workload.count; i++) {
    const record = tweets.next();
    if (record.kind === 'tweet' && record.music) stored++;
  }
  return stored;
}
