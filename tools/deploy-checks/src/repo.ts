/** The repository root. */
export { repoRoot } from '@tweet-pipeline/testkit';
