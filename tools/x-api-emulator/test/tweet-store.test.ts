import assert from 'node:assert/strict';
import { test } from 'vitest';
import { TweetStore, type TweetMessage } from '../src/tweet-store.js';

const message = (id: bigint, extra: Record<string, unknown> = {}): TweetMessage => ({
  data: { id: id.toString(), text: `tweet ${id}`, ...extra },
});
const ids = (store: TweetStore) => [...store.newestFirst()].map((t) => t.id);

test('TweetStore lists tweets by id, newest first, whatever order they came in', () => {
  const store = new TweetStore({ capacity: 100, retentionMs: 60_000 });
  for (const id of [
    1_900_000_000_000_000_005n,
    1_900_000_000_000_000_001n,
    1_900_000_000_000_000_009n,
    1_900_000_000_000_000_003n,
  ]) {
    store.add(message(id));
  }
  assert.deepEqual(ids(store), [
    '1900000000000000009',
    '1900000000000000005',
    '1900000000000000003',
    '1900000000000000001',
  ]);
});

test('TweetStore keeps the first copy of a repeated id but returns the view of the message given', () => {
  const store = new TweetStore({ capacity: 100, retentionMs: 60_000 });
  store.add(message(5n, { text: 'first' }));
  const again = store.add(message(5n, { text: 'second' }));
  assert.equal(again.data['text'], 'second');
  assert.equal(store.size, 1);
  assert.equal([...store.newestFirst()][0]?.data['text'], 'first');
});

test('TweetStore drops the lowest ids beyond its capacity and tweets older than its retention', () => {
  let now = 0;
  const store = new TweetStore({ capacity: 10, retentionMs: 1_000, now: () => now });
  for (let i = 1n; i <= 11n; i++) store.add(message(i));
  assert.equal(store.size, 11, 'evicts in batches, above 110 %');
  store.add(message(12n));
  assert.equal(store.size, 10);
  assert.equal(ids(store).at(-1), '3');
  now = 2_000;
  assert.deepEqual(ids(store), [], 'older than the retention: not found');
});

test('TweetStore learns users from includes, so a later bare tweet still knows its author', () => {
  const store = new TweetStore({ capacity: 10, retentionMs: 60_000 });
  store.add({
    data: { id: '1', text: 'a', author_id: '42' },
    includes: { users: [{ id: '42', username: 'Someone', name: 'S' }] },
  });
  const bare = store.add({ data: { id: '2', text: 'b', author_id: '42' } });
  assert.equal(bare.authorUsername, 'Someone');
  const lookups = store.includesSourceFor(bare);
  assert.equal(lookups.user('42')?.['name'], 'S');
  assert.equal(lookups.userByUsername('someone')?.['id'], '42');
  assert.equal(lookups.tweet('1')?.['text'], 'a');
});
