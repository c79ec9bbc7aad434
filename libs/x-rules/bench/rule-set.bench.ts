// Throughput of prepareTweet + RuleSet.match, the filter's per-tweet cost.
// Not part of the test run: `npx tsc -b libs/x-rules && node libs/x-rules/dist/bench/rule-set.bench.js`
import { performance } from 'node:perf_hooks';
import { prepareTweet, RuleSet, type MatchableTweet, type RuleDefinition } from '../src/index.js';

const TWEETS = 200_000;
const ROUNDS = 3;

const DEFAULT_RULES: RuleDefinition[] = [{ value: 'music OR #music', tag: 'music' }];
const TEN_RULES: RuleDefinition[] = [
  { value: 'music OR #music' },
  { value: '"new music" -is:retweet' },
  { value: '(jazz OR blues) lang:en' },
  { value: '#concert @spotify' },
  { value: 'from:musicbot OR from:radio1' },
  { value: 'guitar -(cheap OR sale)' },
  { value: '🎵 OR 🎶' },
  { value: '(festival OR tour) (2025 OR 2026) -is:reply' },
  { value: '"coca-cola" has:links' },
  { value: 'piano (lang:en OR lang:de) -has:mentions' },
];

const WORDS = (
  'the a to of and in is it you that for on with this was are be at so but not have just like ' +
  'day time love good new today people now know great think really want going back still ' +
  'jazz blues guitar piano festival tour concert cheap sale coffee café über weekend 2025 2026'
).split(' ');
const EXTRAS = [
  '#music',
  '#concert',
  '@spotify',
  '@bob',
  '🎵',
  'https://t.co/Ab12Cd',
  'Coca-Cola',
  'MUSIC!',
  '“quoted”',
];

/** Deterministic LCG so every run measures the same tweets. */
function tweets(count: number): MatchableTweet[] {
  let seed = 42;
  const next = (n: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed % n;
  };
  const out: MatchableTweet[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const length = 8 + next(20);
    for (let w = 0; w < length; w++)
      parts.push(next(10) === 0 ? EXTRAS[next(EXTRAS.length)]! : WORDS[next(WORDS.length)]!);
    out.push({
      text: (next(20) === 0 ? 'RT @someone: ' : '') + parts.join(' '),
      lang: next(4) === 0 ? 'de' : 'en',
      authorUsername: next(50) === 0 ? 'musicbot' : `user${next(1000)}`,
      referencedTweetTypes: next(10) === 0 ? ['replied_to'] : [],
    });
  }
  return out;
}

function run(label: string, rules: RuleDefinition[], input: readonly MatchableTweet[]): void {
  const set = new RuleSet(rules);
  let best = Infinity;
  let matched = 0;
  for (let round = 0; round < ROUNDS; round++) {
    matched = 0;
    const start = performance.now();
    for (const tweet of input) if (set.match(prepareTweet(tweet)).length > 0) matched++;
    best = Math.min(best, performance.now() - start);
  }
  const perSecond = Math.round((input.length / best) * 1000);
  process.stdout.write(
    `${label.padEnd(28)} ${perSecond.toLocaleString('en-US').padStart(11)} tweets/s` +
      `  (${input.length.toLocaleString('en-US')} tweets in ${best.toFixed(0)} ms, ${matched} matched)\n`,
  );
}

const input = tweets(TWEETS);
// Warm the JIT so the first figure is not penalised.
run('warm-up', TEN_RULES, input.slice(0, 20_000));
run('prepareTweet only', [{ value: 'zzzz' }], input);
run('default rule (1 rule)', DEFAULT_RULES, input);
run('10-rule set', TEN_RULES, input);
