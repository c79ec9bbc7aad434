// Reproducible X API v2 stream messages, for the producer's synthetic source,
// the X API emulator, tests and benchmarks.
export { SyntheticTweets, type SyntheticOptions, type SyntheticRecord } from './synthetic-tweets.js';
export { seededRandom, isScheduled } from './prng.js';
export { richMessage, RichShapes, LONG_POST_CUT, type RichShape } from './rich-tweets.js';
