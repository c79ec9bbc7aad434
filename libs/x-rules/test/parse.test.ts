import assert from 'node:assert/strict';
import { test } from 'vitest';
import { formatRule, parseRule, RuleSyntaxError, validateRule, type RuleSyntaxErrorCode } from '../src/index.js';

test('parseRule applies AND before OR and keeps explicit groups', () => {
  const cases: [rule: string, grouped: string][] = [
    ['a b OR c d', '(a b) OR (c d)'],
    ['apple OR iphone ipad', 'apple OR (iphone ipad)'],
    ['ipad iphone OR android', '(ipad iphone) OR android'],
    ['a b OR c', '(a b) OR c'],
    ['a (b OR c)', 'a (b OR c)'],
    ['(a OR b) (c OR d)', '(a OR b) (c OR d)'],
    ['(a b) c', 'a b c'],
    ['a OR (b OR c)', 'a OR b OR c'],
    ['a OR(b)', 'a OR b'],
    ['-(a OR b) c', '-(a OR b) c'],
    ['skiing -(snow OR day) -noschool', 'skiing -(snow OR day) -noschool'],
    ['cats or dogs', 'cats or dogs'],
  ];
  for (const [rule, grouped] of cases) assert.equal(formatRule(parseRule(rule)), grouped, rule);
});

test('parseRule lower-cases values and normalises phrases and operators', () => {
  const cases: [rule: string, normalised: string][] = [
    ['MUSIC #Music @XDevelopers', 'music #music @xdevelopers'],
    ['Music -"Boring   Stuff"', 'music -"boring stuff"'],
    ['"say \\"hi\\" \\\\o/"', '"say \\"hi\\" \\\\o/"'],
    ['from:XDevelopers LANG:EN is:Retweet has:Links', 'from:xdevelopers lang:en is:retweet has:links'],
    ['covid-19 10:30 🎵 café', 'covid-19 10:30 🎵 café'],
    ['music lang:zh-TW', 'music lang:zh-tw'],
  ];
  for (const [rule, normalised] of cases) assert.equal(formatRule(parseRule(rule)), normalised, rule);
});

test('parseRule builds nodes with 1-based positions', () => {
  assert.deepEqual(parseRule('music -is:retweet'), {
    kind: 'and',
    position: 1,
    operands: [
      { kind: 'keyword', value: 'music', position: 1 },
      { kind: 'not', position: 7, operand: { kind: 'is', value: 'retweet', position: 8 } },
    ],
  });
  assert.deepEqual(parseRule('"say \\"hi\\""'), { kind: 'phrase', value: 'say "hi"', position: 1 });
});

test('formatRule output parses back to the same grouping', () => {
  for (const rule of [
    'a b OR c (d OR -e) -"f g"',
    '(#x OR @y) from:z -(is:reply OR has:links) lang:en',
    '"a \\" b" 🎵',
  ]) {
    const once = formatRule(parseRule(rule));
    assert.equal(formatRule(parseRule(once)), once, rule);
  }
});

test('parseRule rejects invalid rules with a stable code and position', () => {
  const cases: [rule: string, code: RuleSyntaxErrorCode, position?: number][] = [
    ['', 'EMPTY_RULE'],
    ['   \t ', 'EMPTY_RULE'],
    ['a'.repeat(1025), 'RULE_TOO_LONG'],
    ['(a OR b', 'UNBALANCED_PARENTHESES', 1],
    ['a (b', 'UNBALANCED_PARENTHESES', 3],
    ['a (', 'UNBALANCED_PARENTHESES', 3],
    ['((a) b', 'UNBALANCED_PARENTHESES', 1],
    ['a OR b)', 'UNBALANCED_PARENTHESES', 7],
    [') a', 'UNBALANCED_PARENTHESES', 1],
    ['"new music', 'UNBALANCED_QUOTES', 1],
    ['a "b" "c', 'UNBALANCED_QUOTES', 7],
    ['"a \\"', 'UNBALANCED_QUOTES', 1],
    ['()', 'EMPTY_GROUP', 1],
    ['a ( ) b', 'EMPTY_GROUP', 3],
    ['OR a', 'MISPLACED_OR', 1],
    ['a OR', 'MISPLACED_OR', 3],
    ['a OR OR b', 'MISPLACED_OR', 3],
    ['(a OR) b', 'MISPLACED_OR', 4],
    ['a (OR b)', 'MISPLACED_OR', 4],
    ['a -', 'MISPLACED_NEGATION', 3],
    ['a - b', 'MISPLACED_NEGATION', 3],
    ['(a -)', 'MISPLACED_NEGATION', 4],
    ['a -OR b', 'MISPLACED_NEGATION', 3],
    ['a AND b', 'AMBIGUOUS_AND', 3],
    ['a and b', 'AMBIGUOUS_AND', 3],
    ['-a', 'ONLY_NEGATIONS', 1],
    ['-a -"b c"', 'ONLY_NEGATIONS', 1],
    ['-(a OR b)', 'ONLY_NEGATIONS', 1],
    ['-(-a)', 'ONLY_NEGATIONS', 1],
    ['a OR -b', 'ONLY_NEGATIONS', 6],
    ['lang:en', 'NO_STANDALONE_OPERATOR', 1],
    ['is:retweet', 'NO_STANDALONE_OPERATOR', 1],
    ['has:links OR is:retweet', 'NO_STANDALONE_OPERATOR', 1],
    ['-music lang:en', 'NO_STANDALONE_OPERATOR', 8],
    ['music OR lang:en', 'NO_STANDALONE_OPERATOR', 10],
    ['foo:bar', 'UNKNOWN_OPERATOR', 1],
    ['music since:2020-01-01', 'UNKNOWN_OPERATOR', 7],
    ['music is:polls', 'UNKNOWN_OPERATOR', 7],
    ['music has:polls', 'UNKNOWN_OPERATOR', 7],
    ['https://example.com', 'UNKNOWN_OPERATOR', 1],
    ['to:XDevelopers', 'UNSUPPORTED_OPERATOR', 1],
    ['music place_country:US', 'UNSUPPORTED_OPERATOR', 7],
    ['url:"https://x.com"', 'UNSUPPORTED_OPERATOR', 1],
    ['music has:media', 'UNSUPPORTED_OPERATOR', 7],
    ['music -is:nullcast', 'UNSUPPORTED_OPERATOR', 8],
    ['$twtr', 'UNSUPPORTED_OPERATOR', 1],
    ['"social media"~5', 'UNSUPPORTED_OPERATOR', 15],
    ['#', 'INVALID_OPERAND', 1],
    ['music @', 'INVALID_OPERAND', 7],
    ['#covid-19', 'INVALID_OPERAND', 1],
    ['from: music', 'INVALID_OPERAND', 1],
    ['music lang:english', 'INVALID_OPERAND', 7],
    ['music ""', 'INVALID_OPERAND', 7],
  ];
  for (const [rule, code, position] of cases) {
    assert.throws(
      () => parseRule(rule),
      (err) => err instanceof RuleSyntaxError && err.code === code && err.position === position,
      `${rule.slice(0, 40)} → ${code} at ${position}: got ${validateRule(rule)?.code} at ${validateRule(rule)?.position}`,
    );
  }
});

test('parseRule accepts a lowercase or, a standalone operand in every OR branch, and lang: beside one', () => {
  for (const rule of [
    'cats or dogs',
    'music -is:retweet',
    '-is:retweet has:links (from:a OR from:b)',
    '(music OR #music) lang:en -is:retweet',
    'music (lang:en OR lang:fr)',
    'music (#jazz OR -is:reply)',
    '"X data" has:mentions (has:hashtags OR has:links)',
  ]) {
    assert.equal(validateRule(rule), undefined, rule);
  }
});

test('parseRule counts the length limit in code points and honours maxLength', () => {
  assert.equal(validateRule('a'.repeat(1024)), undefined);
  assert.equal(validateRule('🎵'.repeat(1024)), undefined);
  assert.equal(validateRule('🎵'.repeat(1025))?.code, 'RULE_TOO_LONG');
  assert.equal(validateRule('a'.repeat(513), { maxLength: 512 })?.code, 'RULE_TOO_LONG');
});

test('RuleSyntaxError carries code, detail, rule and an X-style message', () => {
  const err = validateRule('music OR -jazz');
  assert.ok(err instanceof RuleSyntaxError);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'RuleSyntaxError');
  assert.equal(err.code, 'ONLY_NEGATIONS');
  assert.equal(err.detail, 'Rules must contain a non-negation term');
  assert.equal(err.message, 'Rules must contain a non-negation term (at position 10)');
  assert.equal(err.rule, 'music OR -jazz');
  assert.equal(err.retriable, false);
  assert.equal(validateRule('')?.message, 'Rule must not be empty');
  assert.equal(validateRule('music foo:bar')?.message, "Reference to invalid operator 'foo' (at position 7)");
});
