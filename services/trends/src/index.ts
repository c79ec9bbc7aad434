// The trends service's building blocks, for tests and for tools that read or rebuild the trends.
export {
  minuteOf,
  trendId,
  hashtagHits,
  planIncrements,
  type HashtagHit,
  type TrendIncrement,
} from './trend-counts.js';
export { countHits, trendUpdate, type TrendDocument, type CountOptions } from './trend-store.js';
export { parseClean, type ParsedClean } from '@tweet-pipeline/contracts';
export { trendsMetrics, BatchResults, type BatchResult, type TrendsMetrics } from './metrics.js';
export { loadTrendsConfig, type TrendsConfig } from './config.js';
