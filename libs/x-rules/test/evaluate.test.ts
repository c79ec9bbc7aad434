import assert from 'node:assert/strict';
import { test } from 'vitest';
import { compileRule } from '../src/evaluate.js';
import { parseRule, prepareTweet, type MatchableTweet } from '../src/index.js';

type Case = readonly [rule: string, tweet: string | MatchableTweet, matches: boolean];

function check(cases: readonly Case[]): void {
  for (const [rule, tweet, expected] of cases) {
    const prepared = prepareTweet(typeof tweet === 'string' ? { text: tweet } : tweet);
    assert.equal(compileRule(parseRule(rule)).test(prepared), expected, `${rule} on ${JSON.stringify(tweet)}`);
  }
}

test('compileRule matches keywords as whole words, case-insensitively', () => {
  check([
    ['music', 'New MUSIC!', true],
    ['MUSIC', 'new music', true],
    ['music', 'a musical evening', false],
    ['music', 'love #music', false],
    ['music', 'ask @music', false],
    ['music', 'see https://example.com/music', false],
    ['or', 'this or that', true],
    ["don't", 'Don’t stop', true],
    ['dont', "don't stop", false],
    ['music', "music's charm", false],
    ['coca-cola', 'I like Coca Cola', true],
    ['coca-cola', 'cola, then coca', false],
    ['2024', 'best of 2024!', true],
  ]);
});

test('compileRule matches quoted phrases as consecutive tokens', () => {
  check([
    ['"new music"', 'Brand NEW music friday', true],
    ['"new music"', 'new, music!', true],
    ['"new music"', 'new and music', false],
    ['"new music"', 'music new', false],
    ['"new music"', 'new #music', false],
    ['"love #music"', 'I love #Music', true],
    ['"music"', 'new music', true],
    ['new music', 'music is new', true],
    ['"c++"', 'I write C++ daily', true],
    ['"c++"', 'I write C daily', false],
    ['"coca-cola"', 'Coca-Cola!', true],
    ['"coca-cola"', 'coca cola', false],
  ]);
});

test('compileRule matches hashtags and mentions from entities or text, exactly', () => {
  check([
    ['#music', 'love #Music', true],
    ['#music', 'love music', false],
    ['#music', 'love #musical', false],
    ['#music', 'a#music', false],
    ['#music', { text: 'no tags here', hashtags: ['Music'] }, true],
    ['#music', { text: 'stale #music', hashtags: [] }, false],
    ['#café', 'au #Café', true],
    ['@xdevelopers', 'hi @XDevelopers!', true],
    ['@xdevelopers', 'mail me@xdevelopers.com', false],
    ['@xdevelopers', 'xdevelopers rocks', false],
    ['@bob', { text: 'hi', mentions: ['Bob'] }, true],
  ]);
});

test('compileRule evaluates lang, is, from and has operators', () => {
  check([
    ['music lang:en', { text: 'music', lang: 'EN' }, true],
    ['music lang:en', { text: 'music', lang: 'es' }, false],
    ['music lang:en', { text: 'music', lang: null }, false],
    ['music lang:zh-tw', { text: 'music', lang: 'zh-TW' }, true],
    ['music -is:retweet', 'music', true],
    ['music -is:retweet', 'RT @bob: music', false],
    ['music -is:retweet', { text: 'music', referencedTweetTypes: ['retweeted'] }, false],
    ['music is:reply', { text: 'music', referencedTweetTypes: ['replied_to'] }, true],
    ['music is:reply', 'music', false],
    ['music is:quote', { text: 'music', referencedTweetTypes: ['quoted'] }, true],
    ['from:XDevelopers', { text: 'hi', authorUsername: 'xdevelopers' }, true],
    ['from:XDevelopers', { text: 'hi', authorUsername: 'someone' }, false],
    ['from:XDevelopers', 'hi', false],
    ['from:2244994945', { text: 'hi', authorId: '2244994945' }, true],
    ['music has:links', 'music https://t.co/abc', true],
    ['music has:links', { text: 'music', hasLinks: true }, true],
    ['music has:links', 'music', false],
    ['music has:hashtags', 'music #x', true],
    ['music has:hashtags', 'music', false],
    ['music has:mentions', 'music @x', true],
    ['music -has:mentions', 'music @x', false],
  ]);
});

test('compileRule applies AND before OR, negation, and negated groups', () => {
  check([
    ['a b OR c', 'c', true],
    ['a b OR c', 'a', false],
    ['a b OR c', 'b a', true],
    ['a (b OR c)', 'c', false],
    ['a (b OR c)', 'a c', true],
    ['cat -grumpy', 'cat', true],
    ['cat -grumpy', 'grumpy cat', false],
    ['music -(boring OR bad)', 'music', true],
    ['music -(boring OR bad)', 'bad music', false],
    ['music -(boring bad)', 'boring music', true],
    ['music -(boring bad)', 'boring bad music', false],
    ['music -"boring stuff"', 'music boring stuff', false],
    ['music -"boring stuff"', 'music stuff boring', true],
    ['(music OR #music) lang:en -is:retweet', { text: '#music', lang: 'en' }, true],
    ['(music OR #music) lang:en -is:retweet', { text: 'RT @a: #music', lang: 'en' }, false],
  ]);
});

test('compileRule keeps diacritics and folds Unicode case and composition', () => {
  check([
    ['café', 'Café au lait', true],
    ['café', 'cafe au lait', false],
    ['cafe', 'café', false],
    ['café', 'cafe\u0301 au lait', true],
    ['müller', 'MÜLLER', true],
    ['straße', 'STRASSE', false],
  ]);
});

test('compileRule matches emoji and symbol-only terms as substrings', () => {
  check([
    ['🎵', 'new song🎵🎵', true],
    ['🎵', 'new song', false],
    ['❤️', 'I ❤ it', true],
    ['❤', 'I ❤️ it', true],
    ['👍', 'nice 👍🏽', true],
    ['!!!', 'great!!!!', true],
    ['"😂 :)"', 'lol 😂 :)', true],
    ['(😃 OR 😡) 😬', '😡😬', true],
    ['"i ❤️ music"', 'I ❤ music', true],
    ['"i ❤️ music"', 'I music', false],
  ]);
});

test('compileRule treats an unspaced CJK run as one word (CJK segmentation is out of scope)', () => {
  check([
    ['音楽', '音楽 最高', true],
    ['音楽', '新しい音楽', false],
  ]);
});
