export { Topics, type TopicName } from './topics.js';
export { RawHeaders, TweetSources, isTweetSource, type TweetSource } from './headers.js';
export { isTweetId, isXPostId, tweetIdSchema, type TweetId } from './tweet-id.js';
export { illFormedReason, illFormedStringPath } from './well-formed-text.js';
export { parseJsonLossless } from './lossless-json.js';
export {
  rawStreamMessageSchema,
  rawTweetSchema,
  rawUserSchema,
  type RawStreamMessage,
  type RawTweet,
  type RawUser,
} from './raw-stream-message.js';
export {
  cleanTweetSchema,
  cleanTweetV1Schema,
  cleanTweetV2Schema,
  CLEAN_TWEET_SCHEMA_VERSION,
  KNOWN_CLEAN_TWEET_VERSIONS,
  type CleanTweet,
  type CleanTweetExpansions,
  type CleanTweetV1,
  type CleanTweetV2,
} from './clean-tweet.js';
export { DlqHeaders, DlqErrorCodes, type DlqErrorCode } from './dlq.js';
export { MAX_RECORD_BYTES, recordBytes, type SizedRecord } from './record-size.js';
export { parseClean, type ParsedClean } from './parse-clean.js';
