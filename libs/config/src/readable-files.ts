import { accessSync, constants } from 'node:fs';

/**
 * In a schema's `superRefine`: reports each of `names` that is set but is not a file this process
 * can read (certificates, keys, CA bundles), naming the variable and the path, never a secret.
 */
export function reportUnreadableFiles<K extends string>(
  values: Partial<Record<K, string | undefined>>,
  names: readonly K[],
  issue: (name: K, message: string) => void,
): void {
  for (const name of names) {
    const file = values[name];
    if (file === undefined) continue;
    try {
      accessSync(file, constants.R_OK);
    } catch {
      issue(name, `${file} is not a readable file`);
    }
  }
}
