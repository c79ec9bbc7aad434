import assert from 'node:assert/strict';
import { test } from 'vitest';
import { tokenize } from '../../src/index.js';

test('tokenize keeps hashtags, mentions, URLs and emoji whole and lower-cases words', () => {
  assert.deepEqual(tokenize('New #Music from @DJ_Kat 🎵 https://t.co/AbC123 tonight!'), [
    'new',
    '#music',
    'from',
    '@dj_kat',
    '🎵',
    'https://t.co/AbC123',
    'tonight',
  ]);
});

test('tokenize keeps skin-tone, ZWJ and flag emoji sequences as one token', () => {
  assert.deepEqual(tokenize('yes 👍🏽 👩‍🎤 🇫🇷'), ['yes', '👍🏽', '👩‍🎤', '🇫🇷']);
});

test('tokenize drops stop words only when asked', () => {
  assert.deepEqual(tokenize('the music of the night'), ['the', 'music', 'of', 'the', 'night']);
  assert.deepEqual(tokenize('the music of the night', { removeStopwords: true }), ['music', 'night']);
});
