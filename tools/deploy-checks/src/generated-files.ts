import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { K8sDashboardsDir, renderDashboardFiles } from './grafana-dashboards.js';
import { formatLikeRepo } from './formatting.js';
import { AlertRulesFile, PrometheusRuleFile, renderPrometheusRule } from './prometheus-rule.js';

/** A file whose content is derived from another file of the repository. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/**
 * Every generated deployment file with the content it must have (formatted as prettier would):
 * the PrometheusRule and the dashboards' ConfigMaps. A source that does not exist yet generates
 * nothing. (Images have no generated files: each is built from ops/docker/service.Dockerfile with
 * its build arguments, src/images.ts.)
 */
export async function expectedGeneratedFiles(root: string): Promise<GeneratedFile[]> {
  const files: GeneratedFile[] = [];
  if (existsSync(join(root, AlertRulesFile))) {
    files.push({
      path: PrometheusRuleFile,
      content: renderPrometheusRule(readFileSync(join(root, AlertRulesFile), 'utf8')),
    });
  }
  files.push(...renderDashboardFiles(root));
  return Promise.all(
    files.map(async (file) => ({ ...file, content: await formatLikeRepo(root, file.path, file.content) })),
  );
}

/** Generated files that are missing or differ, and stale ones left in the dashboards directory. */
export async function staleGeneratedFiles(root: string): Promise<string[]> {
  const expected = await expectedGeneratedFiles(root);
  const stale = expected
    .filter((file) => {
      const path = join(root, file.path);
      return !existsSync(path) || readFileSync(path, 'utf8') !== file.content;
    })
    .map((file) => file.path);
  const dashboards = join(root, K8sDashboardsDir);
  if (existsSync(dashboards)) {
    const wanted = new Set(expected.map((file) => file.path));
    for (const entry of readdirSync(dashboards)) {
      const path = join(K8sDashboardsDir, entry);
      if (!wanted.has(path)) stale.push(path);
    }
  }
  return stale;
}

/** Writes every generated file and removes stale dashboard copies; returns what changed. */
export async function writeGeneratedFiles(root: string): Promise<string[]> {
  const changed = await staleGeneratedFiles(root);
  const expected = new Map((await expectedGeneratedFiles(root)).map((file) => [file.path, file.content]));
  for (const path of changed) {
    const content = expected.get(path);
    if (content === undefined) {
      rmSync(join(root, path), { force: true });
    } else {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
  }
  return changed;
}
