// The adversarial input corpus: what each kind of bad input is, as data, and
// what every stage must make of it.
export type { ByteSpec, CorpusEntry, CorpusGroup, FilterExpectation, ReplayExpectation } from './corpus-entry.js';
export { specBytes } from './byte-spec.js';
export { adversarialCorpus, RAW_HEADERS } from './adversarial-corpus.js';
export { corpusDir, loadCorpus, readCorpus, writeCorpus, type LoadedEntry } from './corpus-files.js';
export { validTweet, type ValidTweet } from './valid-tweets.js';
