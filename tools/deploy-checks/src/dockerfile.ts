import { posix } from 'node:path';

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

/** `$NAME`, `${NAME}`, `${NAME:-default}` and `${NAME:+alternative}` as the builder substitutes them. */
export function expandVariables(value: string, vars: ReadonlyMap<string, string>): string {
  return value.replace(
    /\$\{(\w+)(?::?([-+])([^}]*))?\}|\$(\w+)/g,
    (_m, braced?: string, op?: string, word?: string, bare?: string) => {
      const current = vars.get((braced ?? bare)!);
      if (op === '-') return current === undefined || current === '' ? (word ?? '') : current;
      if (op === '+') return current === undefined || current === '' ? '' : (word ?? '');
      return current ?? '';
    },
  );
}

/** `KEY=value KEY2=value2` (or the legacy `KEY value`) of an ENV or LABEL instruction. */
export function keyValuePairs(args: string): [string, string][] {
  const tokens = args.trim().split(/\s+/);
  if (tokens.length > 0 && !tokens[0]!.includes('=')) return [[tokens[0]!, tokens.slice(1).join(' ')]];
  return tokens.map((token) => {
    const [key = '', value = ''] = token.split(/=(.*)/s);
    return [key, value.replace(/^"(.*)"$/s, '$1')];
  });
}

/** One stage of a Dockerfile. */
export interface DockerStage {
  /** The image it starts from, `${ARG}` resolved with the build arguments and the global ARG defaults. */
  readonly base: string;
  readonly name: string | undefined;
  readonly instructions: DockerInstruction[];
}

/** A declared `ARG NAME[=default]`. */
function argDeclaration(args: string): [string, string | undefined] {
  const [name = '', value] = args.trim().split(/=(.*)/s);
  return [name, value];
}

/** The global ARGs (declared before the first FROM) with their values for these build arguments. */
function globalArgs(instructions: DockerInstruction[], buildArgs: Readonly<Record<string, string>>) {
  const globals = new Map<string, string>();
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') break;
    if (instruction.keyword !== 'ARG') continue;
    const [name, fallback] = argDeclaration(instruction.args);
    globals.set(name, buildArgs[name] ?? fallback ?? '');
  }
  return globals;
}

/** The stages of a Dockerfile, in order. */
export function dockerStages(text: string, buildArgs: Readonly<Record<string, string>> = {}): DockerStage[] {
  const instructions = parseDockerfile(text);
  const globals = globalArgs(instructions, buildArgs);
  const stages: DockerStage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image = '', , name] = instruction.args.split(/\s+/);
      stages.push({ base: expandVariables(image, globals), name, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

/** Every build argument a Dockerfile declares (global or in a stage). */
export function declaredArgs(text: string): Set<string> {
  return new Set(
    parseDockerfile(text)
      .filter((i) => i.keyword === 'ARG')
      .map((i) => argDeclaration(i.args)[0]),
  );
}

/** What the final stage of a Dockerfile gives its container, for one set of build arguments. */
export interface ImageConfig {
  /** ENV of the final stage (not the base image's), variables substituted. */
  readonly env: Readonly<Record<string, string>>;
  /** The working directory the CMD runs in. */
  readonly workdir: string;
  readonly user: string | undefined;
  /** EXPOSEd ports, protocol suffix dropped. */
  readonly exposed: string[];
  /** The exec-form CMD, or undefined for a shell form or none. */
  readonly cmd: string[] | undefined;
  /** The arguments of the last HEALTHCHECK, or undefined. */
  readonly healthcheck: string | undefined;
}

/**
 * The configuration the image built from `text` with `buildArgs` has, as `docker build` resolves
 * it: a stage's ARGs take the build argument, else their default, else the global default.
 */
export function imageConfig(text: string, buildArgs: Readonly<Record<string, string>>): ImageConfig {
  const globals = globalArgs(parseDockerfile(text), buildArgs);
  const runtime = dockerStages(text, buildArgs).at(-1);
  const vars = new Map<string, string>();
  const env: Record<string, string> = {};
  let workdir = '/';
  let user: string | undefined;
  const exposed: string[] = [];
  let cmd: string[] | undefined;
  let healthcheck: string | undefined;
  for (const { keyword, args } of runtime?.instructions ?? []) {
    if (keyword === 'ARG') {
      const [name, fallback] = argDeclaration(args);
      if (!(name in env)) vars.set(name, buildArgs[name] ?? fallback ?? globals.get(name) ?? '');
    } else if (keyword === 'ENV') {
      for (const [key, value] of keyValuePairs(args)) {
        env[key] = expandVariables(value, vars);
        vars.set(key, env[key]);
      }
    } else if (keyword === 'WORKDIR') {
      workdir = posix.resolve(workdir, expandVariables(args.trim(), vars));
    } else if (keyword === 'USER') {
      user = expandVariables(args.trim(), vars);
    } else if (keyword === 'EXPOSE') {
      exposed.push(
        ...expandVariables(args, vars)
          .trim()
          .split(/\s+/)
          .map((port) => port.replace(/\/(tcp|udp)$/, '')),
      );
    } else if (keyword === 'CMD') {
      cmd = execForm(args);
    } else if (keyword === 'HEALTHCHECK') {
      healthcheck = args;
    }
  }
  return { env, workdir, user, exposed, cmd, healthcheck };
}
