import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaSecurityFromEnv } from '@tweet-pipeline/kafka';
import { javaClientProperties } from './java-client-properties.js';
import { repoRoot } from './repo-paths.js';

/**
 * Kafka's own producer ceiling on a broker: its Java ProducerPerformance tool
 * (from the local stack's jars) with the pipeline's delivery settings
 * (idempotent, acks=all, lz4, linger 5 ms), and the same Kafka security
 * (`KAFKA_SECURITY_PROTOCOL`, `KAFKA_SASL_*`, `KAFKA_SSL_*`). Returns records per second.
 */
export function kafkaProducerCeiling(options: {
  readonly brokers: readonly string[];
  readonly topic: string;
  readonly records: number;
  readonly recordSize: number;
}): number {
  const script = process.env.TP_LOCAL_STACK ?? join(repoRoot, 'tools', 'local-stack', 'local-stack.sh');
  // The security settings (a password among them) go through a file only this user can read,
  // removed afterwards: never on the command line, where `ps` shows them.
  const dir = mkdtempSync(join(tmpdir(), 'tp-ceiling-'));
  try {
    const config = join(dir, 'producer.properties');
    const java = javaClientProperties(
      kafkaSecurityFromEnv(process.env),
      { keystorePath: join(dir, 'client.pem') },
      (f) => readFileSync(f, 'utf8'),
    );
    writeFileSync(config, java.properties, { mode: 0o600 });
    if (java.keystore !== undefined) writeFileSync(join(dir, 'client.pem'), java.keystore, { mode: 0o600 });
    return producerPerformance(script, config, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function producerPerformance(
  script: string,
  config: string,
  options: Parameters<typeof kafkaProducerCeiling>[0],
): number {
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
      '--producer.config',
      config,
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
