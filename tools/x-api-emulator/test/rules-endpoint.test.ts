import assert from 'node:assert/strict';
import { afterAll, afterEach, beforeAll, test } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { AUTH, http, quietEmulator } from './helpers.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await quietEmulator({ maxRules: 5 });
});
afterEach(() => emulator.reset());
afterAll(() => emulator.close());

const RULES = '/2/tweets/search/stream/rules';
const post = (body: unknown, query = '') => http(emulator.url, RULES + query, { headers: AUTH, body });
type RulesAnswer = {
  data?: { id: string; value: string; tag?: string }[];
  meta: { sent: string; result_count?: number; summary?: Record<string, number> };
  errors?: Record<string, unknown>[];
};

test('rules GET omits data when there is no rule, as X does', async () => {
  const answer = await http(emulator.url, RULES, { headers: AUTH });
  assert.equal(answer.status, 200);
  const body = answer.json as RulesAnswer;
  assert.deepEqual(Object.keys(body), ['meta']);
  assert.equal(body.meta.result_count, 0);
  assert.ok(!Number.isNaN(Date.parse(body.meta.sent)));
});

test('rules add creates rules with 19-digit string ids and answers 201 with X summary', async () => {
  const answer = await post({ add: [{ value: 'cat -is:retweet', tag: 'cats, no retweets' }, { value: '#music' }] });
  assert.equal(answer.status, 201);
  const body = answer.json as RulesAnswer;
  assert.equal(body.data?.length, 2);
  for (const rule of body.data ?? []) assert.match(rule.id, /^[0-9]{19}$/);
  assert.ok(BigInt(body.data![0]!.id) > 2n ** 53n);
  assert.deepEqual(
    body.data?.map(({ value, tag }) => ({ value, tag })),
    [
      { value: 'cat -is:retweet', tag: 'cats, no retweets' },
      { value: '#music', tag: undefined },
    ],
  );
  assert.ok(!('tag' in body.data![1]!), 'an untagged rule has no tag key');
  assert.deepEqual(body.meta.summary, { created: 2, not_created: 0, valid: 2, invalid: 0 });
  const listed = (await http(emulator.url, RULES, { headers: AUTH })).json as RulesAnswer;
  assert.deepEqual(listed.data, body.data);
  assert.equal(listed.meta.result_count, 2);
  assert.deepEqual(emulator.rules(), body.data);
});

test('rules add reports a duplicate with the existing id and still creates the others', async () => {
  const existing = ((await post({ add: [{ value: 'from:XDevelopers' }] })).json as RulesAnswer).data?.[0];
  const answer = await post({ add: [{ value: 'from:XDevelopers', tag: 'again' }, { value: 'dogs' }] });
  assert.equal(answer.status, 201);
  const body = answer.json as RulesAnswer;
  assert.deepEqual(body.errors, [
    {
      value: 'from:XDevelopers',
      id: existing!.id,
      title: 'DuplicateRule',
      type: 'https://api.twitter.com/2/problems/duplicate-rules',
    },
  ]);
  assert.deepEqual(
    body.data?.map((r) => r.value),
    ['dogs'],
  );
  assert.deepEqual(body.meta.summary, { created: 1, not_created: 1, valid: 1, invalid: 1 });
});

test('rules add of an unparsable rule answers 200 UnprocessableEntity and creates nothing of the request', async () => {
  const answer = await post({ add: [{ value: 'cats' }, { value: '(dogs OR cats' }] });
  assert.equal(answer.status, 200);
  const body = answer.json as RulesAnswer;
  assert.equal(body.data, undefined);
  assert.deepEqual(body.meta.summary, { created: 0, not_created: 2, valid: 1, invalid: 1 });
  const [error] = body.errors ?? [];
  assert.equal(error?.['value'], '(dogs OR cats');
  assert.equal(error?.['title'], 'UnprocessableEntity');
  assert.equal(error?.['type'], 'https://api.twitter.com/2/problems/invalid-rules');
  assert.match(String((error?.['details'] as string[])[0]), /\(at position 1\)$/);
  assert.deepEqual(emulator.rules(), []);
});

test('rules add rejects a rule longer than 1024 characters', async () => {
  const body = (await post({ add: [{ value: 'cat '.repeat(300) }] })).json as RulesAnswer;
  assert.equal(body.errors?.[0]?.['title'], 'UnprocessableEntity');
  assert.deepEqual(emulator.rules(), []);
});

test('rules dry_run validates and reports as a real add would, changing nothing', async () => {
  const answer = await post({ add: [{ value: 'cats', tag: 't' }] }, '?dry_run=true');
  assert.equal(answer.status, 200);
  const body = answer.json as RulesAnswer;
  assert.deepEqual(body.meta.summary, { created: 1, not_created: 0, valid: 1, invalid: 0 });
  assert.equal(body.data?.[0]?.value, 'cats');
  assert.deepEqual(emulator.rules(), []);
  await post({ add: [{ value: 'dogs' }] });
  const deleted = (await post({ delete: { values: ['dogs'] } }, '?dry_run=true')).json as RulesAnswer;
  assert.deepEqual(deleted.meta.summary, { deleted: 1, not_deleted: 0 });
  assert.equal(emulator.rules().length, 1);
});

test('rules delete by ids and by values; an unknown id is reported as X reports it', async () => {
  const created = ((await post({ add: [{ value: 'a1' }, { value: 'b2' }, { value: 'c3' }] })).json as RulesAnswer)
    .data!;
  const byIds = await post({ delete: { ids: [created[0]!.id, '1234567890123456789'] } });
  assert.equal(byIds.status, 200);
  const body = byIds.json as RulesAnswer;
  assert.deepEqual(body.meta.summary, { deleted: 1, not_deleted: 1 });
  assert.deepEqual(body.errors, [
    {
      errors: [{ parameters: { ids: ['1234567890123456789'] }, message: 'Rule does not exist' }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: 'https://api.twitter.com/2/problems/invalid-request',
    },
  ]);
  const byValues = (await post({ delete: { values: ['b2'] } })).json as RulesAnswer;
  assert.deepEqual(byValues.meta.summary, { deleted: 1, not_deleted: 0 });
  assert.equal(byValues.errors, undefined);
  assert.deepEqual(
    emulator.rules().map((r) => r.value),
    ['c3'],
  );
});

test('rules delete_all=true removes every rule', async () => {
  await post({ add: [{ value: 'a1' }, { value: 'b2' }] });
  const answer = await http(emulator.url, `${RULES}?delete_all=true`, { headers: AUTH, method: 'POST' });
  assert.deepEqual((answer.json as RulesAnswer).meta.summary, { deleted: 2, not_deleted: 0 });
  assert.deepEqual(emulator.rules(), []);
});

test('rules GET ids= lists only those rules', async () => {
  const created = ((await post({ add: [{ value: 'a1' }, { value: 'b2' }] })).json as RulesAnswer).data!;
  const listed = (await http(emulator.url, `${RULES}?ids=${created[1]!.id}`, { headers: AUTH })).json as RulesAnswer;
  assert.deepEqual(listed.data, [created[1]]);
});

test('rules POST with a body that is not an UpdateRulesRequest gets X 400 Invalid Request', async () => {
  for (const body of [
    '{not json',
    {},
    { add: [] },
    { add: [{ tag: 'x' }] },
    { add: [{ value: 'a' }], delete: { ids: ['1'] } },
    { delete: { ids: ['x'] } },
  ]) {
    const answer = await post(body);
    assert.equal(answer.status, 400, JSON.stringify(body));
    const problem = answer.json as Record<string, unknown>;
    assert.equal(problem['title'], 'Invalid Request');
    assert.equal(problem['type'], 'https://api.twitter.com/2/problems/invalid-request');
    assert.ok(Array.isArray(problem['errors']) && problem['errors'].length > 0);
  }
});

test('rules add beyond the rule cap is refused whole with RulesCapExceeded', async () => {
  await post({ add: [1, 2, 3, 4].map((n) => ({ value: `word${n}` })) });
  const answer = await post({ add: [{ value: 'word5' }, { value: 'word6' }] });
  assert.equal(answer.status, 403);
  const problem = answer.json as Record<string, unknown>;
  assert.equal(problem['title'], 'RulesCapExceeded');
  assert.equal(problem['type'], 'https://api.twitter.com/2/problems/rule-cap');
  assert.equal(emulator.rules().length, 4);
});

test('rules endpoints carry X rate-limit headers', async () => {
  const answer = await http(emulator.url, RULES, { headers: AUTH });
  assert.equal(answer.headers['x-rate-limit-limit'], '450');
  assert.match(String(answer.headers['x-rate-limit-remaining']), /^[0-9]+$/);
  assert.ok(Number(answer.headers['x-rate-limit-reset']) > Date.now() / 1000);
});
