import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchKeywords, tokenize } from '../../src/index.js';

const keywords = ['music', '#music'];

test('matchKeywords matches words and hashtags case-insensitively', () => {
  assert.deepEqual(matchKeywords(tokenize('MUSIC all day'), keywords), ['music']);
  assert.deepEqual(matchKeywords(tokenize('listening #Music'), keywords), ['#music']);
  assert.deepEqual(matchKeywords(tokenize('music and #music'), keywords), ['music', '#music']);
});

test('matchKeywords does not match inside longer words or other hashtags', () => {
  assert.deepEqual(matchKeywords(tokenize('a musical night #musicals'), keywords), []);
});
