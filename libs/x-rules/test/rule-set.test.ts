import assert from 'node:assert/strict';
import { test } from 'vitest';
import { prepareTweet, RuleSet, RuleSyntaxError, type MatchableTweet } from '../src/index.js';

function keywords(rule: string, tweet: string | MatchableTweet): string[] | undefined {
  const [match] = new RuleSet([{ value: rule }]).match(
    prepareTweet(typeof tweet === 'string' ? { text: tweet } : tweet),
  );
  return match?.keywords;
}

test('RuleSet.match reports the positive keywords that made each rule match', () => {
  const cases: [rule: string, tweet: string | MatchableTweet, expected: string[] | undefined][] = [
    ['music OR #music', 'love #music', ['#music']],
    ['music OR #music', 'MUSIC and #Music', ['music', '#music']],
    ['#music OR music', 'MUSIC and #Music', ['#music', 'music']],
    ['music OR #music', 'love jazz', undefined],
    ['"New Music" OR music', 'new music friday', ['new music', 'music']],
    ['(a b) OR c', 'a c', ['c']],
    ['(a b) OR c', 'a b c', ['a', 'b', 'c']],
    ['music -boring', 'music', ['music']],
    ['music -(boring OR bad)', 'music', ['music']],
    ['music music', 'music', ['music']],
    ['@Bob #Jazz lang:en', { text: '@bob #jazz', lang: 'en' }, ['@bob', '#jazz']],
    ['from:bob', { text: 'hello', authorUsername: 'Bob' }, []],
    ['🎵 OR music', 'tunes 🎵', ['🎵']],
    ['coca-cola', 'Coca-Cola!', ['coca-cola']],
  ];
  for (const [rule, tweet, expected] of cases) {
    assert.deepEqual(keywords(rule, tweet), expected, `${rule} on ${JSON.stringify(tweet)}`);
  }
});

test('RuleSet.match returns every matching rule in order with its tag and id', () => {
  const rules = new RuleSet([
    { value: 'music OR #music', tag: 'music', id: '1' },
    { value: 'jazz', id: '2' },
    { value: '#music -is:retweet', tag: null, id: '3' },
    { value: 'concert' },
  ]);
  assert.equal(rules.size, 4);
  const matches = rules.match(prepareTweet({ text: 'Jazz is #music' }));
  assert.deepEqual(matches, [
    { rule: { value: 'music OR #music', tag: 'music', id: '1' }, keywords: ['#music'] },
    { rule: { value: 'jazz', tag: null, id: '2' }, keywords: ['jazz'] },
    { rule: { value: '#music -is:retweet', tag: null, id: '3' }, keywords: ['#music'] },
  ]);
  assert.deepEqual(rules.match(prepareTweet({ text: 'concert tonight' })), [
    { rule: { value: 'concert', tag: null }, keywords: ['concert'] },
  ]);
  assert.deepEqual(rules.match(prepareTweet({ text: 'nothing to see' })), []);
});

test('RuleSet.match hands back the same frozen rule object every time', () => {
  const rules = new RuleSet([{ value: 'music', tag: 't', id: '1' }]);
  const first = rules.match(prepareTweet({ text: 'music' }))[0]!.rule;
  const second = rules.match(prepareTweet({ text: 'more music' }))[0]!.rule;
  assert.equal(first, second);
  assert.ok(Object.isFrozen(first));
});

test('RuleSet constructor throws RuleSyntaxError naming the first invalid rule', () => {
  assert.throws(
    () => new RuleSet([{ value: 'music' }, { value: 'lang:en' }, { value: '-jazz' }]),
    (err) => err instanceof RuleSyntaxError && err.code === 'NO_STANDALONE_OPERATOR' && err.rule === 'lang:en',
  );
  assert.throws(
    () => new RuleSet([{ value: 'a'.repeat(600) }], { maxLength: 512 }),
    (err) => err instanceof RuleSyntaxError && err.code === 'RULE_TOO_LONG',
  );
});
