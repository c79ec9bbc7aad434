import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './repo-paths.js';

/**
 * Kafka's own producer ceiling on a broker: its Java ProducerPerformance tool
 * (from the local stack's jars) with the pipeline's delivery settings
 * (idempotent, acks=all, lz4, linger 5 ms). Returns records per second.
 */
export function kafkaProducerCeiling(options: {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly records: number;
  readonly recordSize: number;
}): number {
  const script = process.env.TP_LOCAL_STACK ?? join(repoRoot, 'tools', 'local-stack', 'local-stack.sh');
  const output = execFileSync(
    'bash',
    [
      script,
      'kafka-run',
      'org.apache.kafka.tools.ProducerPerformance',
      '--topic',
      options.topic,
      '--num-records',
      String(options.records),
      '--record-size',
      String(options.recordSize),
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${options.brokers.join(',')}`,
      'acks=all',
      'enable.idempotence=true',
      'linger.ms=5',
      'compression.type=lz4',
    ],
    { encoding: 'utf8', env: { ...process.env, KAFKA_HEAP_OPTS: '-Xmx512m' } },
  );
  const rate = Number(/([\d.]+) records\/sec/.exec(output.trim().split('\n').at(-1) ?? '')?.[1]);
  if (!Number.isFinite(rate)) throw new Error(`ProducerPerformance printed no rate:\n${output}`);
  return rate;
}
