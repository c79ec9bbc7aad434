import { fileURLToPath } from 'node:url';

/** The repository root; this module runs from tools/deploy-checks/dist/src. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
