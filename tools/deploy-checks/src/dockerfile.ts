import type { ImageTarget } from './images.js';

/** Where the one Dockerfile recipe lives; the per-image Dockerfiles are rendered from it. */
export const ServiceDockerfileTemplate = 'ops/docker/service.Dockerfile';

function replaceLine(lines: string[], from: string, to: string, all = false): void {
  let found = false;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === from && (all || !found)) {
      lines[i] = to;
      found = true;
    }
  }
  if (!found) throw new Error(`${ServiceDockerfileTemplate} no longer has the line ${JSON.stringify(from)}`);
}

/**
 * The Dockerfile of one image: the template with its build arguments given defaults, and the
 * working directory and CMD spelled out (`node <workspace>/dist/src/main.js` from /app), so a
 * plain `docker build -f services/<name>/Dockerfile .` needs no --build-arg.
 *
 * @throws Error when the template lost a line this relies on.
 */
export function renderDockerfile(template: string, target: ImageTarget): string {
  const lines = template.split('\n');
  const headerEnd = lines.findIndex((line, i) => i > 0 && !line.startsWith('#'));
  const header = [
    lines[0] ?? '# syntax=docker/dockerfile:1',
    `# Image tweet-pipeline/${target.name}: runs ${target.workspace}. Build from the repository root:`,
    `#   docker build -f ${target.dockerfile} -t tweet-pipeline/${target.name} .`,
    `# GENERATED from ${ServiceDockerfileTemplate} by \`npm run render -w tools/deploy-checks\`:`,
    '# edit that file and render again; tools/deploy-checks/test/dockerfile.test.ts fails on drift.',
  ];
  const body = lines.slice(headerEnd);
  replaceLine(body, 'ARG WORKSPACE', `ARG WORKSPACE=${target.workspace}`, true);
  replaceLine(body, 'ARG PORT', `ARG PORT=${target.port}`);
  replaceLine(body, 'ARG HEALTH_PATH=/healthz', `ARG HEALTH_PATH=${target.healthPath}`);
  const env = Object.entries(target.env).map(([key, value]) => `ENV ${key}=${value}`);
  replaceLine(body, '# per-image settings', env.length > 0 ? ['# per-image settings', ...env].join('\n') : '');
  replaceLine(body, 'WORKDIR /app/${WORKSPACE}', 'WORKDIR /app');
  replaceLine(body, 'CMD ["node", "dist/src/main.js"]', `CMD ["node", "${target.workspace}/dist/src/main.js"]`);
  return [...header, ...body].join('\n').replace(/\n{3,}/g, '\n\n');
}

/** One instruction of a Dockerfile, continuation lines joined. */
export interface DockerInstruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

/** Splits a Dockerfile into instructions (comments and blank lines dropped, `\` continuations joined). */
export function parseDockerfile(text: string): DockerInstruction[] {
  const instructions: DockerInstruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (pending !== '' && line.startsWith('#')) return;
    if (pending === '') start = index + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      return;
    }
    const full = `${pending}${line}`.trim();
    pending = '';
    const match = /^(\S+)\s*(.*)$/s.exec(full);
    if (match !== null) instructions.push({ keyword: match[1]!.toUpperCase(), args: match[2]!, line: start });
  });
  return instructions;
}

/** The JSON array of an exec-form instruction (`CMD ["node", "x.js"]`), or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.trimStart().startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}
