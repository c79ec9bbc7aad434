import assert from 'node:assert/strict';
import { test } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseJsonLossless, rawStreamMessageSchema } from '../src/index.js';

// Read directly: importing the testkit from here would make contracts depend on its dependents.
const fixtureLines = (name: string): string[] =>
  readFileSync(new URL(`../../testkit/fixtures/x-api-v2/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0);

test('rawStreamMessageSchema accepts every recorded stream tweet and keeps rule ids exact', () => {
  const lines = fixtureLines('filtered-stream-2021-04-01.jsonl');
  const tweets = lines.map((line) => parseJsonLossless(line) as Record<string, unknown>).filter((m) => 'data' in m);
  assert.equal(tweets.length, 8);
  for (const json of tweets) {
    const parsed = rawStreamMessageSchema.parse(json);
    assert.match(parsed.data.id, /^\d{19}$/);
    for (const rule of parsed.matching_rules ?? []) assert.match(rule.id, /^\d{19}$/);
  }
  const first = rawStreamMessageSchema.parse(tweets[0]);
  const rawRuleId = /"matching_rules": \[\{"id": (\d+)/.exec(lines[0]!)?.[1];
  assert.equal(first.matching_rules?.[0]?.id, rawRuleId);
});

test('rawStreamMessageSchema rejects the in-stream disconnect payload and numeric tweet ids', () => {
  const disconnect = fixtureLines('filtered-stream-2021-04-01.jsonl')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((m) => 'errors' in m);
  assert.ok(disconnect);
  assert.equal(rawStreamMessageSchema.safeParse(disconnect).success, false);
  const numericId = parseJsonLossless('{"data": {"id": 1377650090978992134, "text": "x"}}');
  assert.equal(rawStreamMessageSchema.safeParse(numericId).success, false);
});
