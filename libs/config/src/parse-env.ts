import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError } from './config-error.js';

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads `NAME` from the environment, or the trimmed content of the file named
 * by `NAME_FILE` (how Kubernetes and Docker mount secrets). Setting both is
 * refused, so a stale variable cannot silently win over a mounted secret.
 */
export function resolveFileVariables(env: Env, names: readonly string[]): Record<string, string | undefined> {
  const resolved: Record<string, string | undefined> = { ...env };
  for (const name of names) {
    const file = env[`${name}_FILE`];
    if (file === undefined || file === '') continue;
    if (env[name] !== undefined && env[name] !== '') {
      throw new ConfigError(`${name} and ${name}_FILE are both set; set only one`, [name]);
    }
    try {
      resolved[name] = readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new ConfigError(`${name}_FILE=${file} cannot be read: ${(err as Error).message}`, [name]);
    }
  }
  return resolved;
}

/**
 * Parses the environment once, at start, through a zod schema whose keys are
 * variable names. Empty strings count as unset so `FOO=` falls back to the default.
 *
 * @throws ConfigError naming every invalid variable (never echoing its value: it may be a secret).
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Env): Readonly<z.output<S>> {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const variables = [...new Set(result.error.issues.map((issue) => String(issue.path[0] ?? '(root)')))];
    const details = result.error.issues.map((issue) => `${String(issue.path[0] ?? '(root)')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${details.join('; ')}`, variables);
  }
  return deepFreeze(result.data);
}

export function deepFreeze<T>(value: T): Readonly<T> {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
