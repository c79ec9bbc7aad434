import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import {
  ServiceProcess,
  deleteTopics,
  serviceEntry,
  sumMetric,
  testKafka,
  testTopics,
  topicEnv,
  uniqueName,
  type StackEndpoints,
} from '@tweet-pipeline/testkit';
import type { ScenarioProgress } from './scenario-progress.js';

export interface Workload {
  readonly count: number;
  /** Offered tweets per second. */
  readonly rate: number;
  readonly seed: number;
  readonly musicRatio: number;
  readonly duplicateRatio: number;
  readonly invalidRatio: number;
  readonly startMs: number;
}

const PARTITIONS = 12;
let nextPort = 19_300;

/**
 * The three services as separate processes on their own topics, groups,
 * database and ports, fed by the producer's synthetic source — the deployed
 * code path, measured from outside through /metrics and MongoDB.
 */
export class PipelineUnderTest {
  readonly database = uniqueName('bench').replaceAll('-', '_');
  readonly topics = testTopics('bench');
  private readonly services = new Map<'producer' | 'filter' | 'sink', { process: ServiceProcess; port: number }>();
  private readonly mongo: MongoClient;
  startedAt = 0;

  constructor(private readonly stack: StackEndpoints) {
    this.mongo = new MongoClient(stack.mongoUri);
  }

  /** Consumers first (so they are assigned before data arrives), then the producer. */
  async start(workload: Workload): Promise<void> {
    await this.mongo.connect();
    this.spawn('sink', {});
    this.spawn('filter', {});
    await this.waitReady(['sink', 'filter']);
    this.startedAt = Date.now();
    this.spawn('producer', {
      PRODUCER_SPOOL_PATH: join(mkdtempSync(join(tmpdir(), 'bench-spool-')), 'spool.db'),
      SYNTHETIC_COUNT: String(workload.count),
      SYNTHETIC_RATE: String(workload.rate),
      SYNTHETIC_SEED: String(workload.seed),
      SYNTHETIC_MUSIC_RATIO: String(workload.musicRatio),
      SYNTHETIC_DUPLICATE_RATIO: String(workload.duplicateRatio),
      SYNTHETIC_INVALID_RATIO: String(workload.invalidRatio),
      SYNTHETIC_START_MS: String(workload.startMs),
    });
  }

  async metrics(name: 'producer' | 'filter' | 'sink'): Promise<string> {
    return (await this.services.get(name)?.process.metrics()) ?? '';
  }

  /**
   * Progress from the services' own counters. The sink's count of inserted
   * documents stands in for MongoDB while waiting: counting a growing
   * collection every 200 ms would load the database under test.
   */
  async counts(): Promise<{ received: number; filtered: number; passed: number; stored: number }> {
    const [p, f, k] = await Promise.all([this.metrics('producer'), this.metrics('filter'), this.metrics('sink')]);
    return {
      received: sumMetric(p, 'tweet_pipeline_producer_tweets_received_total'),
      filtered: sumMetric(f, 'tweet_pipeline_filter_messages_total'),
      passed: sumMetric(f, 'tweet_pipeline_filter_messages_total', { outcome: 'passed' }),
      stored: sumMetric(k, 'tweet_pipeline_sink_documents_total', { result: 'inserted' }),
    };
  }

  /** Documents in MongoDB: the figure reported, read once the run is over. */
  stored(): Promise<number> {
    return this.mongo.db(this.database).collection('tweets').countDocuments();
  }

  /** Waits (on the sink's counter) until `count` documents were inserted, reporting how many were. */
  async untilInserted(count: number, timeoutMs: number, progress?: ScenarioProgress, phase?: string): Promise<void> {
    await this.until(
      async () => {
        const { stored } = await this.counts();
        progress?.(stored, count, phase);
        return stored >= count;
      },
      timeoutMs,
      `${count} documents inserted`,
    );
  }

  /** Resolves when `check` holds, polling every 200 ms; rejects after `timeoutMs`. */
  async until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`benchmark: ${what} did not happen within ${timeoutMs / 1000} s`);
      for (const [name, { process }] of this.services) {
        if (!process.running) throw new Error(`benchmark: ${name} exited; see ${process.spec.logFile}`);
      }
      await sleep(200);
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map(({ process }) => process.stop()));
    await this.mongo
      .db(this.database)
      .dropDatabase()
      .catch(() => undefined);
    await this.mongo.close();
    await deleteTopics(testKafka(this.stack.brokers), Object.values(this.topics));
  }

  private spawn(name: 'producer' | 'filter' | 'sink', env: Record<string, string>): void {
    const port = nextPort++;
    const upper = name.toUpperCase();
    const process_ = new ServiceProcess({
      name,
      entry: serviceEntry(name),
      port,
      logFile: join(tmpdir(), `${uniqueName(`bench-${name}`)}.log`),
      env: {
        ...process.env,
        ...topicEnv(this.topics, PARTITIONS),
        KAFKA_BROKERS: this.stack.brokers.join(','),
        MONGODB_URI: this.stack.mongoUri,
        MONGODB_DATABASE: this.database,
        FILTER_GROUP_ID: `${this.database}-filter`,
        FILTER_INSTANCE_ID: `${this.database}-filter-0`,
        SINK_GROUP_ID: `${this.database}-sink`,
        [`${upper}_PORT`]: String(port),
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
    this.services.set(name, { process: process_, port });
  }

  private async waitReady(names: readonly ('producer' | 'filter' | 'sink')[]): Promise<void> {
    await this.until(
      async () => {
        const states = await Promise.all(
          names.map((name) =>
            fetch(`http://127.0.0.1:${this.services.get(name)!.port}/readyz`).then(
              (r) => r.ok,
              () => false,
            ),
          ),
        );
        return states.every(Boolean);
      },
      120_000,
      `${names.join(', ')} ready`,
    );
  }
}
