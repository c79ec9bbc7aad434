import type { ITopicConfig } from './client.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PipelineTopicOptions {
  readonly names: { readonly raw: string; readonly clean: string; readonly dedupeState: string; readonly dlq: string };
  /** Partitions of every pipeline topic; raw and dedupe-state are co-partitioned and must be equal. */
  readonly partitions: number;
  readonly replicationFactor: number;
  /** How long the filter remembers an id: the retention of the compacted dedupe-state topic. */
  readonly dedupeWindowMs: number;
  readonly dataRetentionMs?: number;
}

export interface PipelineTopicSpecs {
  readonly raw: ITopicConfig;
  readonly clean: ITopicConfig;
  readonly dedupeState: ITopicConfig;
  readonly dlq: ITopicConfig;
}

/** Topic configs fixed by architecture.md, in one place; each service ensures the ones it touches. */
export function pipelineTopicSpecs(options: PipelineTopicOptions): PipelineTopicSpecs {
  const { names, partitions, replicationFactor } = options;
  const minIsr = { name: 'min.insync.replicas', value: String(Math.min(2, replicationFactor)) };
  const retention = { name: 'retention.ms', value: String(options.dataRetentionMs ?? 7 * DAY_MS) };
  const data = (topic: string): ITopicConfig => ({
    topic,
    numPartitions: partitions,
    replicationFactor,
    configEntries: [minIsr, retention],
  });
  return {
    raw: data(names.raw),
    clean: data(names.clean),
    dlq: data(names.dlq),
    dedupeState: {
      topic: names.dedupeState,
      numPartitions: partitions,
      replicationFactor,
      configEntries: [
        { name: 'cleanup.policy', value: 'compact,delete' },
        { name: 'retention.ms', value: String(options.dedupeWindowMs) },
        minIsr,
      ],
    },
  };
}
