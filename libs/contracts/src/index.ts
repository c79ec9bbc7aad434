export { Topics, type TopicName } from './topics.js';
export { RawHeaders, TweetSources, isTweetSource, type TweetSource } from './headers.js';
export { isTweetId, tweetIdSchema, type TweetId } from './tweet-id.js';
export { parseJsonLossless } from './lossless-json.js';
export {
  rawStreamMessageSchema,
  rawTweetSchema,
  rawUserSchema,
  type RawStreamMessage,
  type RawTweet,
  type RawUser,
} from './raw-stream-message.js';
export { cleanTweetSchema, CLEAN_TWEET_SCHEMA_VERSION, type CleanTweet } from './clean-tweet.js';
export { DlqHeaders, DlqErrorCodes, type DlqErrorCode } from './dlq.js';
export { MAX_RECORD_BYTES, recordBytes, type SizedRecord } from './record-size.js';
export { parseClean, type ParsedClean } from './parse-clean.js';
