import { setTimeout as sleep } from 'node:timers/promises';
import type { TwitterApi } from 'twitter-api-v2';
import type { Logger } from '@tweet-pipeline/observability';
import { validateRule } from '@tweet-pipeline/x-rules';
import { XAccessError, type XBlock } from './filtered-stream-source.js';
import { classifyConnectError, DEFAULT_CREDITS_BACKOFF_MS, reconnectDelayMs } from './reconnect-policy.js';

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

/** X's pay-per-use limits on filtered-stream rules (Enterprise: 25,000+ rules of 2,048 characters). */
export const X_MAX_RULES = 1_000;
export const X_MAX_RULE_LENGTH = 1_024;

export interface RuleLimits {
  readonly maxRules?: number;
  readonly maxRuleLength?: number;
}

/**
 * Checks rules before anything is sent to X: how many, how long, and their
 * syntax (libs/x-rules, the grammar the emulator enforces too). Returns the
 * problems in X's words ("value: title (detail)"), empty when all are valid.
 */
export function checkStreamRules(rules: readonly StreamRule[], limits: RuleLimits = {}): string[] {
  const maxRules = limits.maxRules ?? X_MAX_RULES;
  const maxLength = limits.maxRuleLength ?? X_MAX_RULE_LENGTH;
  const problems: string[] = [];
  if (rules.length > maxRules) {
    problems.push(`RulesCapExceeded (${rules.length} rules; at most ${maxRules} are allowed for this access level)`);
  }
  for (const rule of rules) {
    const syntax = validateRule(rule.value, { maxLength });
    if (syntax !== undefined) problems.push(`${rule.value.slice(0, 80)}: UnprocessableEntity (${syntax.message})`);
  }
  return problems;
}

export interface SyncOptions extends RuleLimits {
  /**
   * Tag prefix of the rules this deployment owns (X_RULE_TAG_PREFIX): only
   * rules whose tag starts with it are ever deleted, and every rule added
   * carries it, so another deployment on the same X app keeps its rules.
   * Empty: every rule of the app is this deployment's.
   */
  readonly tagPrefix?: string;
}

/** The tag a configured rule is sent with: the ownership prefix, then its own tag. */
export function ownedTag(tag: string | null | undefined, prefix: string): string | null {
  if (prefix === '') return tag ?? null;
  return `${prefix}${tag ?? ''}`;
}

/**
 * Makes the rules this deployment owns equal the configured ones. The rules
 * are checked first (count, length, syntax), then the additions with X's
 * `dry_run`; then the new rules are added BEFORE the stale ones are deleted,
 * so a failed add never leaves the stream with fewer rules. Only a rule whose
 * value stays and tag changes is deleted first (X refuses a duplicate value):
 * for a moment, its posts are not delivered. Rule changes apply to an open
 * stream without reconnecting.
 *
 * @throws InvalidStreamRulesError when a rule is invalid or X refuses one (nothing was changed).
 */
export async function syncStreamRules(
  client: TwitterApi,
  desired: readonly StreamRule[],
  log: Logger,
  options: SyncOptions = {},
): Promise<RulesDiff> {
  const invalid = checkStreamRules(desired, options);
  if (invalid.length > 0) throw new InvalidStreamRulesError(invalid);
  const prefix = options.tagPrefix ?? '';
  const current = await client.v2.streamRules();
  const owned = (current.data ?? [])
    .map((r) => ({ id: r.id, value: r.value, tag: r.tag ?? null }))
    .filter((r) => prefix === '' || (r.tag ?? '').startsWith(prefix));
  const diff = diffRules(
    owned,
    desired.map((r) => ({ value: r.value, tag: ownedTag(r.tag, prefix) })),
  );
  const toAdd = (rules: readonly StreamRule[]) =>
    rules.map((r) => ({ value: r.value, ...(r.tag ? { tag: r.tag } : {}) }));
  const ownedValues = new Set(owned.map((r) => r.value));
  const fresh = toAdd(diff.add.filter((r) => !ownedValues.has(r.value)));
  const retagged = toAdd(diff.add.filter((r) => ownedValues.has(r.value)));
  if (fresh.length > 0) {
    const dryRun = await client.v2.updateStreamRules({ add: fresh }, { dry_run: true }).catch((err: unknown) => {
      throw invalidRulesFrom(err) ?? err;
    });
    const errors = dryRun.errors ?? [];
    // The same value held by a rule this deployment does not own (another deployment, or this one
    // before X_RULE_TAG_PREFIX): X refuses a duplicate value, and that rule already delivers the
    // posts, so it is kept as it is rather than stopping the source.
    const duplicates = new Set(errors.filter((e) => e.title === 'DuplicateRule').map((e) => String(e.value ?? '')));
    const problems = errors
      .filter((e) => e.title !== 'DuplicateRule')
      .map((e) => `${String(e.value ?? '')}: ${e.title}${e.detail ? ` (${e.detail})` : ''}`);
    if (problems.length > 0) throw new InvalidStreamRulesError(problems);
    if (duplicates.size > 0) {
      log.warn(
        { values: [...duplicates], tagPrefix: prefix },
        'rules with these values exist under a tag this deployment does not own; kept as they are, not added again',
      );
    }
    const adding = fresh.filter((r) => !duplicates.has(r.value));
    if (adding.length > 0) await client.v2.updateStreamRules({ add: adding });
  }
  if (diff.deleteIds.length > 0) await client.v2.updateStreamRules({ delete: { ids: diff.deleteIds } });
  if (retagged.length > 0) await client.v2.updateStreamRules({ add: retagged });
  log.info(
    {
      added: diff.add.map((r) => r.value),
      deleted: diff.deleteIds.length,
      kept: (current.data ?? []).length - owned.length,
    },
    'stream rules in sync',
  );
  return diff;
}

/** A malformed request (rather than a rule X refuses, which comes back in `errors[]` with HTTP 200) is an HTTP 400. */
function invalidRulesFrom(err: unknown): InvalidStreamRulesError | undefined {
  const response = err as { code?: unknown; data?: { detail?: string; errors?: { message?: string }[] } };
  if (response.code !== 400) return undefined;
  const messages = (response.data?.errors ?? []).map((e) => e.message ?? '').filter((m) => m !== '');
  return new InvalidStreamRulesError(messages.length > 0 ? messages : [response.data?.detail ?? 'invalid request']);
}

export interface RulesAtStartOptions extends SyncOptions {
  readonly creditsBackoffMs?: number;
  readonly onBlocked?: (block: XBlock | undefined) => void;
  /** Scheduling seam for tests; the chosen delays are pushed to `delays`. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly delays?: number[];
}

/**
 * `syncStreamRules` at start, retried on X's schedule while the failure is
 * transient (network, 429, 5xx, credits): only what no retry can fix stops
 * the source — the credentials (401/403) and a rule X refuses.
 *
 * @throws XAccessError on 401/403, InvalidStreamRulesError when X refuses a rule;
 *   resolves undefined when `signal` aborts first.
 */
export async function syncStreamRulesAtStart(
  client: TwitterApi,
  desired: () => readonly StreamRule[],
  log: Logger,
  signal: AbortSignal,
  options: RulesAtStartOptions = {},
): Promise<RulesDiff | undefined> {
  const failures = new Map<string, number>();
  while (!signal.aborted) {
    // Outside the retry: an unreadable rules file is a configuration error, not X's.
    const rules = desired();
    try {
      const diff = await syncStreamRules(client, rules, log, options);
      options.onBlocked?.(undefined);
      return diff;
    } catch (err) {
      if (err instanceof InvalidStreamRulesError) throw err;
      const kind = classifyConnectError(err);
      if (kind === 'auth') throw new XAccessError((err as { code: number }).code, 'while syncing stream rules');
      if (kind === 'credits_exhausted') options.onBlocked?.(kind);
      const attempt = (failures.get(kind) ?? 0) + 1;
      failures.set(kind, attempt);
      const ms = reconnectDelayMs(kind, attempt, options.creditsBackoffMs ?? DEFAULT_CREDITS_BACKOFF_MS);
      options.delays?.push(ms);
      log.warn(
        { reason: kind, status: (err as { code?: unknown }).code, retryInMs: ms },
        "syncing the stream rules failed for a transient reason; retrying on X's schedule",
      );
      const wait = options.sleep ?? ((delay: number, s: AbortSignal) => sleep(delay, undefined, { signal: s }));
      await wait(ms, signal).catch(() => undefined);
    }
  }
  return undefined;
}
