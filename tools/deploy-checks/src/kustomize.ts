import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as rendered by kustomize (plain JSON data). */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly [key: string]: unknown;
}

/** The deployable environments: k8s/overlays/<name>. */
export const Overlays = ['dev', 'qa', 'prod'] as const;
export type Overlay = (typeof Overlays)[number];

/** Parses a multi-document YAML stream, failing on the first syntax error. */
export function parseManifests(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${source}: ${doc.errors[0]!.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return [];
    const object = value as Partial<K8sObject>;
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string' || !object.metadata?.name) {
      throw new Error(`${source}: a document without apiVersion, kind or metadata.name`);
    }
    return [object as K8sObject];
  });
}

/**
 * `kubectl kustomize <dir>` (kubectl's built-in kustomize, default load restrictions), parsed.
 *
 * @throws Error with kustomize's message when the build fails.
 */
export function kustomizeBuild(root: string, dir: string): K8sObject[] {
  const output = execFileSync('kubectl', ['kustomize', join(root, dir)], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseManifests(output, dir);
}
