import { Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process, injected wherever a metric is defined; includes Node's process metrics. */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
