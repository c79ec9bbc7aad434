import assert from 'node:assert/strict';
import { afterAll, afterEach, beforeAll, test } from 'vitest';
import { fixtureLines } from '@tweet-pipeline/testkit';
import type { RunningEmulator } from '../src/index.js';
import { AUTH, http, quietEmulator, tweet } from './helpers.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await quietEmulator({ searchLimit: 1_000 });
});
afterEach(() => emulator.reset());
afterAll(() => emulator.close());

interface Page {
  data?: { id: string; text: string }[];
  includes?: { users?: Record<string, unknown>[] };
  meta: { newest_id?: string; oldest_id?: string; result_count: number; next_token?: string };
}
const search = async (query: string) => {
  const answer = await http(emulator.url, `/2/tweets/search/recent?${query}`, { headers: AUTH });
  return { ...answer, page: answer.json as Page };
};

test('recent search pages newest first with next_token until the oldest match', async () => {
  const posted = Array.from({ length: 25 }, (_, i) => tweet(`cats number ${i}`));
  emulator.inject([...posted, tweet('dogs only')]);
  const newestFirst = posted.map((t) => t.data.id).reverse();
  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const { status, page } = await search(`query=cats&max_results=10${token ? `&next_token=${token}` : ''}`);
    assert.equal(status, 200);
    const ids = page.data!.map((t) => t.id);
    assert.equal(page.meta.result_count, ids.length);
    assert.equal(page.meta.newest_id, ids[0]);
    assert.equal(page.meta.oldest_id, ids[ids.length - 1]);
    seen.push(...ids);
    token = page.meta.next_token;
    pages++;
  } while (token !== undefined);
  assert.equal(pages, 3);
  assert.deepEqual(seen, newestFirst);
});

test('recent search paging is stable while new tweets arrive', async () => {
  emulator.inject(Array.from({ length: 15 }, (_, i) => tweet(`cats ${i}`)));
  const first = (await search('query=cats&max_results=10')).page;
  emulator.inject([tweet('cats arriving meanwhile')]);
  const second = (await search(`query=cats&max_results=10&next_token=${first.meta.next_token}`)).page;
  assert.equal(second.meta.result_count, 5);
  assert.equal(second.meta.next_token, undefined);
});

test('recent search since_id returns only newer tweets (exclusive)', async () => {
  const old = [tweet('cats a'), tweet('cats b')];
  emulator.inject(old);
  const newer = [tweet('cats c'), tweet('cats d')];
  emulator.inject(newer);
  const { page } = await search(`query=cats&since_id=${old[1]!.data.id}`);
  assert.deepEqual(
    page.data?.map((t) => t.id),
    newer.map((t) => t.data.id).reverse(),
  );
});

test('recent search answers {meta:{result_count:0}} when nothing matches', async () => {
  emulator.inject([tweet('dogs')]);
  const { status, json } = await search('query=cats');
  assert.equal(status, 200);
  assert.deepEqual(json, { meta: { result_count: 0 } });
});

test('recent search rejects max_results outside 10..100 with X 400 Invalid Request', async () => {
  for (const max of ['9', '101', 'ten']) {
    const { status, json } = await search(`query=cats&max_results=${max}`);
    assert.equal(status, 400);
    assert.deepEqual(json, {
      errors: [
        {
          parameters: { max_results: [max] },
          message: `The \`max_results\` query parameter value [${max}] is not between 10 and 100`,
        },
      ],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    });
  }
});

test('recent search rejects a missing or unparsable query, and a bad next_token', async () => {
  for (const query of ['max_results=10', 'query=%28cats', 'query=cats&next_token=!!']) {
    const { status, json } = await search(query);
    assert.equal(status, 400, query);
    assert.equal((json as { title: string }).title, 'Invalid Request');
  }
});

test('recent search filters data by tweet.fields and expands author_id with user.fields', async () => {
  const posted = tweet('cats', { public_metrics: { like_count: 3 } });
  emulator.inject([posted]);
  const plain = (await search('query=cats')).page;
  assert.deepEqual(plain.data, [{ id: posted.data.id, text: 'cats', edit_history_tweet_ids: [posted.data.id] }]);
  assert.equal(plain.includes, undefined);
  const full = (
    await search('query=cats&tweet.fields=public_metrics,author_id&expansions=author_id&user.fields=description')
  ).page;
  assert.deepEqual(full.data?.[0], {
    id: posted.data.id,
    text: 'cats',
    author_id: '2244994945',
    public_metrics: { like_count: 3 },
    edit_history_tweet_ids: [posted.data.id],
  });
  assert.deepEqual(full.includes, {
    users: [
      { id: '2244994945', username: 'XDevelopers', name: 'Developers', description: 'The voice of the X Dev team' },
    ],
  });
});

test('recent search sends rate-limit headers and answers 429 beyond the window budget', async () => {
  const limited = await quietEmulator({ searchLimit: 2 });
  try {
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(await http(limited.url, '/2/tweets/search/recent?query=cats', { headers: AUTH }));
    }
    assert.deepEqual(
      answers.map((a) => [a.status, a.headers['x-rate-limit-limit'], a.headers['x-rate-limit-remaining']]),
      [
        [200, '2', '1'],
        [200, '2', '0'],
        [429, '2', '0'],
      ],
    );
    const reset = Number(answers[2]!.headers['x-rate-limit-reset']);
    assert.ok(reset > Date.now() / 1000 && reset <= Date.now() / 1000 + 15 * 60 + 1);
    assert.deepEqual(answers[2]!.json, {
      title: 'Too Many Requests',
      detail: 'Too Many Requests',
      type: 'about:blank',
      status: 429,
    });
  } finally {
    await limited.close();
  }
});

test('recent search can be seeded with a recorded X page and finds its tweets with their includes', async () => {
  const recorded = JSON.parse(fixtureLines('recent-search-page-brexit.jsonl')[0]!) as Page & { data: { id: string }[] };
  const seeded = await quietEmulator({ recentSeed: [recorded] });
  try {
    const answer = await http(
      seeded.url,
      '/2/tweets/search/recent?query=%23brexit&max_results=100&expansions=author_id&tweet.fields=author_id',
      { headers: AUTH },
    );
    const page = answer.json as Page;
    assert.ok(page.meta.result_count > 0);
    const recordedIds = new Set(recorded.data.map((t) => t.id));
    for (const t of page.data ?? []) assert.ok(recordedIds.has(t.id));
    assert.ok((page.includes?.users?.length ?? 0) > 0);
  } finally {
    await seeded.close();
  }
});

test('recent search refuses a since_id older than its 7-day window with a 400 problem', async () => {
  const old = '1900000000000000000'; // a snowflake of 2025-03
  const { status, json } = await search(`query=cats&since_id=${old}`);
  assert.equal(status, 400);
  const body = json as { title: string; errors: { parameters: Record<string, string[]>; message: string }[] };
  assert.equal(body.title, 'Invalid Request');
  assert.deepEqual(body.errors[0]?.parameters, { since_id: [old] });
  assert.match(body.errors[0]!.message, /'since_id' must be a post id created on or after/);
});
