import { SyntheticTweets, type SyntheticOptions } from '@tweet-pipeline/synthetic';

/** What a trial's source offered and which tweet ids must end up stored, each exactly once. */
export interface ExpectedIds {
  /** Records the source offered (tweets, repeats of earlier tweets, malformed records). */
  readonly sent: number;
  /** Distinct ids of the music tweets among them: what MongoDB must hold, nothing more. */
  readonly ids: ReadonlySet<string>;
}

/**
 * The first `count` records of the synthetic workload the producer's synthetic
 * source emits for these options (same seed and start time → same records),
 * judged by the generator's own `music` flag, not by the filter's rule.
 */
export function syntheticExpected(options: SyntheticOptions, count: number): ExpectedIds {
  const tweets = new SyntheticTweets(options);
  const ids = new Set<string>();
  for (let i = 0; i < count; i++) {
    const record = tweets.next();
    if (record.kind !== 'invalid' && record.music) ids.add(record.key);
  }
  return { sent: count, ids };
}

/**
 * Whether a tweet's text is about music the way the rule `music OR #music`
 * means it: the word `music` or the hashtag `#music`, in any case, standing
 * alone (not inside a longer word such as `musical`). Written independently
 * of the filter so the drill does not grade the filter with its own code.
 */
export function isMusicText(text: string): boolean {
  return /(?<![\p{L}\p{N}_])#?music(?![\p{L}\p{N}_])/iu.test(text);
}

/**
 * The tweet lines an X stream sent (the emulator's `sent()`: each line written
 * whole to the socket), as the expected ids: the distinct ids of those whose
 * text is about music. Lines that do not parse or carry no string id are
 * counted in `sent` and otherwise ignored (X sent them; nothing can store them).
 */
export function streamExpected(lines: readonly string[]): ExpectedIds & { readonly unreadable: number } {
  const ids = new Set<string>();
  let unreadable = 0;
  for (const line of lines) {
    let data: { id?: unknown; text?: unknown } | undefined;
    try {
      data = (JSON.parse(line) as { data?: { id?: unknown; text?: unknown } }).data;
    } catch {
      data = undefined;
    }
    if (data === undefined || typeof data.id !== 'string' || typeof data.text !== 'string') {
      unreadable++;
      continue;
    }
    if (isMusicText(data.text)) ids.add(data.id);
  }
  return { sent: lines.length, ids, unreadable };
}
