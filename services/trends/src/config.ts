import { z } from 'zod';
import { loadConsumerConfig, type Env } from '@tweet-pipeline/config';

/** Trends configuration: the shared consumer variables (TRENDS_PORT, TRENDS_GROUP_ID…) and the collection. */
export const loadTrendsConfig = (env: Env) =>
  loadConsumerConfig(env, {
    service: 'trends',
    port: 9104,
    settings: { TRENDS_COLLECTION: z.string().default('hashtag_trends') },
  });

export type TrendsConfig = ReturnType<typeof loadTrendsConfig>;
