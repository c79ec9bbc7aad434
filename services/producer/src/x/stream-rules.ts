import type { TwitterApi } from 'twitter-api-v2';
import type { Logger } from '@tweet-pipeline/observability';

export interface StreamRule {
  readonly value: string;
  readonly tag?: string | null;
}

export interface RulesDiff {
  readonly add: StreamRule[];
  readonly deleteIds: string[];
}

/** What to add and delete so the stream's rules become exactly `desired` (same value and tag). Pure. */
export function diffRules(
  current: readonly (StreamRule & { id: string })[],
  desired: readonly StreamRule[],
): RulesDiff {
  const keyOf = (r: StreamRule): string => `${r.value}\u0000${r.tag ?? ''}`;
  const wanted = new Set(desired.map(keyOf));
  const present = new Set(current.map(keyOf));
  return {
    add: desired.filter((r) => !present.has(keyOf(r))),
    deleteIds: current.filter((r) => !wanted.has(keyOf(r))).map((r) => r.id),
  };
}

/** The stream's rules are invalid: the producer refuses to start and says which rule and why. */
export class InvalidStreamRulesError extends Error {
  readonly code = 'INVALID_STREAM_RULES';
  readonly retriable = false;
  constructor(readonly problems: readonly string[]) {
    super(`X rejected the configured stream rules: ${problems.join('; ')}`);
    this.name = 'InvalidStreamRulesError';
  }
}

/**
 * Makes the filtered stream's rules equal the configured ones: validates the
 * additions with `dry_run` first, then deletes the stale rules and adds the
 * missing ones. Rule changes apply to an open stream without reconnecting.
 * X has no atomic replace: between the delete and the add of a rule whose
 * tag changed, for a moment, matching tweets are not delivered.
 *
 * @throws InvalidStreamRulesError when X refuses a rule (nothing was changed).
 */
export async function syncStreamRules(
  client: TwitterApi,
  desired: readonly StreamRule[],
  log: Logger,
): Promise<RulesDiff> {
  const current = await client.v2.streamRules();
  const diff = diffRules(
    (current.data ?? []).map((r) => ({ id: r.id, value: r.value, tag: r.tag ?? null })),
    desired,
  );
  const asAdd = diff.add.map((r) => ({ value: r.value, ...(r.tag ? { tag: r.tag } : {}) }));
  if (asAdd.length > 0) {
    const dryRun = await client.v2.updateStreamRules({ add: asAdd }, { dry_run: true }).catch((err: unknown) => {
      throw invalidRulesFrom(err) ?? err;
    });
    const problems = (dryRun.errors ?? []).map(
      (e) => `${String(e.value ?? '')}: ${e.title}${e.detail ? ` (${e.detail})` : ''}`,
    );
    if (problems.length > 0) throw new InvalidStreamRulesError(problems);
  }
  if (diff.deleteIds.length > 0) await client.v2.updateStreamRules({ delete: { ids: diff.deleteIds } });
  if (asAdd.length > 0) await client.v2.updateStreamRules({ add: asAdd });
  log.info({ added: diff.add.map((r) => r.value), deleted: diff.deleteIds.length }, 'stream rules in sync');
  return diff;
}

/** A malformed request (rather than a rule X refuses, which comes back in `errors[]` with HTTP 200) is an HTTP 400. */
function invalidRulesFrom(err: unknown): InvalidStreamRulesError | undefined {
  const response = err as { code?: unknown; data?: { detail?: string; errors?: { message?: string }[] } };
  if (response.code !== 400) return undefined;
  const messages = (response.data?.errors ?? []).map((e) => e.message ?? '').filter((m) => m !== '');
  return new InvalidStreamRulesError(messages.length > 0 ? messages : [response.data?.detail ?? 'invalid request']);
}
