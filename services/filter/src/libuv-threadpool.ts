// Imported first by main.ts: it must run before anything uses libuv's thread
// pool, which is sized once, on first use. The Kafka client runs each blocking
// librdkafka call — the consumer's fetches, committed offsets, every
// transactional call (send offsets, commit, abort) — on that pool, 4 threads
// by default. While the broker is away the fetches and the lag reader's calls
// each hold a thread for seconds, and a transactional call with a 5 s timeout
// was seen answering after 29 s, queued behind them: the filter could neither
// notice the outage nor recover from it promptly.
process.env.UV_THREADPOOL_SIZE ??= '16';
