import { execFileSync } from 'node:child_process';

/**
 * The path of a Prometheus binary (`prometheus`, `promtool`), or an error that
 * says how to get it: Debian's `prometheus` package ships both.
 */
export function requireBinary(name: 'prometheus' | 'promtool'): string {
  try {
    return execFileSync('which', [name], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      `${name} not found on PATH: install Debian's \`prometheus\` package (apt-get install prometheus), ` +
        'which ships /usr/bin/prometheus and /usr/bin/promtool',
    );
  }
}
