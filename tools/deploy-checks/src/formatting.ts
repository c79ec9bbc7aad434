import { join } from 'node:path';
import { format, getFileInfo, resolveConfig } from 'prettier';

/**
 * Formats a generated file the way `prettier --write` would (the repository's config, its
 * ignore file), so the lint step never rewrites generated output and the drift check stays exact.
 * Files prettier does not handle are returned unchanged.
 */
export async function formatLikeRepo(root: string, path: string, content: string): Promise<string> {
  const file = join(root, path);
  const info = await getFileInfo(file, { ignorePath: join(root, '.prettierignore') });
  if (info.ignored || info.inferredParser === null) return content;
  const options = (await resolveConfig(file)) ?? {};
  return format(content, { ...options, filepath: file });
}
